package io.kgrca.common.worker;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.config.SecretNames;
import io.kgrca.common.config.Setting;
import io.kgrca.common.config.WorkerDefinition;
import io.kgrca.common.config.WorkerDefinitions;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.tenant.InvalidTenantIdException;
import io.kgrca.common.tenant.TenantId;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A worker's configuration, read from its environment through its definition ({@link WorkerDefinitions}).
 *
 * @param worker          the worker name, such as {@code event-normalizer}
 * @param placement       {@code PLACEMENT}: {@code dedicated} (default, one tenant) or {@code shared} (a pool instance)
 * @param tenant          {@code CLIENT_ID}: the tenant of a dedicated worker; null in shared placement
 * @param kafka           {@code KAFKA_BROKERS} and the security variables
 * @param topics          {@code INPUT_TOPICS}, defaulting to the worker's own
 * @param httpBindAddress {@code HTTP_BIND_ADDRESS}, default 127.0.0.1
 * @param httpPort        {@code METRICS_PORT}, default 0 (a free port, logged)
 * @param maxPollRecords  {@code MAX_POLL_RECORDS}, default 500 (2000 for the graph-builder)
 * @param shutdownTimeout {@code SHUTDOWN_TIMEOUT}, default 20 s
 * @param loop            {@code POLL_TIMEOUT}, {@code MAX_RECORD_BYTES}, {@code SINK_BACKOFF_MAX} (default 5 s)
 * @param placementOptions {@code PLACEMENT_OVERLAP}, {@code PLACEMENT_WAIT}, {@code POOL_MAX_TENANTS},
 *                        {@code POOL_IDLE_EVICT}
 * @param env             the whole environment with secrets read from their files, for worker-specific settings
 */
public record WorkerSettings(String worker, PlacementMode placement, TenantId tenant, KafkaSettings kafka,
                             List<String> topics, String httpBindAddress, int httpPort, int maxPollRecords,
                             Duration shutdownTimeout, LoopOptions loop, PlacementOptions placementOptions, Env env) {

    /** Copies the topic list; a dedicated worker has a tenant, a pool instance none. */
    public WorkerSettings {
        topics = List.copyOf(topics);
        Objects.requireNonNull(placement, "placement");
        if ((placement == PlacementMode.DEDICATED) != (tenant != null)) {
            throw new IllegalArgumentException("a dedicated worker has a tenant, a pool instance none: "
                    + placement.wire() + ", tenant " + tenant);
        }
    }

    /** True for an instance of the worker kind's pool (shared placement). */
    public boolean shared() {
        return placement == PlacementMode.SHARED;
    }

    /**
     * The consumer group: {@code <worker>-<tenant>} of the wire contract for a dedicated worker,
     * {@link PoolNames#group(String) <worker>.pool} for a pool instance.
     */
    public String groupId() {
        return shared() ? PoolNames.group(worker) : worker + "-" + tenant.value();
    }

    /**
     * What this worker's log lines carry in the MDC key {@code tenant}: the tenant of a dedicated worker; for a pool
     * instance its member id ({@code <worker>.pool-<n>}, which no tenant id can equal) on lines that concern no
     * single tenant.
     */
    public String logTenant() {
        return shared() ? groupInstanceId().orElse(groupId()) : tenant.value();
    }

    /**
     * The consumer's {@code group.instance.id} (static group membership), from {@code GROUP_INSTANCE_ID}: by default
     * {@code <worker>-<tenant>}, the container's name without its {@code kg-} prefix, stable across restarts, so that
     * a replacement of a killed worker takes its partitions over at once instead of waiting for the dead member's
     * session to expire. {@code none} turns static membership off (for several instances in one group). A pool
     * instance must have one ({@code <worker>.pool-<n>}, {@link PoolNames#instance(String, int)}).
     */
    public Optional<String> groupInstanceId() {
        String given = WorkerDefinitions.GROUP_INSTANCE_ID.read(env);
        if (shared() && (given == null || given.equalsIgnoreCase("none"))) {
            throw new InvalidConfigurationException("GROUP_INSTANCE_ID", "is required in shared placement "
                    + "(PLACEMENT=shared): the pool instance's member id, such as " + PoolNames.instance(worker, 0));
        }
        String id = Objects.requireNonNullElse(given, groupId());
        return id.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(id);
    }

    /**
     * The accepted window of a record's own time around its broker timestamp: {@code TIME_WINDOW_AHEAD} (default
     * 10 min) after it, {@code TIME_WINDOW_BEHIND} (default 366 days) before it.
     */
    public TimeWindow timeWindow() {
        return new TimeWindow(WorkerDefinitions.TIME_WINDOW_AHEAD.read(env), WorkerDefinitions.TIME_WINDOW_BEHIND.read(env));
    }

    /** How long the broker waits for a silent member before its partitions move ({@code SESSION_TIMEOUT}). */
    public Duration sessionTimeout() {
        return WorkerDefinitions.SESSION_TIMEOUT.read(env);
    }

    /**
     * Reads and validates the settings; a bad value throws naming its variable. Secrets ({@link SecretNames#WORKER})
     * are read from their {@code <NAME>_FILE} when set, and {@link #env()} holds the resolved values.
     */
    public static WorkerSettings fromEnv(String worker, List<String> defaultTopics, Env given) {
        Env env = given.withSecretFiles(SecretNames.WORKER);
        PlacementMode placement = PlacementMode.parse(WorkerDefinitions.PLACEMENT.read(env));
        TenantId tenant = tenant(WorkerDefinitions.CLIENT_ID.read(env));
        List<String> topics = Optional.ofNullable(WorkerDefinitions.INPUT_TOPICS.read(env))
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(defaultTopics);
        if (topics.isEmpty()) {
            throw new InvalidConfigurationException("INPUT_TOPICS", "names no topic");
        }
        LoopOptions loop = new LoopOptions(WorkerDefinitions.POLL_TIMEOUT.read(env),
                WorkerDefinitions.MAX_RECORD_BYTES.read(env),
                LoopOptions.sinkBackoff(WorkerDefinitions.SINK_BACKOFF_MAX.read(env)));
        PlacementOptions placementOptions = new PlacementOptions(WorkerDefinitions.PLACEMENT_OVERLAP.read(env),
                WorkerDefinitions.PLACEMENT_WAIT.read(env), WorkerDefinitions.POOL_MAX_TENANTS.read(env),
                WorkerDefinitions.POOL_IDLE_EVICT.read(env), WorkerDefinitions.POOL_TENANT_SLICE.read(env),
                WorkerDefinitions.POOL_BACKLOG_MIB.read(env));
        WorkerSettings settings = new WorkerSettings(worker, placement, tenant, KafkaSettings.fromEnv(env, null),
                topics, WorkerDefinitions.HTTP_BIND_ADDRESS.read(env),
                WorkerDefinitions.METRICS_PORT.read(env),
                maxPollRecords(worker).read(env),
                WorkerDefinitions.SHUTDOWN_TIMEOUT.read(env),
                loop, placementOptions, env);
        settings.groupInstanceId();
        settings.sessionTimeout();
        settings.timeWindow();
        return settings;
    }

    private static TenantId tenant(String clientId) {
        if (clientId == null) {
            return null;
        }
        try {
            return TenantId.of(clientId);
        } catch (InvalidTenantIdException e) {
            throw new InvalidConfigurationException("CLIENT_ID", e.getMessage());
        }
    }

    /** The {@code MAX_POLL_RECORDS} of {@code worker}'s definition (the normalizers' for a worker without one). */
    static Setting<Integer> maxPollRecords(String worker) {
        return WorkerDefinitions.of(worker).flatMap(d -> d.settings().find("MAX_POLL_RECORDS"))
                .map(s -> {
                    @SuppressWarnings("unchecked")
                    Setting<Integer> typed = (Setting<Integer>) s;
                    return typed;
                }).orElse(WorkerDefinitions.MAX_POLL_RECORDS);
    }

    /**
     * The effective values of the settings of {@code worker}'s definition that this worker reads, as
     * {@code NAME=value} (secrets and the per-worker ones left out), for the start-up log line.
     */
    public String effective() {
        WorkerDefinition definition = WorkerDefinitions.of(worker).orElse(null);
        List<Setting<?>> settings = definition == null ? WorkerDefinitions.LOOP.passed() : definition.settings().passed();
        StringBuilder out = new StringBuilder();
        for (Setting<?> s : settings) {
            if (!SecretNames.isSecret(s.name())) {
                out.append(out.isEmpty() ? "" : " ").append(s.name()).append('=')
                        .append(Setting.format(s.read(env)));
            }
        }
        return out.toString();
    }
}
