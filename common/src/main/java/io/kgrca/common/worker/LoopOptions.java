package io.kgrca.common.worker;

import io.kgrca.common.retry.ExponentialBackoff;

import java.time.Duration;

/**
 * Tuning of a {@link WorkerLoop}.
 *
 * @param pollTimeout    how long one poll waits for records
 * @param maxRecordBytes values larger than this are dead-lettered as oversized without being parsed
 * @param sinkBackoff    the wait between retries of a batch whose sink is unavailable
 */
public record LoopOptions(Duration pollTimeout, int maxRecordBytes, ExponentialBackoff sinkBackoff) {

    /** Sensible defaults: 500 ms polls, 512 KiB records, sink retries from 200 ms to 30 s. */
    public static LoopOptions defaults() {
        return new LoopOptions(Duration.ofMillis(500), 512 * 1024,
                new ExponentialBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(30), 0.2));
    }

    /** The same options with another record size limit. */
    public LoopOptions withMaxRecordBytes(int bytes) {
        return new LoopOptions(pollTimeout, bytes, sinkBackoff);
    }

    /** The same options with another sink backoff. */
    public LoopOptions withSinkBackoff(ExponentialBackoff backoff) {
        return new LoopOptions(pollTimeout, maxRecordBytes, backoff);
    }
}
