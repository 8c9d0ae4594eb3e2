package io.kgrca.controlplane.placement;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;

import java.time.Duration;
import java.util.List;

/**
 * Pure: the decisions of a move around the handoff rule of {@link Placement}. The same drain rule applies to both
 * directions: after a move to dedicated, the pools' groups; after a move to shared, the tenant's dedicated groups. No Kafka, no clock: the caller reads
 * the groups' progress ({@link GroupProgress}) and passes the time.
 *
 * <p><b>Dedicated workers wanted.</b> A tenant has dedicated workers while its placement is dedicated, and, after a
 * move to shared, until its dedicated groups are drained: they must process every record stamped before
 * {@code since + overlap}, which the pools no longer own.
 *
 * <p><b>Drained.</b> On one partition, a group's consumption has passed the broker time {@code t} when its position
 * (committed offset; the partition's start without a commit) is at or past the first record stamped at or after
 * {@code t}, or at the partition's end (everything written so far was consumed: it has passed "now"). The groups
 * are drained when the least of these times over every partition of every group has passed {@code since +
 * overlap} ({@link Placement#drainedBy}).
 */
public final class HandoffPlanner {

    private HandoffPlanner() {
    }

    /**
     * Whether the tenant should have dedicated workers now.
     *
     * @param placement its placement, or null when it has none (yet)
     * @param drained   whether the dedicated groups were found drained for this placement's epoch
     * @param intended  the placement it would get (provision or default), used while it has none
     */
    public static boolean dedicatedWanted(Placement placement, boolean drained, PlacementMode intended) {
        if (placement == null) {
            return intended == PlacementMode.DEDICATED;
        }
        if (placement.mode() == PlacementMode.DEDICATED) {
            return true;
        }
        return placement.previous() == PlacementMode.DEDICATED && !drained;
    }

    /** True when the placement is a move away from dedicated whose old side may still have work. */
    public static boolean awaitsDrain(Placement placement) {
        return placement != null && placement.mode() != PlacementMode.DEDICATED
                && placement.previous() == PlacementMode.DEDICATED;
    }

    /**
     * The broker time up to which the group has certainly consumed this partition: {@code nowMs} at its end, the
     * boundary record's timestamp at or past it, else {@link Long#MIN_VALUE} (not known to have passed anything).
     */
    public static long reachedMs(PartitionProgress p, long nowMs) {
        long position = p.position();
        if (position >= p.end()) {
            return nowMs;
        }
        if (p.boundaryOffset() >= 0 && position >= p.boundaryOffset()) {
            return p.boundaryTimestamp();
        }
        return Long.MIN_VALUE;
    }

    /** The least {@link #reachedMs} over {@code progress}; {@code nowMs} when there is no partition at all. */
    public static long reachedMs(List<PartitionProgress> progress, long nowMs) {
        long reached = nowMs;
        for (PartitionProgress p : progress) {
            reached = Math.min(reached, reachedMs(p, nowMs));
        }
        return reached;
    }

    /**
     * True when the groups of the previous side of {@code placement} (dedicated groups, or the pools') have nothing
     * more to do for the tenant ({@link Placement#drainedBy}); a placement that is no move has nothing to drain.
     */
    public static boolean drained(Placement placement, Duration overlap, long nowMs, List<PartitionProgress> progress) {
        return placement.previous() == null
                || placement.drainedBy(placement.previous(), reachedMs(progress, nowMs), overlap);
    }

    /** The broker time the old side of a move must pass: {@code since + overlap}. */
    public static long boundaryMs(Placement placement, Duration overlap) {
        return placement.since().toEpochMilli() + overlap.toMillis();
    }

    /** {@code shared->dedicated} or {@code dedicated->shared}: the metrics' and logs' direction of a move. */
    public static String direction(PlacementMode from, PlacementMode to) {
        return from.wire() + "->" + to.wire();
    }
}
