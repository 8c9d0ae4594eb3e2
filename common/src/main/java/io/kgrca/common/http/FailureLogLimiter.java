package io.kgrca.common.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Pure rate limit of refusal log lines: at most one line per {@code interval}; the lines in between are counted and
 * the count is reported with the next line, so a flood of bad tokens costs one log line per interval.
 */
public final class FailureLogLimiter {

    private final Clock clock;
    private final Duration interval;
    private Instant last;
    private long suppressed;

    /** At most one line per {@code interval} by {@code clock}. */
    public FailureLogLimiter(Clock clock, Duration interval) {
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
