package io.kgrca.common.worker;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.key.KeyDecodeException;
import io.kgrca.common.key.RecordKey;
import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The consume-transform-produce loop of a worker: one tenant's (dedicated placement) or a pool instance's, which
 * serves many tenants (shared placement).
 *
 * <p>Each iteration polls the shared topics with the worker's consumer group and asks its {@link RecordRouter},
 * from each record's key bytes and broker timestamp and before any value is parsed, whether to process, skip or
 * wait. Skipped records are counted by reason ({@code foreign}, {@code no-key}, {@code invalid-key}, and the
 * placement reasons of {@link RecordRoute}), with a rate-limited log sample of the keys no tenant owns. The loop
 * dead-letters what it processes but cannot (bad key, oversized value, whatever the processor rejects), hands the
 * rest to the {@link BatchProcessor} (in a pool a {@link TenantRouter}), and commits the poll's offsets
 * only after every output and every dead letter is acknowledged. When the sink is unavailable nothing is
 * committed: the loop rewinds to the poll's first offsets and retries after a backoff. Delivery is therefore
 * at least once, never lossy.
 *
 * <p>A {@link RecordRoute.Kind#WAIT} (a pool's record of a tenant it has no placement for yet) stops its partition
 * at that record: what precedes it is processed and committed, the partition is rewound to it and paused, and it
 * resumes when the router's {@link RecordRouter#version() version} changes or the wait ends; the router then
 * decides again. A paused partition the group takes away is forgotten; offsets are only committed for partitions
 * still assigned, so nothing is committed for a partition after its revocation.
 *
 * <p>The loop holds no static state; any number of loops, for any tenants, may run in one process.
 * {@link #stop()} makes {@link #run()} return after the batch in hand is committed.
 */
public final class WorkerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);

    /** Polls of one fair iteration at most, when each returns a full batch (a burst being read). */
    static final int MAX_POLLS_PER_TURN = 64;

    /** At most one log line per skip reason in this interval. */
    static final Duration SKIP_LOG_INTERVAL = Duration.ofMinutes(1);

    private static final Comparator<Rejection> IN_OFFSET_ORDER = Comparator
            .comparing((Rejection r) -> r.record().raw().topic())
            .thenComparingInt(r -> r.record().raw().partition())
            .thenComparingLong(r -> r.record().raw().offset());

    private final String logTenant;
    private final String worker;
    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final BatchProcessor processor;
    private final DeadLetterPublisher deadLetters;
    private final WorkerMetrics metrics;
    private final LoopOptions options;
    private final Clock clock;
    private final RecordRouter router;
    private final LoopHooks hooks;
    private final SkipSampler skipSamples;
    private final Map<TopicPartition, Paused> paused = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** With a tenant slice: what was read and not processed yet, and per partition what was read and committed. */
    private final FairBacklog backlog = new FairBacklog();
    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile boolean throttled;

    private volatile boolean stopping;
    private volatile LoopStatus status = new LoopStatus(false, null, 0, true, null);
    private int sinkFailures;

    /**
     * Builds the loop of {@code tenant}'s dedicated worker that ignores placements (all of the tenant's records);
     * {@link #run()} subscribes {@code consumer} to {@code topics}.
     */
    public WorkerLoop(TenantId tenant, String worker, Consumer<byte[], byte[]> consumer, List<String> topics,
                      BatchProcessor processor, DeadLetterPublisher deadLetters, WorkerMetrics metrics,
                      LoopOptions options, Clock clock) {
        this(worker, tenant.value(), consumer, topics, DedicatedRouter.ignoringPlacements(tenant), processor,
                deadLetters, metrics, options, clock, LoopHooks.NONE);
    }

    /**
     * Builds a loop deciding per record with {@code router}; {@code logTenant} is what its own log lines carry in
     * the MDC key {@code tenant} (the tenant of a dedicated worker, the member id of a pool instance).
     */
    public WorkerLoop(String worker, String logTenant, Consumer<byte[], byte[]> consumer, List<String> topics,
                      RecordRouter router, BatchProcessor processor, DeadLetterPublisher deadLetters,
                      WorkerMetrics metrics, LoopOptions options, Clock clock, LoopHooks hooks) {
        this.logTenant = logTenant;
        this.worker = worker;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.router = router;
        this.processor = processor;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.options = options;
        this.clock = clock;
        this.hooks = hooks;
        this.skipSamples = new SkipSampler(clock, SKIP_LOG_INTERVAL);
    }

    /** Runs until {@link #stop()}; the consumer stays open for the caller to close. */
    @Override
    public void run() {
        try (MDC.MDCCloseable t = MDC.putCloseable(WorkerLauncher.TENANT_KEY, logTenant);
             MDC.MDCCloseable w = MDC.putCloseable("worker", worker)) {
            consumer.subscribe(topics, new Rebalance());
            LOG.info("{} loop started on {}", worker, topics);
            status = new LoopStatus(true, null, 0, true, null);
            while (!stopping) {
                if (options.tenantSlice() > 0) {
                    fairIteration();
                } else {
                    iteration();
                }
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
        resumeDue();
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
        hooks.idle();
    }

    /**
     * An iteration with a tenant slice (a pool): reads while less than the backlog limit is queued (else polls with
     * every partition paused, to stay in the group), polling again at once while polls come back full (a burst:
     * what lies behind it is read before the burst is processed), queues the records per tenant, processes one fair turn
     * (up to a slice of each tenant's queue, the quietest tenants first) and commits, per partition, the lowest
     * offset still queued. A turn whose sink is unavailable stays queued and is retried after the backoff.
     */
    private void fairIteration() {
        resumeDue();
        throttle(backlog.bytes() >= options.backlogBytes());
        Duration timeout = backlog.isEmpty() ? options.pollTimeout() : Duration.ZERO;
        for (int polls = 0; polls < MAX_POLLS_PER_TURN; polls++) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(timeout);
            status = new LoopStatus(true, clock.instant(), consumer.assignment().size(), status.sinkAvailable(),
                    status.lastError());
            if (!polled.isEmpty() && !queuePoll(polled)) {
                return;
            }
            // a full poll: the consumer may hold more of a burst, and a quiet tenant's records may lie behind it
            if (polled.count() < options.pollBatch() || backlog.bytes() >= options.backlogBytes()) {
                break;
            }
            timeout = Duration.ZERO;
        }
        if (!backlog.isEmpty()) {
            processTurn();
        }
        commitProgress();
        metrics.consumerLag(currentLag() + backlog.size());
        hooks.idle();
    }

    /** Routes a poll and queues its records; false when its dead letters could not be written (poll rewound). */
    private boolean queuePoll(ConsumerRecords<byte[], byte[]> polled) {
        Routed routed = route(polled);
        try {
            publishDeadLetters(routed.rejections);
        } catch (SinkUnavailableException e) {
            rewind(polled);
            backOff(e);
            return false;
        }
        backlog.addAll(routed.mine);
        routed.next.forEach((tp, next) -> readUpTo.put(tp, next.offset()));
        pauseWaiting(routed);
        countRouted(routed);
        routed.rejections.forEach(this::countAndLog);
        return true;
    }

    /** Processes one fair turn of the backlog; on success its records leave the backlog. */
    private void processTurn() {
        List<InboundRecord> turn = backlog.next(options.tenantSlice(), options.pollBatch());
        Instant started = clock.instant();
        try {
            BatchOutcome outcome = processor.process(turn);
            List<Rejection> rejections = new ArrayList<>(outcome.rejections());
            publishDeadLetters(rejections);
            backlog.done(turn);
            metrics.recordsOut(outcome.outputs());
            rejections.forEach(this::countAndLog);
            recordLatency(turn);
            markSinkAvailable();
            metrics.batchProcessed(turn.size(), Duration.between(started, clock.instant()));
        } catch (SinkUnavailableException e) {
            backOff(e);
        } catch (RuntimeException e) {
            LOG.error("{} processor failed unexpectedly", worker, e);
            backOff(new SinkUnavailableException("processor failed: " + e, e));
        }
    }

    /** Commits, for each partition whose committable offset moved, the lowest offset still queued there. */
    private void commitProgress() {
        commitProgress(readUpTo.keySet());
    }

    private void commitProgress(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> reads = new HashMap<>(readUpTo);
        reads.keySet().retainAll(partitions);
        Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
        backlog.committable(reads).forEach((tp, offset) -> {
            if (!offset.equals(committed.get(tp))) {
                moved.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (!moved.isEmpty() && commit(moved)) {
            moved.forEach((tp, o) -> committed.put(tp, o.offset()));
        }
    }

    /** Pauses every assigned partition while the backlog is full; resumes those not waiting for a placement. */
    private void throttle(boolean full) {
        if (full && !throttled) {
            consumer.pause(consumer.assignment());
            throttled = true;
        } else if (!full && throttled) {
            List<TopicPartition> resume = new ArrayList<>(consumer.assignment());
            resume.removeAll(paused.keySet());
            consumer.resume(resume);
            throttled = false;
        }
    }

    /** Returns true when the poll was processed and committed, false when it must be retried. */
    private boolean processPoll(ConsumerRecords<byte[], byte[]> polled) {
        Routed routed = route(polled);
        try {
            BatchOutcome outcome = routed.mine.isEmpty() ? new BatchOutcome(0, List.of())
                    : processor.process(routed.mine);
            List<Rejection> rejections = routed.rejections;
            rejections.addAll(outcome.rejections());
            publishDeadLetters(rejections);
            commit(routed.next);
            pauseWaiting(routed);
            countRouted(routed);
            metrics.recordsOut(outcome.outputs());
            rejections.forEach(this::countAndLog);
            recordLatency(routed.mine);
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

    /** Sorts {@code rejections} in offset order and dead-letters them (nothing when there is none). */
    private void publishDeadLetters(List<Rejection> rejections) throws SinkUnavailableException {
        if (!rejections.isEmpty()) {
            rejections.sort(IN_OFFSET_ORDER);
            deadLetters.publish(rejections);
        }
    }

    /** The metrics and hooks of a routed poll: records in, skipped by topic, reason and tenant, a sample of unowned. */
    private void countRouted(Routed routed) {
        routed.inByTopic.forEach(metrics::recordsIn);
        routed.skippedByTopic.forEach(metrics::recordsForeign);
        routed.skippedByReason.forEach(metrics::recordsSkipped);
        routed.skippedByTenant.forEach((k, n) -> hooks.skipped(k.tenant(), k.reason(), n));
        routed.unowned.forEach(this::sampleSkipped);
    }

    /** One poll's records sorted by the router's decisions. */
    private static final class Routed {
        final List<InboundRecord> mine = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>();
        final Map<String, Integer> inByTopic = new HashMap<>();
        final Map<String, Integer> skippedByTopic = new HashMap<>();
        final Map<String, Integer> skippedByReason = new HashMap<>();
        final Map<SkipKey, Integer> skippedByTenant = new HashMap<>();
        final List<ConsumerRecord<byte[], byte[]>> unowned = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        final Map<TopicPartition, Paused> waiting = new LinkedHashMap<>();
        long version;
    }

    /** A skip count's key: the tenant (null when the key names none) and the reason. */
    private record SkipKey(TenantId tenant, String reason) {
    }

    /** A partition paused at {@code offset} until {@code untilMs} or a change of the router's version. */
    private record Paused(long offset, long untilMs, long version, TenantId tenant) {
    }

    private Routed route(ConsumerRecords<byte[], byte[]> polled) {
        Routed routed = new Routed();
        routed.version = router.version();
        for (TopicPartition tp : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(tp);
            long next = records.get(records.size() - 1).offset() + 1;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                RecordRoute route = router.route(r.key(), r.timestamp());
                if (route.kind() == RecordRoute.Kind.WAIT) {
                    next = r.offset();
                    routed.waiting.put(tp, new Paused(r.offset(), route.waitUntilMs(), routed.version,
                            route.tenant()));
                    break;
                }
                routed.inByTopic.merge(r.topic(), 1, Integer::sum);
                if (route.kind() == RecordRoute.Kind.PROCESS) {
                    admit(r, routed.mine, routed.rejections);
                    continue;
                }
                routed.skippedByTopic.merge(r.topic(), 1, Integer::sum);
                routed.skippedByReason.merge(route.reason(), 1, Integer::sum);
                routed.skippedByTenant.merge(new SkipKey(route.tenant(), route.reason()), 1, Integer::sum);
                if (route.tenant() == null && !RecordRoute.FOREIGN.equals(route.reason())) {
                    routed.unowned.add(r);
                }
            }
            routed.next.put(tp, new OffsetAndMetadata(next));
        }
        return routed;
    }

    /** Rewinds each partition that stopped on a waiting record to it, and pauses it. */
    private void pauseWaiting(Routed routed) {
        if (routed.waiting.isEmpty()) {
            return;
        }
        List<TopicPartition> toPause = new ArrayList<>();
        for (Map.Entry<TopicPartition, Paused> e : routed.waiting.entrySet()) {
            if (consumer.assignment().contains(e.getKey())) {
                consumer.seek(e.getKey(), e.getValue().offset());
                toPause.add(e.getKey());
                paused.put(e.getKey(), e.getValue());
                LOG.info("{} paused {} at offset {}: waiting for the placement of tenant {}", worker, e.getKey(),
                        e.getValue().offset(), e.getValue().tenant());
            }
        }
        consumer.pause(toPause);
    }

    /** Resumes the paused partitions whose wait ended or whose router changed its mind since. */
    private void resumeDue() {
        if (paused.isEmpty()) {
            return;
        }
        long version = router.version();
        long now = clock.millis();
        List<TopicPartition> due = new ArrayList<>();
        paused.entrySet().removeIf(e -> {
            boolean resume = e.getValue().version() != version || now >= e.getValue().untilMs();
            if (resume) {
                due.add(e.getKey());
            }
            return resume;
        });
        due.retainAll(consumer.assignment());
        if (!due.isEmpty() && !throttled) {
            consumer.resume(due);
            LOG.debug("{} resumed {}", worker, due);
        }
    }

    /** Forgets the pauses of partitions the group takes away, and tells the hooks. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!backlog.isEmpty() || !readUpTo.isEmpty()) {
                // what was processed is committed while the partitions are still this member's
                commitProgress(partitions);
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(paused::remove);
            backlog.drop(partitions);
            readUpTo.keySet().removeAll(partitions);
            committed.keySet().removeAll(partitions);
            hooks.revoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            hooks.assigned(consumer, partitions);
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
        String reason = r.key() == null ? RecordRoute.NO_KEY : RecordRoute.INVALID_KEY;
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
        RecordKey key = r.record().key();
        String tenant = key != null ? key.tenant().value() : logTenant;
        try (MDC.MDCCloseable t = MDC.putCloseable(WorkerLauncher.TENANT_KEY, tenant)) {
            LOG.warn("{} dead-lettered {} ({}): {}", worker, r.record().position(), r.reason(),
                    r.message());
        }
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

    /** Commits the offsets of partitions still assigned; true when the commit went through. */
    private boolean commit(Map<TopicPartition, OffsetAndMetadata> polledOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(polledOffsets);
        // Never for a partition the group took away meanwhile: its new owner's commits are the ones that count.
        offsets.keySet().retainAll(consumer.assignment());
        if (offsets.isEmpty()) {
            return false;
        }
        try {
            consumer.commitSync(offsets);
            return true;
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
        return false;
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
