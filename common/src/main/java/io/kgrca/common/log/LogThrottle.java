package io.kgrca.common.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The one rate limit of the project's log lines about floods (refused tokens, rejected records, skipped keys): at
 * most one line per {@code interval}; the occurrences in between are counted and the count is reported with the next
 * line, so a flood costs one log line per interval and nothing goes unaccounted. Pure (the clock is injected);
 * thread-safe.
 */
public final class LogThrottle {

    private final Clock clock;
    private final Duration interval;
    private Instant last;
    private long suppressed;

    /** At most one line per {@code interval} by {@code clock}. */
    public LogThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Records a refusal. When a line may be written now, returns how many refusals were not logged since the last
     * line; otherwise empty (and the refusal is counted).
     */
    public synchronized OptionalLong tryLog() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.plus(interval))) {
            suppressed++;
            return OptionalLong.empty();
        }
        long skipped = suppressed;
        suppressed = 0;
        last = now;
        return OptionalLong.of(skipped);
    }
}
