package io.kgrca.common.worker;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Where a dedicated worker starts after a move: when its tenant's placement says it was moved to the dedicated side
 * and its group has no committed offset for a newly assigned partition, the partition starts at the first record
 * stamped at or after {@code since - overlap} ({@code offsetsForTimes}; its end when there is none), not at the
 * earliest offset, which the pool has already processed. Without such a placement it does nothing: the earliest
 * offset, as before placements existed.
 */
public final class DedicatedStart implements LoopHooks {

    private static final Logger LOG = LoggerFactory.getLogger(DedicatedStart.class);

    private final TenantId tenant;
    private final PlacementView view;
    private final Duration overlap;

    /** The start rule of {@code tenant}'s dedicated worker. */
    public DedicatedStart(TenantId tenant, PlacementView view, Duration overlap) {
        this.tenant = tenant;
        this.view = view;
        this.overlap = overlap;
    }

    /**
     * Pure: the broker time from which a fresh dedicated group of {@code placement}'s tenant reads, or -1 when it
     * reads from the earliest offset (no placement, or one that is not a move to the dedicated side).
     */
    public static long startAt(Placement placement, Duration overlap) {
        if (placement == null || placement.mode() != PlacementMode.DEDICATED || placement.previous() == null) {
            return -1;
        }
        return Math.max(0, placement.since().toEpochMilli() - overlap.toMillis());
    }

    @Override
    public void assigned(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
        long at = startAt(view.get(tenant.value()).orElse(null), overlap);
        if (at < 0 || partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        Map<TopicPartition, Long> fresh = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (committed.get(tp) == null) {
                fresh.put(tp, at);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(fresh);
        List<TopicPartition> none = fresh.keySet().stream().filter(tp -> found.get(tp) == null).toList();
        Map<TopicPartition, Long> ends = none.isEmpty() ? Map.of() : consumer.endOffsets(none);
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        for (TopicPartition tp : fresh.keySet()) {
            OffsetAndTimestamp o = found.get(tp);
            long offset = o != null ? o.offset() : ends.get(tp);
            consumer.seek(tp, offset);
            start.put(tp, new OffsetAndMetadata(offset));
        }
        commit(consumer, start);
        LOG.info("tenant {} was moved to dedicated placement: {} partition(s) without a committed offset start at "
                + "broker time {} (since - overlap), committed there", tenant, fresh.size(), at);
    }

    /**
     * Commits where the fresh partitions start. The loop only commits the partitions a poll returned records of, so
     * without this a partition that receives nothing after the move (a quiet state topic) would keep no committed
     * offset at all, its group would seem to stand at the partition's earliest offset, before the handoff, and the
     * control plane would never find the dedicated side drained after a move back to shared (its workers kept
     * forever). A failed commit is only logged: the next poll of the partition commits.
     */
    private void commit(Consumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> start) {
        try {
            consumer.commitSync(start);
        } catch (KafkaException e) {
            LOG.warn("tenant {}: committing the start offsets of {} partition(s) failed ({}); they are committed "
                    + "with their first records", tenant, start.size(), e.toString());
        }
    }
}
