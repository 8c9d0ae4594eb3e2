package io.kgrca.controlplane.registry;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A warning that a flood of bad records cannot turn into a flood of log lines: the first occurrence in each period
 * is logged at WARN with how many were suppressed since the last one; the others go to DEBUG. The counter metric
 * counts every occurrence, so nothing goes unaccounted.
 */
public final class ThrottledWarning {

    private final Logger log;
    private final Clock clock;
    private final Duration period;
    private Instant last;
    private long suppressed;

    /** Warns through {@code log} at most once per {@code period}. */
    public ThrottledWarning(Logger log, Clock clock, Duration period) {
        this.log = log;
        this.clock = clock;
        this.period = period;
    }

    /** Logs {@code format} with {@code args} (the tenant first, as every line names it). */
    public void warn(String format, Object... args) {
        long skipped;
        synchronized (this) {
            Instant now = clock.instant();
            if (last != null && now.isBefore(last.plus(period))) {
                suppressed++;
                log.debug(format, args);
                return;
            }
            last = now;
            skipped = suppressed;
            suppressed = 0;
        }
        log.warn(format + (skipped > 0 ? " (" + skipped + " similar lines suppressed before this one)" : ""), args);
    }
}
