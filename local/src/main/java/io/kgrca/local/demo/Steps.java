package io.kgrca.local.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;

/**
 * Numbered, timed steps of a run, logged as {@code <prefix> step n/N: ...} so that a reader of a CI log or a
 * terminal sees where a run is and how long each part took. Every line carries the tenant in the SLF4J MDC key
 * {@code tenant}, which the logback patterns show.
 */
public final class Steps {

    private static final Logger LOG = LoggerFactory.getLogger(Steps.class);

    private final String prefix;
    private final String tenant;
    private final int total;
    private final long started = System.nanoTime();
    private int current;
    private long stepStarted = started;

    /** Steps named {@code prefix} for {@code tenant}, {@code total} of them. */
    public Steps(String prefix, String tenant, int total) {
        this.prefix = prefix;
        this.tenant = tenant;
        this.total = total;
    }

    /** Starts the next step (and closes the previous one). */
    public void next(String what) {
        done();
        current++;
        stepStarted = System.nanoTime();
        try (MDC.MDCCloseable t = MDC.putCloseable("tenant", tenant)) {
            LOG.info("{} step {}/{}: {}", prefix, current, total, what);
        }
    }

    /** A detail of the current step. */
    public void note(String format, Object... args) {
        try (MDC.MDCCloseable t = MDC.putCloseable("tenant", tenant)) {
            LOG.info(prefix + " step " + current + "/" + total + "   " + format, args);
        }
    }

    /** Logs the end of the current step with its duration. */
    public void done() {
        if (current > 0) {
            try (MDC.MDCCloseable t = MDC.putCloseable("tenant", tenant)) {
                LOG.info("{} step {}/{}: done in {} ms", prefix, current, total,
                        (System.nanoTime() - stepStarted) / 1_000_000);
            }
        }
    }

    /** Time since the first step. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
