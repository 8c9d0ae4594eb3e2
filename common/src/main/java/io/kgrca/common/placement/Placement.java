package io.kgrca.common.placement;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's placement: the value of a {@code cluster.placement} record keyed by the tenant id (a tombstone: the
 * tenant is placed nowhere, its records are skipped by every pool). The control plane writes it; pool instances
 * and dedicated workers follow the topic.
 *
 * <p><b>Handoff.</b> A move from {@link #previous()} to {@link #mode()} happens at the broker timestamp
 * {@link #since()} (the shared topics are {@code LogAppendTime}, so every record's timestamp is the broker's).
 * Around it both sides process an {@code overlap}: the new side owns the tenant's records stamped at or after
 * {@code since - overlap}, the old side those stamped before {@code since + overlap}. Records in the window are
 * processed twice, which the idempotent sinks (deterministic ids, MERGE) absorb; no record is owned by nobody.
 * The control plane chooses {@code since} ahead of the time it writes the record (a lead longer than the
 * followers' delay), so that neither side has passed it when it learns of the move.
 *
 * @param tenant    the tenant id; must agree with the record key
 * @param mode      where the tenant's records go from {@link #since()} on
 * @param since     the handoff's broker time; {@link Instant#EPOCH} for a tenant placed once and never moved
 * @param previous  where they went before {@code since}; null when the tenant was never placed elsewhere
 * @param epoch     increases by one with every move of the tenant (0 at its first placement)
 * @param changedAt when the control plane wrote this placement (its clock; informational)
 */
public record Placement(
        @JsonProperty(value = "tenant", required = true) String tenant,
        @JsonProperty(value = "placement", required = true) PlacementMode mode,
        @JsonProperty(value = "since", required = true) Instant since,
        @JsonProperty("previous") PlacementMode previous,
        @JsonProperty("epoch") long epoch,
        @JsonProperty("changed_at") Instant changedAt) {

    /** Checks the required parts; a move to where the tenant already is has no previous placement. */
    public Placement {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(mode, "placement");
        Objects.requireNonNull(since, "since");
        if (previous == mode) {
            previous = null;
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " is negative");
        }
    }

    /** A tenant's first placement: {@code mode} for all its records, from the beginning. */
    public static Placement initial(String tenant, PlacementMode mode, Instant now) {
        return new Placement(tenant, mode, Instant.EPOCH, null, 0, now);
    }

    /**
     * The placement after moving this tenant to {@code to} at the broker time {@code at}; the same placement when
     * it is already there.
     */
    public Placement moveTo(PlacementMode to, Instant at, Instant now) {
        if (to == mode) {
            return this;
        }
        return new Placement(tenant, to, at, mode, epoch + 1, now);
    }

    /**
     * Pure: whether a worker of placement {@code side} owns this tenant's record stamped {@code timestampMs} by the
     * broker, with {@code overlap} on each side of the handoff. Exactly the rule of the class comment: the current
     * side owns from {@code since - overlap}, the previous side until {@code since + overlap}; a side that is
     * neither owns nothing.
     */
    public boolean owns(PlacementMode side, long timestampMs, Duration overlap) {
        long sinceMs = since.toEpochMilli();
        long overlapMs = overlap.toMillis();
        if (side == mode) {
            return previous == null || timestampMs >= sinceMs - overlapMs;
        }
        return side == previous && timestampMs < sinceMs + overlapMs;
    }

    /**
     * True once {@code side} has nothing more to do for this tenant after the broker time {@code reachedMs}: it is
     * the previous side and its consumption has passed {@code since + overlap}. The control plane uses this to
     * retire the old side of a move.
     */
    public boolean drainedBy(PlacementMode side, long reachedMs, Duration overlap) {
        return side != mode && (side != previous || reachedMs >= since.toEpochMilli() + overlap.toMillis());
    }
}
