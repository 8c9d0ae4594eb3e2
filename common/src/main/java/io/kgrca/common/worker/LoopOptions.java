package io.kgrca.common.worker;

import io.kgrca.common.config.WorkerDefinitions;
import io.kgrca.common.retry.ExponentialBackoff;

import java.time.Duration;

/**
 * Tuning of a {@link WorkerLoop}.
 *
 * @param pollTimeout    how long one poll waits for records
 * @param maxRecordBytes values larger than this are dead-lettered as oversized without being parsed
 * @param sinkBackoff    the wait between retries of a batch whose sink is unavailable
 * @param tenantSlice    0: each poll is processed whole, in offset order (a dedicated worker); more: the loop
 *                       queues what it reads per tenant and processes at most this many records of each tenant
 *                       before it polls again ({@link FairBacklog}, a pool instance: {@code POOL_TENANT_SLICE})
 * @param backlogLimit   with a tenant slice, the loop stops reading (pauses its partitions, still polling) while
 *                       this many records are queued
 */
public record LoopOptions(Duration pollTimeout, int maxRecordBytes, ExponentialBackoff sinkBackoff, int tenantSlice,
                          int backlogLimit) {

    /** Options without a tenant slice: every poll processed whole. */
    public LoopOptions(Duration pollTimeout, int maxRecordBytes, ExponentialBackoff sinkBackoff) {
        this(pollTimeout, maxRecordBytes, sinkBackoff, 0, 0);
    }

    /** Checks the values. */
    public LoopOptions {
        if (tenantSlice < 0 || backlogLimit < 0 || (tenantSlice > 0 && backlogLimit < 1)) {
            throw new IllegalArgumentException("tenant slice " + tenantSlice + " and backlog limit " + backlogLimit
                    + ": both at least 0, and a backlog limit of at least 1 with a slice");
        }
    }

    /** The longest wait between two retries of a batch whose sink is unavailable ({@code SINK_BACKOFF_MAX}). */
    public static final Duration SINK_BACKOFF_MAX = WorkerDefinitions.SINK_BACKOFF_MAX.defaultValue();

    /**
     * Sensible defaults: 500 ms polls, 512 KiB records, sink retries from 200 ms doubling up to
     * {@link #SINK_BACKOFF_MAX} (jitter included), so a worker resumes at most 5 s after its sink is back.
     */
    public static LoopOptions defaults() {
        return new LoopOptions(WorkerDefinitions.POLL_TIMEOUT.defaultValue(),
                WorkerDefinitions.MAX_RECORD_BYTES.defaultValue(), sinkBackoff(SINK_BACKOFF_MAX));
    }

    /** The sink backoff: from 200 ms, doubling, ±20 % jitter, never longer than {@code max}. */
    public static ExponentialBackoff sinkBackoff(Duration max) {
        Duration initial = Duration.ofMillis(Math.min(200, Math.max(1, max.toMillis())));
        return new ExponentialBackoff(initial, 2.0, max, 0.2);
    }

    /** The same options with another record size limit. */
    public LoopOptions withMaxRecordBytes(int bytes) {
        return new LoopOptions(pollTimeout, bytes, sinkBackoff, tenantSlice, backlogLimit);
    }

    /** The same options with another sink backoff. */
    public LoopOptions withSinkBackoff(ExponentialBackoff backoff) {
        return new LoopOptions(pollTimeout, maxRecordBytes, backoff, tenantSlice, backlogLimit);
    }

    /** The same options processing at most {@code slice} records per tenant per turn, with {@code limit} queued. */
    public LoopOptions withTenantSlice(int slice, int limit) {
        return new LoopOptions(pollTimeout, maxRecordBytes, sinkBackoff, slice, limit);
    }
}
