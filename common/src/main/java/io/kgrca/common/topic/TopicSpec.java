package io.kgrca.common.topic;

import java.util.Map;

/**
 * The settings the project owns for one topic.
 *
 * @param name       the topic name (an external contract)
 * @param partitions the partition count
 * @param configs    topic configs that must hold, such as {@code cleanup.policy} and {@code retention.ms}
 * @param purpose    one line on what flows through it
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String purpose) {

    /** Copies the configs. */
    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        configs = Map.copyOf(configs);
    }

    /** True when the topic is compacted. */
    public boolean compacted() {
        return configs.getOrDefault("cleanup.policy", "delete").contains("compact");
    }
}
