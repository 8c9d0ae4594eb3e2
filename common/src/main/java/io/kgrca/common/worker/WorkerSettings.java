package io.kgrca.common.worker;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.config.SecretNames;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.tenant.InvalidTenantIdException;
import io.kgrca.common.tenant.TenantId;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A worker's configuration, read from its environment (see the README's worker table).
 *
 * @param worker          the worker name, such as {@code event-normalizer}
 * @param tenant          {@code CLIENT_ID}
 * @param kafka           {@code KAFKA_BROKERS} and the security variables
 * @param topics          {@code INPUT_TOPICS}, defaulting to the worker's own
 * @param httpBindAddress {@code HTTP_BIND_ADDRESS}, default 127.0.0.1
 * @param httpPort        {@code METRICS_PORT}, default 0 (a free port, logged)
 * @param maxPollRecords  {@code MAX_POLL_RECORDS}, default 500
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
        String id = env.string("GROUP_INSTANCE_ID", groupId());
        if (id.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        if (!id.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new InvalidConfigurationException("GROUP_INSTANCE_ID", "'" + id
                    + "' is not 1 to 249 of [a-zA-Z0-9._-], nor 'none'");
        }
        return Optional.of(id);
    }

    /**
     * The accepted window of a record's own time around its broker timestamp: {@code TIME_WINDOW_AHEAD} (default
     * 10 min) after it, {@code TIME_WINDOW_BEHIND} (default 366 days) before it.
     */
    public TimeWindow timeWindow() {
        Duration ahead = env.duration("TIME_WINDOW_AHEAD", TimeWindow.DEFAULT.ahead());
        Duration behind = env.duration("TIME_WINDOW_BEHIND", TimeWindow.DEFAULT.behind());
        if (ahead.isNegative() || behind.isNegative()) {
            throw new InvalidConfigurationException("TIME_WINDOW_AHEAD/TIME_WINDOW_BEHIND", "must not be negative");
        }
        return new TimeWindow(ahead, behind);
    }

    /** How long the broker waits for a silent member before its partitions move ({@code SESSION_TIMEOUT}). */
    public Duration sessionTimeout() {
        Duration d = env.duration("SESSION_TIMEOUT", Duration.ofSeconds(15));
        if (d.compareTo(Duration.ofSeconds(6)) < 0 || d.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new InvalidConfigurationException("SESSION_TIMEOUT", "must be between 6 s and 5 min");
        }
        return d;
    }

    /**
     * Reads and validates the settings; a bad value throws naming its variable. Secrets ({@link SecretNames#WORKER})
     * are read from their {@code <NAME>_FILE} when set, and {@link #env()} holds the resolved values.
     */
    public static WorkerSettings fromEnv(String worker, List<String> defaultTopics, Env given) {
        Env env = given.withSecretFiles(SecretNames.WORKER);
        TenantId tenant;
        try {
            tenant = TenantId.of(env.required("CLIENT_ID"));
        } catch (InvalidTenantIdException e) {
            throw new InvalidConfigurationException("CLIENT_ID", e.getMessage());
        }
        List<String> topics = env.optional("INPUT_TOPICS")
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(defaultTopics);
        if (topics.isEmpty()) {
            throw new InvalidConfigurationException("INPUT_TOPICS", "names no topic");
        }
        LoopOptions defaults = LoopOptions.defaults();
        Duration backoffMax = env.duration("SINK_BACKOFF_MAX", LoopOptions.SINK_BACKOFF_MAX);
        if (backoffMax.isZero() || backoffMax.isNegative() || backoffMax.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new InvalidConfigurationException("SINK_BACKOFF_MAX", "must be between 1 ms and 5 min");
        }
        LoopOptions loop = new LoopOptions(
                env.duration("POLL_TIMEOUT", defaults.pollTimeout()),
                env.integer("MAX_RECORD_BYTES", defaults.maxRecordBytes(), 1024, 4 * 1024 * 1024),
                LoopOptions.sinkBackoff(backoffMax));
        WorkerSettings settings = new WorkerSettings(worker, tenant, KafkaSettings.fromEnv(env, null), topics,
                env.string("HTTP_BIND_ADDRESS", "127.0.0.1"),
                env.integer("METRICS_PORT", 0, 0, 65535),
                env.integer("MAX_POLL_RECORDS", 500, 1, 100_000),
                env.duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(20)),
                loop, env);
        settings.groupInstanceId();
        settings.sessionTimeout();
        settings.timeWindow();
        return settings;
    }
}
