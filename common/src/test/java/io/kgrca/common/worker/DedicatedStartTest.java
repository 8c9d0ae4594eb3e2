package io.kgrca.common.worker;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a fresh dedicated group starts after a move, on a mock consumer whose {@code offsetsForTimes} answers from a
 * table. The start offsets must be committed: a partition that receives nothing after the move (a quiet state
 * topic) otherwise keeps no committed offset, its group seems to stand at the partition's earliest offset, and the
 * control plane never finds the dedicated side drained after the move back (the end-to-end move test waited in vain
 * for the removal of the tenant's dedicated containers).
 */
class DedicatedStartTest {

    private static final TenantId TENANT = TenantId.of("ds-1");
    private static final Duration OVERLAP = Duration.ofSeconds(10);
    private static final Instant SINCE = Instant.parse("2026-12-07T14:29:58Z");
    private static final TopicPartition BUSY = new TopicPartition("events.normalized", 0);
    private static final TopicPartition QUIET = new TopicPartition("state.k8s.topology", 0);
    private static final TopicPartition OLD = new TopicPartition("state.k8s.resource", 0);

    /** A mock consumer that knows the first offset at or after a time on some partitions. */
    private static final class TimedConsumer extends MockConsumer<byte[], byte[]> {
        private final Map<TopicPartition, Long> firstAfter = new HashMap<>();

        TimedConsumer() {
            super("earliest");
        }

        @Override
        public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                Map<TopicPartition, Long> timestamps) {
            Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
            timestamps.forEach((tp, ts) -> out.put(tp, firstAfter.containsKey(tp)
                    ? new OffsetAndTimestamp(firstAfter.get(tp), ts) : null));
            return out;
        }
    }

    @Test
    void aMovedTenantsFreshPartitionsStartAtSinceMinusOverlapAndTheStartIsCommitted() {
        PlacementView view = new PlacementView();
        view.put(Placement.initial(TENANT.value(), PlacementMode.SHARED, Instant.EPOCH)
                .moveTo(PlacementMode.DEDICATED, SINCE, SINCE.minusSeconds(5)));
        TimedConsumer consumer = new TimedConsumer();
        consumer.assign(List.of(BUSY, QUIET, OLD));
        consumer.updateBeginningOffsets(Map.of(BUSY, 0L, QUIET, 0L, OLD, 0L));
        consumer.updateEndOffsets(Map.of(BUSY, 900L, QUIET, 12L, OLD, 40L));
        consumer.firstAfter.put(BUSY, 700L);
        consumer.commitSync(Map.of(OLD, new OffsetAndMetadata(40L)));

        new DedicatedStart(TENANT, view, OVERLAP).assigned(consumer, List.of(BUSY, QUIET, OLD));

        assertThat(consumer.position(BUSY)).as("first record at or after since - overlap").isEqualTo(700L);
        assertThat(consumer.position(QUIET)).as("nothing after since - overlap: its end").isEqualTo(12L);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(BUSY, QUIET, OLD));
        assertThat(committed.get(BUSY)).as("the busy partition's start, committed").isNotNull()
                .extracting(OffsetAndMetadata::offset).isEqualTo(700L);
        assertThat(committed.get(QUIET)).as("the quiet partition's start (its end), committed").isNotNull()
                .extracting(OffsetAndMetadata::offset).isEqualTo(12L);
        assertThat(committed.get(OLD).offset()).as("a partition with a commit is left alone").isEqualTo(40L);
    }

    @Test
    void withoutAMoveToDedicatedNothingIsSoughtOrCommitted() {
        PlacementView view = new PlacementView();
        view.put(Placement.initial(TENANT.value(), PlacementMode.DEDICATED, Instant.EPOCH));
        TimedConsumer consumer = new TimedConsumer();
        consumer.assign(List.of(QUIET));
        consumer.updateBeginningOffsets(Map.of(QUIET, 0L));
        consumer.updateEndOffsets(Map.of(QUIET, 12L));

        new DedicatedStart(TENANT, view, OVERLAP).assigned(consumer, List.of(QUIET));

        assertThat(consumer.committed(Set.of(QUIET)).get(QUIET)).isNull();
        assertThat(consumer.position(QUIET)).as("the earliest offset, as before placements").isZero();
    }
}
