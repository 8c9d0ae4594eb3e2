package io.kgrca.graphbuilder.metrics;

import java.time.Duration;

/**
 * What the graph-builder counts beyond the worker loop's own meters (records in, dead letters, lag, loop batch
 * time). Every method has a no-op default, so {@link #NOOP} serves tests and benchmarks.
 */
public interface GraphMetrics {

    /** Counts nothing. */
    GraphMetrics NOOP = new GraphMetrics() {
    };

    /** Records of {@code kind} ({@code resource}, {@code edge}, {@code event}, {@code log}) applied to the graph. */
    default void recordsApplied(String kind, int count) {
    }

    /** One Neo4j transaction of {@code records} records committed in {@code elapsed}. */
    default void batchCommitted(int records, Duration elapsed) {
    }

    /** A Neo4j failure: {@code unavailable} (retried later) or {@code rejected} (the batch is split). */
    default void neo4jError(String kind) {
    }
}
