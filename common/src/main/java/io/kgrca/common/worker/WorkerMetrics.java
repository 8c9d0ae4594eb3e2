package io.kgrca.common.worker;

import java.time.Duration;

/** What a worker loop counts. Every method has a no-op default, so {@link #NOOP} serves tests. */
public interface WorkerMetrics {

    /** Counts nothing. */
    WorkerMetrics NOOP = new WorkerMetrics() {
    };

    /** Records read from {@code topic}, the tenant's and foreign ones. */
    default void recordsIn(String topic, int count) {
    }

    /** Records of other tenants skipped on {@code topic} without parsing. */
    default void recordsForeign(String topic, int count) {
    }

    /**
     * Records skipped without being dead-lettered because no tenant's loop owns them by themselves:
     * {@code foreign} (another tenant's), {@code no-key}, {@code invalid-key} (the key's tenant part is no valid id).
     */
    default void recordsSkipped(String reason, int count) {
    }

    /** Outputs made durable. */
    default void recordsOut(int count) {
    }

    /** One record dead-lettered for {@code reason}. */
    default void deadLettered(String reason) {
    }

    /** A batch of {@code records} processed and committed in {@code elapsed}. */
    default void batchProcessed(int records, Duration elapsed) {
    }

    /** Time from a record's timestamp to its commit. */
    default void endToEndLatency(Duration latency) {
    }

    /** The sink was unavailable and the batch will be retried. */
    default void sinkUnavailable() {
    }

    /** The current consumer lag summed over the assigned partitions. */
    default void consumerLag(long lag) {
    }
}
