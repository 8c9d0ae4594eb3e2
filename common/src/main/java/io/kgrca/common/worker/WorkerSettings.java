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
 * @param loop            {@code POLL_TIMEOUT}, {@code MAX_RECORD_BYTES}
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
        LoopOptions loop = new LoopOptions(
                env.duration("POLL_TIMEOUT", defaults.pollTimeout()),
                env.integer("MAX_RECORD_BYTES", defaults.maxRecordBytes(), 1024, 4 * 1024 * 1024),
                defaults.sinkBackoff());
        return new WorkerSettings(worker, tenant, KafkaSettings.fromEnv(env, null), topics,
                env.string("HTTP_BIND_ADDRESS", "127.0.0.1"),
                env.integer("METRICS_PORT", 0, 0, 65535),
                env.integer("MAX_POLL_RECORDS", 500, 1, 100_000),
                env.duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(20)),
                loop, env);
    }
}
