package io.kgrca.graphbuilder.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link GraphMetrics} on Micrometer, tagged with {@code tenant}. In Prometheus: {@code kg_graph_records_total},
 * {@code kg_graph_batches_total}, {@code kg_graph_batch_duration_seconds},
 * {@code kg_graph_neo4j_errors_total}.
 */
public final class MicrometerGraphMetrics implements GraphMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter batches;
    private final Timer batchTime;
    private final Map<String, Counter> records = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    /** Registers the meters of one tenant's graph-builder. */
    public MicrometerGraphMetrics(MeterRegistry registry, String tenant) {
        this.registry = registry;
        this.tags = Tags.of("tenant", tenant);
        this.batches = Counter.builder("kg.graph.batches").description("Neo4j batch transactions committed")
                .tags(tags).register(registry);
        this.batchTime = Timer.builder("kg.graph.batch.duration")
                .description("Time of one Neo4j batch transaction, commit included").tags(tags).register(registry);
        for (String kind : new String[] {"unavailable", "rejected"}) {
            error(kind);
        }
        for (String kind : new String[] {"resource", "edge", "event", "log"}) {
            record(kind);
        }
    }

    @Override
    public void recordsApplied(String kind, int count) {
        record(kind).increment(count);
    }

    @Override
    public void batchCommitted(int count, Duration elapsed) {
        batches.increment();
        batchTime.record(elapsed);
    }

    @Override
    public void neo4jError(String kind) {
        error(kind).increment();
    }

    private Counter record(String kind) {
        return records.computeIfAbsent(kind, k -> Counter.builder("kg.graph.records")
                .description("Records applied to the graph").tags(tags).tag("kind", k).register(registry));
    }

    private Counter error(String kind) {
        return errors.computeIfAbsent(kind, k -> Counter.builder("kg.graph.neo4j.errors")
                .description("Neo4j failures by kind").tags(tags).tag("kind", k).register(registry));
    }
}
