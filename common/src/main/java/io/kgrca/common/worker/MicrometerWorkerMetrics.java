package io.kgrca.common.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link WorkerMetrics} on Micrometer, tagged with {@code tenant} and {@code worker} so that many loops can share
 * one registry. In Prometheus the names become {@code kg_worker_records_in_total} and so on.
 */
public final class MicrometerWorkerMetrics implements WorkerMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter out;
    private final Counter sinkUnavailable;
    private final Timer batch;
    private final Timer endToEnd;
    private final AtomicLong lag = new AtomicLong();
    private final ConcurrentHashMap<String, Counter> in = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> foreign = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> dead = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> skipped = new ConcurrentHashMap<>();

    /** Registers the meters of one loop. */
    public MicrometerWorkerMetrics(MeterRegistry registry, String tenant, String worker) {
        this.registry = registry;
        this.tags = Tags.of("tenant", tenant, "worker", worker);
        this.out = Counter.builder("kg.worker.records.out").description("Outputs made durable")
                .tags(tags).register(registry);
        this.sinkUnavailable = Counter.builder("kg.worker.sink.unavailable")
                .description("Batches retried because the sink was unavailable").tags(tags).register(registry);
        this.batch = Timer.builder("kg.worker.batch.duration").description("Time to process and commit one poll")
                .tags(tags).register(registry);
        this.endToEnd = Timer.builder("kg.worker.end.to.end.latency")
                .description("From the input record's timestamp to its commit").tags(tags).register(registry);
        Gauge.builder("kg.worker.consumer.lag", lag, AtomicLong::doubleValue)
                .description("Records not yet consumed, summed over the assigned partitions").tags(tags)
                .register(registry);
        // Pre-register the dead-letter counter so a scrape shows 0 before the first failure.
        deadLetterCounter("none");
        for (String reason : new String[]{"foreign", "no-key", "invalid-key"}) {
            skippedCounter(reason);
        }
    }

    @Override
    public void recordsSkipped(String reason, int count) {
        skippedCounter(reason).increment(count);
    }

    private Counter skippedCounter(String reason) {
        return skipped.computeIfAbsent(reason, r -> Counter.builder("kg.worker.records.skipped")
                .description("Records skipped by key, not dead-lettered: foreign, no-key, invalid-key").tags(tags)
                .tag("reason", r).register(registry));
    }

    @Override
    public void recordsIn(String topic, int count) {
        in.computeIfAbsent(topic, t -> Counter.builder("kg.worker.records.in")
                .description("Records read, the tenant's and foreign ones").tags(tags).tag("topic", t)
                .register(registry)).increment(count);
    }

    @Override
    public void recordsForeign(String topic, int count) {
        foreign.computeIfAbsent(topic, t -> Counter.builder("kg.worker.records.foreign")
                .description("Records of other tenants skipped by key").tags(tags).tag("topic", t)
                .register(registry)).increment(count);
    }

    @Override
    public void recordsOut(int count) {
        out.increment(count);
    }

    @Override
    public void deadLettered(String reason) {
        deadLetterCounter(reason).increment();
    }

    @Override
    public void batchProcessed(int records, Duration elapsed) {
        batch.record(elapsed);
    }

    @Override
    public void endToEndLatency(Duration latency) {
        endToEnd.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    @Override
    public void sinkUnavailable() {
        sinkUnavailable.increment();
    }

    @Override
    public void consumerLag(long value) {
        lag.set(value);
    }

    private Counter deadLetterCounter(String reason) {
        return dead.computeIfAbsent(reason, r -> Counter.builder("kg.worker.records.dead.lettered")
                .description("Records sent to a dead-letter topic").tags(tags).tag("reason", r).register(registry));
    }
}
