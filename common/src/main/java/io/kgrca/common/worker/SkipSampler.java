package io.kgrca.common.worker;

import io.kgrca.common.log.LogThrottle;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Pure (a clock is injected): decides which skipped records get a log line, so that a flood of bad keys gives
 * one line per reason and interval, with how many were skipped since the last line, never one line per record.
 * Not thread-safe: one per loop.
 */
final class SkipSampler {

    private final Clock clock;
    private final Duration interval;
    private final Map<String, LogThrottle> byReason = new HashMap<>();

    SkipSampler(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Counts one skipped record of {@code reason}; returns how many records of that reason this log line stands
     * for (this one included) when it is time to log one, else 0.
     */
    long sample(String reason) {
        return byReason.computeIfAbsent(reason, r -> new LogThrottle(clock, interval)).tryLog().orElse(-1) + 1;
    }
}
