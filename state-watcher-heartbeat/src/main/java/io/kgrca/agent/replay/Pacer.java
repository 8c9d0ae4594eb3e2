package io.kgrca.agent.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * When a replayed entry is due on the wall clock: the recorded gap from the first entry, divided by the speed, after
 * the replay's start. Speed 0 means no waiting. Pure.
 *
 * @param firstAt   the recorded time of the first entry
 * @param wallStart when the replay started
 * @param speed     how many times faster than recorded; 0 = as fast as possible
 */
public record Pacer(Instant firstAt, Instant wallStart, double speed) {

    /** The wall-clock instant at which the entry recorded at {@code at} is due. */
    public Instant due(Instant at) {
        if (speed <= 0 || !at.isAfter(firstAt)) {
            return wallStart;
        }
        long nanos = Duration.between(firstAt, at).toNanos();
        return wallStart.plusNanos((long) (nanos / speed));
    }
}
