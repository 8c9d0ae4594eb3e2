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

/** A pool instance's loop on Kafka's in-memory consumer: the WAIT for a tenant's placement pauses its partition. */
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
    private final WorkerLoop loop = new WorkerLoop("test-worker", "test-worker.pool-0", consumer, List.of(TOPIC),
            new PoolRouter(view, Duration.ofSeconds(5), WAIT, clock), this::process,
            new DeadLetterPublisher(producer, "test-worker", null), new WorkerMetrics() {
                @Override
                public void recordsSkipped(String reason, int count) {
                    skipped.merge(reason, count, Integer::sum);
                }
            }, LoopOptions.defaults(), clock, LoopHooks.NONE);

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

    private BatchOutcome process(List<InboundRecord> records) {
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
