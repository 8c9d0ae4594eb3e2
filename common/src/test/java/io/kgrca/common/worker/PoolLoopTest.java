package io.kgrca.common.worker;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.testsupport.MutableClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool instance's loop on Kafka's in-memory consumer, with the pool's fair turns (a tenant slice): the WAIT for a
 * tenant's placement pauses its partition; a flooding tenant's burst is processed in slices after the quiet tenants;
 * commits never pass a record still queued.
 */
class PoolLoopTest {

    private static final String TOPIC = "raw.k8s.events";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final TopicPartition OTHER = new TopicPartition(TOPIC, 1);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final MutableClock clock = new MutableClock(NOW);
    private final PlacementView view = new PlacementView();
    private final List<String> seen = new ArrayList<>();
    private final Map<String, Integer> skipped = new HashMap<>();
    private int failuresToCome;
    private final WorkerLoop loop = loop(LoopOptions.defaults().withTenantSlice(2, 1 << 20, 500));

    private WorkerLoop loop(LoopOptions options) {
        return new WorkerLoop("test-worker", "test-worker.pool-0", consumer, List.of(TOPIC),
                new PoolRouter(view, Duration.ofSeconds(5), WAIT, clock), this::process,
                new DeadLetterPublisher(producer, "test-worker", null), new WorkerMetrics() {
                    @Override
                    public void recordsSkipped(String reason, int count) {
                        skipped.merge(reason, count, Integer::sum);
                    }
                }, options.withSinkBackoff(LoopOptions.sinkBackoff(Duration.ofMillis(1))), clock, LoopHooks.NONE);
    }

    @Test
    void aFloodingTenantsBurstIsProcessedInSlicesAfterTheQuietTenants() {
        view.put(Placement.initial("f", PlacementMode.SHARED, NOW));
        view.put(Placement.initial("q", PlacementMode.SHARED, NOW));
        view.put(Placement.initial("r", PlacementMode.SHARED, NOW));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            for (int i = 0; i < 5; i++) {
                consumer.addRecord(record(TP, i, "f::event::" + i));
            }
            consumer.addRecord(record(TP, 5, "q::event::5"));
            consumer.addRecord(record(TP, 6, "r::event::6"));
        });
        consumer.schedulePollTask(() -> {
            assertThat(seen).as("the quiet tenants first, then one slice of the flood")
                    .containsExactly("q::event::5", "r::event::6", "f::event::0", "f::event::1");
            assertThat(committed(TP)).as("never past a record still queued").isEqualTo(2);
            consumer.addRecord(record(TP, 7, "q::event::7"));
        });
        consumer.schedulePollTask(() -> {
            assertThat(seen.subList(4, seen.size())).as("a record read during the burst goes before its rest")
                    .containsExactly("q::event::7", "f::event::2", "f::event::3");
            assertThat(committed(TP)).isEqualTo(4);
        });
        consumer.schedulePollTask(loop::stop);

        loop.run();

        assertThat(seen).hasSize(8).endsWith("f::event::4");
        assertThat(committed(TP)).isEqualTo(8);
    }

    @Test
    void aTurnWhoseSinkFailsStaysQueuedAndNothingPassesItsOffsets() {
        view.put(Placement.initial("a", PlacementMode.SHARED, NOW));
        failuresToCome = 2;
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.addRecord(record(TP, 0, "a::event::0"));
        });
        consumer.schedulePollTask(() -> assertThat(committed(TP)).isZero());
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(loop::stop);

        loop.run();

        assertThat(seen).containsExactly("a::event::0");
        assertThat(committed(TP)).isEqualTo(1);
    }

    @Test
    void aFullBacklogPausesReadingUntilItDrains() {
        // each record: an 11-byte key and a 2-byte value; reading stops while more than 3 records' worth are queued
        WorkerLoop small = loop(LoopOptions.defaults().withTenantSlice(1, 3 * 14, 500));
        view.put(Placement.initial("a", PlacementMode.SHARED, NOW));
        view.put(Placement.initial("b", PlacementMode.SHARED, NOW));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP, OTHER));
            consumer.updateBeginningOffsets(Map.of(TP, 0L, OTHER, 0L));
            for (int i = 0; i < 8; i++) {
                consumer.addRecord(record(TP, i, (i % 2 == 0 ? "a" : "b") + "::event::" + i));
            }
        });
        List<Set<TopicPartition>> pausedAtEachPoll = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            consumer.schedulePollTask(() -> pausedAtEachPoll.add(Set.copyOf(consumer.paused())));
        }
        consumer.schedulePollTask(small::stop);

        small.run();

        assertThat(pausedAtEachPoll.get(0)).as("6 queued, more than 3: every partition paused")
                .containsExactlyInAnyOrder(TP, OTHER);
        assertThat(pausedAtEachPoll.get(pausedAtEachPoll.size() - 1)).as("drained: reading again").isEmpty();
        assertThat(seen).hasSize(8);
        assertThat(committed(TP)).isEqualTo(8);
    }

    @Test
    void aRecordOfATenantPlacedDuringTheWaitIsProcessedAfterWhatPrecededIt() {
        view.put(Placement.initial("a", PlacementMode.SHARED, NOW));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP, OTHER));
            consumer.updateBeginningOffsets(Map.of(TP, 0L, OTHER, 0L));
            consumer.addRecord(record(TP, 0, "a::event::0"));
            consumer.addRecord(record(TP, 1, "n::event::1"));
            consumer.addRecord(record(TP, 2, "a::event::2"));
            consumer.addRecord(record(OTHER, 0, "a::event::o0"));
        });
        consumer.schedulePollTask(() -> {
            assertThat(seen).containsExactly("a::event::0", "a::event::o0");
            assertThat(committed(TP)).as("committed up to the waiting record").isEqualTo(1);
            assertThat(committed(OTHER)).as("the other partition goes on").isEqualTo(1);
            assertThat(consumer.paused()).containsExactly(TP);
            assertThat(consumer.position(TP)).isEqualTo(1);
            consumer.addRecord(record(OTHER, 1, "a::event::o1"));
            view.put(Placement.initial("n", PlacementMode.SHARED, NOW));
        });
        consumer.schedulePollTask(() -> {
            assertThat(consumer.paused()).as("resumed on the placement").isEmpty();
            consumer.addRecord(record(TP, 1, "n::event::1"));
            consumer.addRecord(record(TP, 2, "a::event::2"));
        });
        consumer.schedulePollTask(loop::stop);

        loop.run();

        assertThat(seen).containsExactly("a::event::0", "a::event::o0", "a::event::o1", "n::event::1",
                "a::event::2");
        assertThat(committed(TP)).isEqualTo(3);
        assertThat(skipped).isEmpty();
    }

    @Test
    void whenTheWaitEndsTheUnplacedTenantsRecordsAreSkippedAndThePartitionGoesOn() {
        view.put(Placement.initial("a", PlacementMode.SHARED, NOW));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.addRecord(record(TP, 0, "n::event::0"));
            consumer.addRecord(record(TP, 1, "a::event::1"));
        });
        consumer.schedulePollTask(() -> {
            assertThat(seen).isEmpty();
            assertThat(consumer.paused()).containsExactly(TP);
            clock.advance(WAIT.minusMillis(1));
        });
        consumer.schedulePollTask(() -> {
            assertThat(consumer.paused()).as("still waiting").containsExactly(TP);
            clock.advance(Duration.ofMillis(1));
        });
        consumer.schedulePollTask(() -> {
            assertThat(consumer.paused()).isEmpty();
            consumer.addRecord(record(TP, 0, "n::event::0"));
            consumer.addRecord(record(TP, 1, "a::event::1"));
        });
        consumer.schedulePollTask(loop::stop);

        loop.run();

        assertThat(seen).containsExactly("a::event::1");
        assertThat(skipped).isEqualTo(Map.of("unplaced", 1));
        assertThat(committed(TP)).isEqualTo(2);
    }

    @Test
    void aPausedPartitionTheGroupTakesAwayIsForgottenAndNothingIsCommittedForIt() {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L, OTHER, 0L));
            consumer.addRecord(record(TP, 0, "n::event::0"));
        });
        consumer.schedulePollTask(() -> {
            assertThat(consumer.paused()).containsExactly(TP);
            consumer.rebalance(List.of(OTHER));
            consumer.addRecord(record(OTHER, 0, "a::event::0"));
            view.put(Placement.initial("a", PlacementMode.SHARED, NOW));
        });
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(loop::stop);

        loop.run();

        assertThat(seen).containsExactly("a::event::0");
        assertThat(committed(OTHER)).isEqualTo(1);
        assertThat(committed(TP)).as("the partition taken away stays at its waiting record").isZero();
    }

    private BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException {
        if (failuresToCome > 0) {
            failuresToCome--;
            throw new SinkUnavailableException("the sink is down (test)", null);
        }
        records.forEach(r -> seen.add(r.key().encode()));
        return new BatchOutcome(records.size(), List.of());
    }

    private long committed(TopicPartition tp) {
        OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
        return o == null ? 0 : o.offset();
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, String key) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
    }
}
