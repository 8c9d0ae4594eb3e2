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
 * @param backlogBytes   with a tenant slice, the loop stops reading (pauses its partitions, still polling) while
 *                       this many bytes of records (keys and values) are queued ({@code POOL_BACKLOG_MIB})
 * @param pollBatch      with a tenant slice, a poll that returned this many records ({@code MAX_POLL_RECORDS}) is
 *                       followed at once by another, so that what the consumer has fetched is queued before a turn
 */
public record LoopOptions(Duration pollTimeout, int maxRecordBytes, ExponentialBackoff sinkBackoff, int tenantSlice,
                          long backlogBytes, int pollBatch) {

    /** Options without a tenant slice: every poll processed whole. */
    public LoopOptions(Duration pollTimeout, int maxRecordBytes, ExponentialBackoff sinkBackoff) {
        this(pollTimeout, maxRecordBytes, sinkBackoff, 0, 0, 0);
    }

    /** Checks the values. */
    public LoopOptions {
        if (tenantSlice < 0 || backlogBytes < 0 || pollBatch < 0
                || (tenantSlice > 0 && (backlogBytes < 1 || pollBatch < 1))) {
            throw new IllegalArgumentException("tenant slice " + tenantSlice + ", backlog " + backlogBytes
                    + " bytes, poll batch " + pollBatch + ": none negative, and with a slice the others at least 1");
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
        return new LoopOptions(pollTimeout, bytes, sinkBackoff, tenantSlice, backlogBytes, pollBatch);
    }

    /** The same options with another sink backoff. */
    public LoopOptions withSinkBackoff(ExponentialBackoff backoff) {
        return new LoopOptions(pollTimeout, maxRecordBytes, backoff, tenantSlice, backlogBytes, pollBatch);
    }

    /**
     * The same options processing at most {@code slice} records per tenant per turn, reading while fewer than
     * {@code backlog} bytes are queued, polling again at once after a poll of {@code batch} records.
     */
    public LoopOptions withTenantSlice(int slice, long backlog, int batch) {
        return new LoopOptions(pollTimeout, maxRecordBytes, sinkBackoff, slice, backlog, batch);
    }
}
