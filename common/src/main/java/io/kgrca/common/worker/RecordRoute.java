package io.kgrca.common.worker;

import io.kgrca.common.tenant.TenantId;

import java.util.Objects;

/**
 * A {@link RecordRouter}'s decision on one consumed record.
 *
 * @param kind        process, skip or wait
 * @param tenant      the key's tenant when it has a valid one (always for {@link Kind#PROCESS} and
 *                    {@link Kind#WAIT}), else null
 * @param reason      for {@link Kind#SKIP}, a stable code fit for a metric label ({@code foreign}, {@code no-key},
 *                    {@code invalid-key}, {@code dedicated}, {@code shared}, {@code unplaced}, {@code not-placed});
 *                    null otherwise
 * @param waitUntilMs for {@link Kind#WAIT}, the wall-clock time (ms) at which the wait for the tenant's placement
 *                    ends; 0 otherwise
 */
public record RecordRoute(Kind kind, TenantId tenant, String reason, long waitUntilMs) {

    /** What the loop does with the record. */
    public enum Kind {
        /** Hand it to the processor (the tenant's, in a pool). */
        PROCESS,
        /** Skip it, counted by reason; it is committed with the rest of the poll. */
        SKIP,
        /**
         * Do not decide yet: process what precedes it on its partition, then rewind the partition to it and pause
         * the partition until the placements change or the wait ends.
         */
        WAIT
    }

    /** Skip reason: another tenant's record (a dedicated worker). */
    public static final String FOREIGN = "foreign";
    /** Skip reason: a record without a key. */
    public static final String NO_KEY = "no-key";
    /** Skip reason: a key whose tenant part is no valid tenant id. */
    public static final String INVALID_KEY = "invalid-key";
    /** Skip reason (pool): the tenant's record belongs to its dedicated workers. */
    public static final String DEDICATED = "dedicated";
    /** Skip reason (dedicated worker): its tenant's record belongs to the pool. */
    public static final String SHARED = "shared";
    /** Skip reason (pool): the tenant has had no placement for longer than the wait. */
    public static final String UNPLACED = "unplaced";
    /** Skip reason (pool): a tombstone removed the tenant's placement. */
    public static final String NOT_PLACED = "not-placed";

    /** Checks the parts agree with the kind. */
    public RecordRoute {
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.SKIP && tenant == null) {
            throw new IllegalArgumentException(kind + " needs a tenant");
        }
        if (kind == Kind.SKIP && reason == null) {
            throw new IllegalArgumentException("a skip needs a reason");
        }
    }

    /** Process {@code tenant}'s record. */
    public static RecordRoute process(TenantId tenant) {
        return new RecordRoute(Kind.PROCESS, tenant, null, 0);
    }

    /** Skip a record, of {@code tenant} (null when the key has none), for {@code reason}. */
    public static RecordRoute skip(TenantId tenant, String reason) {
        return new RecordRoute(Kind.SKIP, tenant, reason, 0);
    }

    /** Wait for {@code tenant}'s placement until {@code untilMs}. */
    public static RecordRoute waitFor(TenantId tenant, long untilMs) {
        return new RecordRoute(Kind.WAIT, tenant, null, untilMs);
    }
}
