package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.kafka.KafkaSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.kgrca.controlplane.config.ControlPlaneDefinitions.*;

/**
 * The control plane's configuration, from environment variables read through {@link ControlPlaneDefinitions} (the
 * README's table is generated from them). Every invalid value stops the start with a message naming its variable.
 *
 * @param kafka             {@code KAFKA_BROKERS} and security settings, also passed on to workers
 * @param heartbeatTimeout  {@code HEARTBEAT_TIMEOUT}: no sign of life for this long makes a tenant stale
 * @param cleanupTimeout    {@code CLEANUP_TIMEOUT}: no sign of life for this long makes it dead (workers removed)
 * @param reconcileInterval {@code RECONCILE_INTERVAL}: the periodic resync
 * @param startupGrace      {@code STARTUP_GRACE}: after a start, every tenant counts as seen at the start time
 * @param images            image per worker kind
 * @param network           {@code DOCKER_NETWORK}
 * @param neo4j             {@code NEO4J_URI}, {@code NEO4J_USER}, {@code NEO4J_PASSWORD}, {@code NEO4J_DATABASE}: always
 *                          given to graph-builders (read with the graph-builder's definitions, so defaults agree)
 * @param limits            {@code WORKER_MEMORY_LIMIT}, {@code WORKER_CPU_LIMIT}
 * @param restart           crash-loop policy
 * @param spawnRatePerSecond {@code SPAWN_RATE_PER_SECOND}
 * @param spawnBurst        {@code SPAWN_BURST}
 * @param workerPortBase    first port of {@code WORKER_PORT_RANGE}
 * @param workerPortCount   size of {@code WORKER_PORT_RANGE}
 * @param workerBindAddress {@code WORKER_BIND_ADDRESS}: where workers serve their health and metrics
 * @param httpBindAddress   {@code HTTP_BIND_ADDRESS} of the status API
 * @param httpPort          {@code HTTP_PORT} of the status API and metrics
 * @param provisionTopics   {@code PROVISION_TOPICS}
 * @param replicationFactor {@code TOPIC_REPLICATION_FACTOR}
 * @param stopGrace         {@code WORKER_STOP_GRACE}
 * @param reconcileThreads  {@code RECONCILE_THREADS}
 * @param processes         {@code WORKER_RUNTIME=process} settings, or null for Docker
 * @param name              {@code CONTROL_PLANE_NAME}: the value of the {@code io.kgrca.managed-by} label of the
 *                          workers, so that control planes (or test runs) sharing one engine never touch each
 *                          other's workers
 * @param admission         {@code ADMISSION}, {@code MAX_TENANTS}, {@code DEAD_TENANT_RETENTION} and the reply settings
 * @param api               the API's authentication and listeners ({@code API_*})
 * @param isolation         how workers are confined and receive their secrets ({@code WORKER_SECRETS_DIR}, ...)
 * @param workerKafka       the Kafka settings the workers get: the control plane's, except the SASL user and
 *                          password when {@code WORKER_KAFKA_SASL_USERNAME} / {@code WORKER_KAFKA_SASL_PASSWORD} name
 *                          the workers' own principal
 * @param workerSettings    the worker settings passed from this environment to the workers, validated with the
 *                          workers' own definitions ({@link WorkerPassThrough})
 * @param placement         {@code DEFAULT_PLACEMENT}, {@code PLACEMENT_LEAD}, {@code PLACEMENT_OVERLAP} and the
 *                          promotion policy ({@link PlacementSettings})
 */
public record ControlPlaneConfig(KafkaSettings kafka, Duration heartbeatTimeout, Duration cleanupTimeout,
                                 Duration reconcileInterval, Duration startupGrace, WorkerImages images,
                                 String network, Map<String, String> neo4j, WorkerLimits limits,
                                 RestartPolicy restart, double spawnRatePerSecond, int spawnBurst,
                                 int workerPortBase, int workerPortCount, String workerBindAddress,
                                 String httpBindAddress, int httpPort, boolean provisionTopics,
                                 short replicationFactor, Duration stopGrace, int reconcileThreads,
                                 ProcessRuntime processes, String name, Admission admission, ApiConfig api,
                                 WorkerIsolation isolation, KafkaSettings workerKafka,
                                 WorkerPassThrough workerSettings, PlacementSettings placement) {

    /** Reads and validates the configuration, through {@link ControlPlaneDefinitions}. */
    public static ControlPlaneConfig fromEnv(Env env) {
        Duration heartbeat = HEARTBEAT_TIMEOUT.read(env);
        Duration cleanup = CLEANUP_TIMEOUT.read(env);
        String httpBind = HTTP_BIND_ADDRESS.read(env);
        String workerBind = WORKER_BIND_ADDRESS.read(env);
        int[] ports = WORKER_PORT_RANGE.read(env);
        return new ControlPlaneConfig(
                KAFKA.read(env),
                heartbeat, cleanup,
                RECONCILE_INTERVAL.read(env),
                STARTUP_GRACE.read(env),
                new WorkerImages(EVENT_NORMALIZER_IMAGE.read(env), LOG_NORMALIZER_IMAGE.read(env),
                        GRAPH_BUILDER_IMAGE.read(env)),
                DOCKER_NETWORK.read(env),
                Map.of("NEO4J_URI", NEO4J_URI.read(env), "NEO4J_USER", NEO4J_USER.read(env),
                        "NEO4J_PASSWORD", NEO4J_PASSWORD.read(env), "NEO4J_DATABASE", NEO4J_DATABASE.read(env)),
                new WorkerLimits(WORKER_MEMORY_LIMIT.read(env), WORKER_CPU_LIMIT.read(env)),
                new RestartPolicy(RESTART_BACKOFF_INITIAL.read(env), RESTART_BACKOFF_MAX.read(env),
                        MAX_RESTARTS.read(env), RESTART_WINDOW.read(env), STABLE_AFTER.read(env)),
                SPAWN_RATE_PER_SECOND.read(env),
                SPAWN_BURST.read(env),
                ports[0], ports[1] - ports[0] + 1,
                workerBind,
                httpBind,
                HTTP_PORT.read(env),
                PROVISION_TOPICS.read(env),
                TOPIC_REPLICATION_FACTOR.read(env).shortValue(),
                WORKER_STOP_GRACE.read(env),
                RECONCILE_THREADS.read(env),
                processRuntime(env),
                CONTROL_PLANE_NAME.read(env),
                admission(env), ApiConfig.fromEnv(env), WorkerIsolation.fromEnv(env), workerKafka(env),
                WorkerPassThrough.fromEnv(env), PlacementSettings.fromEnv(env));
    }

    /** This configuration with the operator token loaded (from {@link ApiConfig#tokenFile()}). */
    public ControlPlaneConfig withOperatorToken(ApiToken token) {
        return new ControlPlaneConfig(kafka, heartbeatTimeout, cleanupTimeout, reconcileInterval, startupGrace, images,
                network, neo4j, limits, restart, spawnRatePerSecond, spawnBurst, workerPortBase, workerPortCount,
                workerBindAddress, httpBindAddress, httpPort, provisionTopics, replicationFactor, stopGrace,
                reconcileThreads, processes, name, admission, api.withToken(token), isolation, workerKafka,
                workerSettings, placement);
    }

    /**
     * The workers' Kafka settings: the control plane's, with {@code WORKER_KAFKA_SASL_USERNAME} and
     * {@code WORKER_KAFKA_SASL_PASSWORD} (both or neither) in place of its own SASL user, so that the workers run as
     * their own principal (ACLs for workers only) rather than as the control plane's.
     */
    static KafkaSettings workerKafka(Env env) {
        var user = Optional.ofNullable(WORKER_KAFKA_SASL_USERNAME.read(env));
        var password = Optional.ofNullable(WORKER_KAFKA_SASL_PASSWORD.read(env));
        if (user.isPresent() != password.isPresent()) {
            throw new InvalidConfigurationException(user.isPresent() ? "WORKER_KAFKA_SASL_PASSWORD"
                    : "WORKER_KAFKA_SASL_USERNAME", "the workers' SASL user and password are set together");
        }
        Map<String, String> values = new HashMap<>();
        for (String name : KafkaSettings.VARIABLES) {
            env.optional(name).ifPresent(v -> values.put(name, v));
        }
        user.ifPresent(u -> values.put("KAFKA_SASL_USERNAME", u));
        password.ifPresent(p -> values.put("KAFKA_SASL_PASSWORD", p));
        return KAFKA.read(new Env(values));
    }

    private static Admission admission(Env env) {
        boolean open = ADMISSION.read(env);
        Duration retention = DEAD_TENANT_RETENTION.read(env);
        return new Admission(open, MAX_TENANTS.read(env), retention);
    }

    private static ProcessRuntime processRuntime(Env env) {
        if (WORKER_RUNTIME.read(env).equals("docker")) {
            return null;
        }
        return new ProcessRuntime(Path.of(WORKER_STATE_DIR.read(env)), EVENT_NORMALIZER_COMMAND.read(env),
                LOG_NORMALIZER_COMMAND.read(env), GRAPH_BUILDER_COMMAND.read(env));
    }

    /**
     * Workers as child processes instead of containers.
     *
     * @param stateDir        {@code WORKER_STATE_DIR}: where the workers' identities and logs are kept
     * @param eventNormalizer {@code EVENT_NORMALIZER_COMMAND}: the command line of an event normalizer
     * @param logNormalizer   {@code LOG_NORMALIZER_COMMAND}
     * @param graphBuilder    {@code GRAPH_BUILDER_COMMAND}
     */
    public record ProcessRuntime(Path stateDir, String eventNormalizer, String logNormalizer,
                                 String graphBuilder) {
    }

    /**
     * The image of each worker kind.
     *
     * @param eventNormalizer {@code EVENT_NORMALIZER_IMAGE}
     * @param logNormalizer   {@code LOG_NORMALIZER_IMAGE}
     * @param graphBuilder    {@code GRAPH_BUILDER_IMAGE}
     */
    public record WorkerImages(String eventNormalizer, String logNormalizer, String graphBuilder) {
    }

    /**
     * Limits applied to every worker container.
     *
     * @param memoryBytes memory limit
     * @param cpus        CPU limit in cores
     */
    public record WorkerLimits(long memoryBytes, double cpus) {
    }

    /**
     * Crash-loop handling.
     *
     * @param initialBackoff first wait before a respawn
     * @param maxBackoff     the cap of the wait
     * @param maxRestarts    restarts allowed within {@code window} before the worker is FAILED
     * @param window         the window in which restarts are counted
     * @param stableAfter    a worker that ran this long has its restart count reset
     */
    public record RestartPolicy(Duration initialBackoff, Duration maxBackoff, int maxRestarts, Duration window,
                                Duration stableAfter) {
    }

    /**
     * Who may run workers, and how long dead tenants are remembered.
     *
     * @param open                {@code ADMISSION=open}: any valid id is admitted (local mode, tests); the default
     *                            {@code provisioned} admits only ids the operator provisioned on
     *                            {@code cluster.tenants}
     * @param maxTenants          {@code MAX_TENANTS}: registered tenants beyond this are refused
     * @param deadTenantRetention {@code DEAD_TENANT_RETENTION}: how long a dead tenant stays in the store (and the
     *                            status API) after its cleanup completed; zero forgets it at once
     */
    public record Admission(boolean open, int maxTenants, Duration deadTenantRetention) {
    }
}
