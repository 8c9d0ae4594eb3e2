package io.kgrca.common.worker;

import io.kgrca.common.key.KeyClassifier;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.key.KeyDecodeException;
import io.kgrca.common.key.RecordKey;
import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The consume-transform-produce loop of one tenant's worker.
 *
 * <p>Each iteration polls the shared topics with the tenant's consumer group, skips other tenants' records by
 * their key bytes before any value is parsed ({@link KeyClassifier}: counted by reason, {@code foreign},
 * {@code no-key} or {@code invalid-key}, with a rate-limited log sample of the last two), dead-letters what of the
 * tenant's cannot be processed (bad key, oversized value, whatever the processor rejects), hands the rest to the
 * {@link BatchProcessor}, and commits the poll's offsets
 * only after every output and every dead letter is acknowledged. When the sink is unavailable nothing is
 * committed: the loop rewinds to the poll's first offsets and retries after a backoff. Delivery is therefore
 * at least once, never lossy.
 *
 * <p>The loop holds no static state; any number of loops, for any tenants, may run in one process.
 * {@link #stop()} makes {@link #run()} return after the batch in hand is committed.
 */
public final class WorkerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);

    /** At most one log line per skip reason in this interval. */
    static final Duration SKIP_LOG_INTERVAL = Duration.ofMinutes(1);

    private static final Comparator<Rejection> IN_OFFSET_ORDER = Comparator
            .comparing((Rejection r) -> r.record().raw().topic())
            .thenComparingInt(r -> r.record().raw().partition())
            .thenComparingLong(r -> r.record().raw().offset());

    private final TenantId tenant;
    private final String worker;
    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final BatchProcessor processor;
    private final DeadLetterPublisher deadLetters;
    private final WorkerMetrics metrics;
    private final LoopOptions options;
    private final Clock clock;
    private final KeyClassifier keys;
    private final SkipSampler skipSamples;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private volatile boolean stopping;
    private volatile LoopStatus status = new LoopStatus(false, null, 0, true, null);
    private int sinkFailures;

    /** Builds a loop; {@link #run()} subscribes {@code consumer} to {@code topics}. */
    public WorkerLoop(TenantId tenant, String worker, Consumer<byte[], byte[]> consumer, List<String> topics,
                      BatchProcessor processor, DeadLetterPublisher deadLetters, WorkerMetrics metrics,
                      LoopOptions options, Clock clock) {
        this.tenant = tenant;
        this.worker = worker;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.processor = processor;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.options = options;
        this.clock = clock;
        this.keys = KeyClassifier.forTenant(tenant);
        this.skipSamples = new SkipSampler(clock, SKIP_LOG_INTERVAL);
    }

    /** Runs until {@link #stop()}; the consumer stays open for the caller to close. */
    @Override
    public void run() {
        try (MDC.MDCCloseable t = MDC.putCloseable(WorkerLauncher.TENANT_KEY, tenant.value());
             MDC.MDCCloseable w = MDC.putCloseable("worker", worker)) {
            consumer.subscribe(topics);
            LOG.info("{} loop started on {}", worker, topics);
            status = new LoopStatus(true, null, 0, true, null);
            while (!stopping) {
                iteration();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } catch (FencedInstanceIdException e) {
            // Another process took this worker's group.instance.id: it is the live one, this one steps down.
            LOG.error("{} was replaced by another instance with the same group.instance.id; stopping",
                    worker);
            stopping = true;
        } finally {
            status = new LoopStatus(false, status.lastPoll(), 0, status.sinkAvailable(), status.lastError());
            LOG.info("{} loop stopped", worker);
            stopped.countDown();
        }
    }

    /** Asks the loop to finish its batch, commit and return. Safe from any thread. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Waits for {@link #run()} to return; true when it did within {@code timeout}. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The loop's health, for the health endpoints. */
    public LoopStatus status() {
        return status;
    }

    private void iteration() {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(options.pollTimeout());
        status = new LoopStatus(true, clock.instant(), consumer.assignment().size(), status.sinkAvailable(),
                status.lastError());
        if (!polled.isEmpty()) {
            Instant started = clock.instant();
            if (processPoll(polled)) {
                Duration elapsed = Duration.between(started, clock.instant());
                metrics.batchProcessed(polled.count(), elapsed);
            }
        }
        metrics.consumerLag(currentLag());
    }

    /** Returns true when the poll was processed and committed, false when it must be retried. */
    private boolean processPoll(ConsumerRecords<byte[], byte[]> polled) {
        List<InboundRecord> mine = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Map<String, Integer> foreignByTopic = new HashMap<>();
        Map<String, Integer> skippedByReason = new HashMap<>();
        Map<String, Integer> inByTopic = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> invalid = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : polled) {
            inByTopic.merge(r.topic(), 1, Integer::sum);
            KeyClassifier.Verdict verdict = keys.classify(r.key());
            if (verdict != KeyClassifier.Verdict.MINE) {
                foreignByTopic.merge(r.topic(), 1, Integer::sum);
                skippedByReason.merge(verdict.code(), 1, Integer::sum);
                if (verdict != KeyClassifier.Verdict.FOREIGN) {
                    invalid.add(r);
                }
                continue;
            }
            admit(r, mine, rejections);
        }
        try {
            BatchOutcome outcome = mine.isEmpty() ? new BatchOutcome(0, List.of()) : processor.process(mine);
            rejections.addAll(outcome.rejections());
            rejections.sort(IN_OFFSET_ORDER);
            if (!rejections.isEmpty()) {
                deadLetters.publish(rejections);
            }
            commit(nextOffsets(polled));
            inByTopic.forEach(metrics::recordsIn);
            foreignByTopic.forEach(metrics::recordsForeign);
            skippedByReason.forEach(metrics::recordsSkipped);
            invalid.forEach(this::sampleSkipped);
            metrics.recordsOut(outcome.outputs());
            rejections.forEach(this::countAndLog);
            recordLatency(mine);
            markSinkAvailable();
            return true;
        } catch (SinkUnavailableException e) {
            rewind(polled);
            backOff(e);
            return false;
        } catch (RuntimeException e) {
            // A processor bug must not kill the loop or skip records: retry, visibly, like an outage.
            LOG.error("{} processor failed unexpectedly", worker, e);
            rewind(polled);
            backOff(new SinkUnavailableException("processor failed: " + e, e));
            return false;
        }
    }

    private void admit(ConsumerRecord<byte[], byte[]> r, List<InboundRecord> mine, List<Rejection> rejections) {
        RecordKey key;
        try {
            key = KeyCodec.decode(r.key());
        } catch (KeyDecodeException e) {
            InboundRecord bare = new InboundRecord(r, null);
            rejections.add(new Rejection(bare, e.reason().code(), e.getMessage(), e.getClass().getName()));
            return;
        }
        InboundRecord record = new InboundRecord(r, key);
        if (r.value() != null && r.value().length > options.maxRecordBytes()) {
            rejections.add(new Rejection(record, "oversized", "value has " + r.value().length
                    + " bytes, more than the " + options.maxRecordBytes() + " allowed", "RecordTooLarge"));
            return;
        }
        mine.add(record);
    }

    /** A record no tenant's loop owns: one log line per reason and interval, never one per record. */
    private void sampleSkipped(ConsumerRecord<byte[], byte[]> r) {
        String reason = keys.classify(r.key()).code();
        long standsFor = skipSamples.sample(reason);
        if (standsFor > 0) {
            LOG.warn("{} skipped {} record(s) that no tenant owns ({}) since the last sample; this one at "
                    + "{}-{}@{}, key {}", worker, standsFor, reason, r.topic(), r.partition(), r.offset(),
                    shownKey(r.key()));
        }
    }

    private static String shownKey(byte[] key) {
        if (key == null) {
            return "null";
        }
        String s = new String(key, 0, Math.min(key.length, 64), StandardCharsets.UTF_8);
        return "'" + s.replaceAll("\\p{Cntrl}", "?") + (key.length > 64 ? "'... (" + key.length + " bytes)" : "'");
    }

    private void countAndLog(Rejection r) {
        metrics.deadLettered(r.reason());
        LOG.warn("{} dead-lettered {} ({}): {}", worker, r.record().position(), r.reason(),
                r.message());
    }

    private void recordLatency(List<InboundRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (InboundRecord r : records) {
            metrics.endToEndLatency(Duration.ofMillis(now - r.raw().timestamp()));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> polled) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(tp);
            next.put(tp, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return next;
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // stop() raced with the commit: the batch is done, so commit it before leaving.
            consumer.commitSync(offsets);
            throw e;
        } catch (RebalanceInProgressException e) {
            LOG.info("{} commit skipped during a rebalance; the new owner re-processes", worker);
        } catch (KafkaException e) {
            LOG.warn("{} commit failed ({}); records will be processed again", worker,
                    e.toString());
        }
    }

    private void rewind(ConsumerRecords<byte[], byte[]> polled) {
        for (TopicPartition tp : polled.partitions()) {
            consumer.seek(tp, polled.records(tp).get(0).offset());
        }
    }

    private void backOff(SinkUnavailableException e) {
        sinkFailures++;
        metrics.sinkUnavailable();
        Duration wait = options.sinkBackoff().delay(sinkFailures, ThreadLocalRandom.current().nextDouble());
        status = new LoopStatus(true, status.lastPoll(), status.assignedPartitions(), false, e.getMessage());
        LOG.warn("{} sink unavailable (attempt {}), retrying the batch in {} ms: {}", worker,
                sinkFailures, wait.toMillis(), e.getMessage());
        long deadline = System.nanoTime() + wait.toNanos();
        while (!stopping && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    private void markSinkAvailable() {
        if (sinkFailures > 0) {
            LOG.info("{} sink available again after {} failed attempts", worker, sinkFailures);
            sinkFailures = 0;
        }
        if (!status.sinkAvailable()) {
            status = new LoopStatus(true, status.lastPoll(), status.assignedPartitions(), true, null);
        }
    }

    private long currentLag() {
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                total += lag.getAsLong();
            }
        }
        return total;
    }
}
