package io.kgrca.common.worker;

/**
 * Pure per-record decision of a {@link WorkerLoop}: from a record's key bytes and its broker timestamp, whether the
 * loop processes it (and for which tenant), skips it (and why) or waits. Called on the loop's thread only, before
 * any value is parsed. {@link DedicatedRouter} is a tenant's own worker's rule, {@link PoolRouter} a pool
 * instance's.
 */
public interface RecordRouter {

    /** The decision on the record with {@code key} (may be null) stamped {@code brokerTimestampMs}. */
    RecordRoute route(byte[] key, long brokerTimestampMs);

    /**
     * Increases whenever a decision may have changed (a placement arrived, moved or was removed): the loop resumes
     * the partitions it paused on a {@link RecordRoute.Kind#WAIT} when it does.
     */
    default long version() {
        return 0;
    }
}
