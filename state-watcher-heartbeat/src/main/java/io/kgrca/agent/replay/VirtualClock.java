package io.kgrca.agent.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that reads the time it was last set to: during a replay, the {@code at} of the entry being replayed, so
 * the agent's trackers stamp records and judge staleness as they would have at that moment.
 */
public final class VirtualClock extends Clock {

    private Instant now;

    /** A clock that starts at {@code start}. */
    public VirtualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves the clock to {@code instant} (never backwards: a replay is in time order). */
    public void set(Instant instant) {
        if (instant.isAfter(now)) {
            now = instant;
        }
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
