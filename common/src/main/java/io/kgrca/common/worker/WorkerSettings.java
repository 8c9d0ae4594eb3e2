package io.kgrca.common.worker;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.config.SecretNames;
import io.kgrca.common.config.Setting;
import io.kgrca.common.config.WorkerDefinition;
import io.kgrca.common.config.WorkerDefinitions;
import io.kgrca.common.kafka.KafkaSettings;
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
 * @param tenant          {@code CLIENT_ID}
 * @param kafka           {@code KAFKA_BROKERS} and the security variables
 * @param topics          {@code INPUT_TOPICS}, defaulting to the worker's own
 * @param httpBindAddress {@code HTTP_BIND_ADDRESS}, default 127.0.0.1
 * @param httpPort        {@code METRICS_PORT}, default 0 (a free port, logged)
 * @param maxPollRecords  {@code MAX_POLL_RECORDS}, default 500 (2000 for the graph-builder)
 * @param shutdownTimeout {@code SHUTDOWN_TIMEOUT}, default 20 s
 * @param loop            {@code POLL_TIMEOUT}, {@code MAX_RECORD_BYTES}, {@code SINK_BACKOFF_MAX} (default 5 s)
 * @param env             the whole environment with secrets read from their files, for worker-specific settings
 */
public record WorkerSettings(String worker, TenantId tenant, KafkaSettings kafka, List<String> topics,
                             String httpBindAddress, int httpPort, int maxPollRecords, Duration shutdownTimeout,
                             LoopOptions loop, Env env) {

    /** Copies the topic list. */
    public WorkerSettings {
        topics = List.copyOf(topics);
    }

    /** The consumer group {@code <worker>-<tenant>} of the wire contract. */
    public String groupId() {
        return worker + "-" + tenant.value();
    }

    /**
     * The consumer's {@code group.instance.id} (static group membership), from {@code GROUP_INSTANCE_ID}: by default
     * {@code <worker>-<tenant>}, the container's name without its {@code kg-} prefix, stable across restarts, so that
     * a replacement of a killed worker takes its partitions over at once instead of waiting for the dead member's
     * session to expire. {@code none} turns static membership off (for several instances in one group).
     */
    public Optional<String> groupInstanceId() {
        String id = Objects.requireNonNullElse(WorkerDefinitions.GROUP_INSTANCE_ID.read(env), groupId());
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
        TenantId tenant;
        try {
            tenant = TenantId.of(WorkerDefinitions.CLIENT_ID.read(env));
        } catch (InvalidTenantIdException e) {
            throw new InvalidConfigurationException("CLIENT_ID", e.getMessage());
        }
        List<String> topics = Optional.ofNullable(WorkerDefinitions.INPUT_TOPICS.read(env))
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(defaultTopics);
        if (topics.isEmpty()) {
            throw new InvalidConfigurationException("INPUT_TOPICS", "names no topic");
        }
        LoopOptions loop = new LoopOptions(WorkerDefinitions.POLL_TIMEOUT.read(env),
                WorkerDefinitions.MAX_RECORD_BYTES.read(env),
                LoopOptions.sinkBackoff(WorkerDefinitions.SINK_BACKOFF_MAX.read(env)));
        WorkerSettings settings = new WorkerSettings(worker, tenant, KafkaSettings.fromEnv(env, null), topics,
                WorkerDefinitions.HTTP_BIND_ADDRESS.read(env),
                WorkerDefinitions.METRICS_PORT.read(env),
                maxPollRecords(worker).read(env),
                WorkerDefinitions.SHUTDOWN_TIMEOUT.read(env),
                loop, env);
        settings.groupInstanceId();
        settings.sessionTimeout();
        settings.timeWindow();
        return settings;
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
