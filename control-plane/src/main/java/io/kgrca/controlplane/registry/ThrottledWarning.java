package io.kgrca.controlplane.registry;

import io.kgrca.common.log.LogThrottle;
import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A warning that a flood of bad records cannot turn into a flood of log lines: the first occurrence in each period
 * is logged at WARN with how many were suppressed since the last one; the others go to DEBUG. The counter metric
 * counts every occurrence, so nothing goes unaccounted.
 */
public final class ThrottledWarning {

    private final Logger log;
    private final LogThrottle throttle;

    /** Warns through {@code log} at most once per {@code period}. */
    public ThrottledWarning(Logger log, Clock clock, Duration period) {
        this.log = log;
        this.throttle = new LogThrottle(clock, period);
    }

    /** Logs {@code format} with {@code args} (the tenant first, as every line names it). */
    public void warn(String format, Object... args) {
        OptionalLong skipped = throttle.tryLog();
        if (skipped.isEmpty()) {
            log.debug(format, args);
            return;
        }
        long n = skipped.getAsLong();
        log.warn(format + (n > 0 ? " (" + n + " similar lines suppressed before this one)" : ""), args);
    }
}
