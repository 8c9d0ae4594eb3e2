package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.config.WorkerDefinitions;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.BindAddress;
import io.kgrca.common.image.KgImage;
import io.kgrca.common.kafka.KafkaSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The control plane's configuration, from environment variables (the README has the table). Every invalid value
 * stops the start with a message naming its variable.
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
                                 WorkerPassThrough workerSettings) {

    /** Reads and validates the configuration. */
    public static ControlPlaneConfig fromEnv(Env env) {
        Duration heartbeat = env.duration("HEARTBEAT_TIMEOUT", Duration.ofMinutes(2));
        Duration cleanup = env.duration("CLEANUP_TIMEOUT", Duration.ofMinutes(5));
        if (cleanup.compareTo(heartbeat) < 0) {
            throw new InvalidConfigurationException("CLEANUP_TIMEOUT", "must not be shorter than HEARTBEAT_TIMEOUT ("
                    + heartbeat + ")");
        }
        String range = env.string("WORKER_PORT_RANGE", "20000-29999");
        String httpBind = loopback(env, "HTTP_BIND_ADDRESS");
        String workerBind = loopback(env, "WORKER_BIND_ADDRESS");
        int[] ports = parseRange(range);
        return new ControlPlaneConfig(
                KafkaSettings.fromEnv(env, "127.0.0.1:9092"),
                heartbeat, cleanup,
                env.duration("RECONCILE_INTERVAL", Duration.ofSeconds(30)),
                env.duration("STARTUP_GRACE", heartbeat),
                new WorkerImages(env.string("EVENT_NORMALIZER_IMAGE", KgImage.EVENT_NORMALIZER.reference()),
                        env.string("LOG_NORMALIZER_IMAGE", KgImage.LOG_NORMALIZER.reference()),
                        env.string("GRAPH_BUILDER_IMAGE", KgImage.GRAPH_BUILDER.reference())),
                env.string("DOCKER_NETWORK", "host"),
                Map.of("NEO4J_URI", WorkerDefinitions.NEO4J_URI.read(env),
                        "NEO4J_USER", WorkerDefinitions.NEO4J_USER.read(env),
                        "NEO4J_PASSWORD", WorkerDefinitions.NEO4J_PASSWORD.read(env),
                        "NEO4J_DATABASE", WorkerDefinitions.NEO4J_DATABASE.read(env)),
                new WorkerLimits(parseBytes("WORKER_MEMORY_LIMIT", env.string("WORKER_MEMORY_LIMIT", "384m")),
                        env.decimal("WORKER_CPU_LIMIT", 0.5, 0.01, 64)),
                new RestartPolicy(env.duration("RESTART_BACKOFF_INITIAL", Duration.ofSeconds(2)),
                        env.duration("RESTART_BACKOFF_MAX", Duration.ofMinutes(5)),
                        env.integer("MAX_RESTARTS", 5, 1, 1000),
                        env.duration("RESTART_WINDOW", Duration.ofMinutes(10)),
                        env.duration("STABLE_AFTER", Duration.ofMinutes(2))),
                env.decimal("SPAWN_RATE_PER_SECOND", 5, 0.01, 1000),
                env.integer("SPAWN_BURST", 15, 1, 10_000),
                ports[0], ports[1] - ports[0] + 1,
                workerBind,
                httpBind,
                env.integer("HTTP_PORT", 9090, 0, 65535),
                env.bool("PROVISION_TOPICS", true),
                (short) env.integer("TOPIC_REPLICATION_FACTOR", 1, 1, 7),
                env.duration("WORKER_STOP_GRACE", Duration.ofSeconds(10)),
                env.integer("RECONCILE_THREADS", 4, 1, 64),
                processRuntime(env),
                name(env.string("CONTROL_PLANE_NAME", "kg-control-plane")),
                admission(env), ApiConfig.fromEnv(env), WorkerIsolation.fromEnv(env), workerKafka(env),
                WorkerPassThrough.fromEnv(env));
    }

    /** This configuration with the operator token loaded (from {@link ApiConfig#tokenFile()}). */
    public ControlPlaneConfig withOperatorToken(ApiToken token) {
        return new ControlPlaneConfig(kafka, heartbeatTimeout, cleanupTimeout, reconcileInterval, startupGrace, images,
                network, neo4j, limits, restart, spawnRatePerSecond, spawnBurst, workerPortBase, workerPortCount,
                workerBindAddress, httpBindAddress, httpPort, provisionTopics, replicationFactor, stopGrace,
                reconcileThreads, processes, name, admission, api.withToken(token), isolation, workerKafka,
                workerSettings);
    }

    /**
     * The workers' Kafka settings: the control plane's, with {@code WORKER_KAFKA_SASL_USERNAME} and
     * {@code WORKER_KAFKA_SASL_PASSWORD} (both or neither) in place of its own SASL user, so that the workers run as
     * their own principal (ACLs for workers only) rather than as the control plane's.
     */
    static KafkaSettings workerKafka(Env env) {
        var user = env.optional("WORKER_KAFKA_SASL_USERNAME");
        var password = env.optional("WORKER_KAFKA_SASL_PASSWORD");
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
        return KafkaSettings.fromEnv(new Env(values), "127.0.0.1:9092");
    }

    private static Admission admission(Env env) {
        String mode = env.string("ADMISSION", "provisioned");
        if (!mode.equals("open") && !mode.equals("provisioned")) {
            throw new InvalidConfigurationException("ADMISSION", "'" + mode + "' is not open or provisioned");
        }
        // Env.duration refuses zero, which here means "forget at once".
        Duration retention = env.string("DEAD_TENANT_RETENTION", "1h").trim().matches("0+(ms|s|m|h)?")
                ? Duration.ZERO : env.duration("DEAD_TENANT_RETENTION", Duration.ofHours(1));
        return new Admission(mode.equals("open"), env.integer("MAX_TENANTS", 500, 1, 100_000), retention);
    }

    /** Health and metrics are served without a token, so their listeners must be loopback only. */
    private static String loopback(Env env, String name) {
        String address = env.string(name, "127.0.0.1");
        if (!BindAddress.isLoopback(address)) {
            throw new InvalidConfigurationException(name, "'" + address + "' is not a loopback address: health and "
                    + "metrics are served there without a token (expose the API with API_BIND_ADDRESS, API_PORT and "
                    + "API_TLS_*)");
        }
        return address;
    }

    private static String name(String name) {
        if (!name.matches("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?")) {
            throw new InvalidConfigurationException("CONTROL_PLANE_NAME", "'" + name
                    + "' is not 1-63 lower-case letters, digits, dots and dashes");
        }
        return name;
    }

    private static ProcessRuntime processRuntime(Env env) {
        String runtime = env.string("WORKER_RUNTIME", "docker");
        if (runtime.equals("docker")) {
            return null;
        }
        if (!runtime.equals("process")) {
            throw new InvalidConfigurationException("WORKER_RUNTIME", "'" + runtime + "' is not docker or process");
        }
        return new ProcessRuntime(Path.of(env.string("WORKER_STATE_DIR", "/var/lib/kg-rca/workers")),
                env.required("EVENT_NORMALIZER_COMMAND"), env.required("LOG_NORMALIZER_COMMAND"),
                env.required("GRAPH_BUILDER_COMMAND"));
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

    static int[] parseRange(String range) {
        String[] parts = range.split("-");
        try {
            int lo = Integer.parseInt(parts[0].trim());
            int hi = Integer.parseInt(parts[1].trim());
            if (parts.length != 2 || lo < 1024 || hi > 65535 || hi - lo < 2) {
                throw new NumberFormatException();
            }
            return new int[]{lo, hi};
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException("WORKER_PORT_RANGE", "'" + range
                    + "' is not a range like 20000-29999 within 1024-65535");
        }
    }

    static long parseBytes(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t) * unit;
            if (v < 32L * 1024 * 1024) {
                throw new InvalidConfigurationException(name, "'" + text + "' is below 32m");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(name, "'" + text + "' is not a size such as 384m or 1g");
        }
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
