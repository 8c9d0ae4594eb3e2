package io.kgrca.common.worker;

import java.time.Instant;

/**
 * A snapshot of a loop's health, read by the health endpoints from another thread.
 *
 * @param running         the loop thread is inside {@link WorkerLoop#run()}
 * @param lastPoll        when the last poll returned, or null before the first
 * @param assignedPartitions how many partitions the group gave this loop
 * @param sinkAvailable   false while a batch waits to be retried
 * @param lastError       the last sink error, or null
 */
public record LoopStatus(boolean running, Instant lastPoll, int assignedPartitions, boolean sinkAvailable,
                         String lastError) {
}
