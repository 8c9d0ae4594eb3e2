package io.kgrca.common.topic;

import java.util.List;

/**
 * What {@link TopicProvisioner} found and did.
 *
 * @param created   topics that were missing and were created
 * @param unchanged topics that existed with the wanted settings
 * @param drifts    settings of existing topics that differ from the catalog; reported, never changed
 */
public record ProvisionReport(List<String> created, List<String> unchanged, List<Drift> drifts) {

    /** Copies the lists. */
    public ProvisionReport {
        created = List.copyOf(created);
        unchanged = List.copyOf(unchanged);
        drifts = List.copyOf(drifts);
    }

    /**
     * One setting of an existing topic that differs from the catalog.
     *
     * @param topic    the topic
     * @param setting  {@code partitions} or a config name
     * @param expected what the catalog says
     * @param actual   what the broker has
     */
    public record Drift(String topic, String setting, String expected, String actual) {
        @Override
        public String toString() {
            return topic + ": " + setting + " is " + actual + ", catalog says " + expected;
        }
    }

    /** True when every topic exists with the catalog's settings. */
    public boolean clean() {
        return drifts.isEmpty();
    }
}
