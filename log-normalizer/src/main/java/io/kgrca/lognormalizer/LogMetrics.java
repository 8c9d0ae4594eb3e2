package io.kgrca.lognormalizer;

import io.kgrca.common.model.Severity;
import io.kgrca.lognormalizer.trace.TraceMode;

/** What the log-normalizer counts beyond the worker loop's metrics. No-op defaults; {@link #NOOP} serves tests. */
public interface LogMetrics {

    /** Counts nothing. */
    LogMetrics NOOP = new LogMetrics() {
    };

    /** A record below {@code LOG_MIN_LEVEL} was dropped. */
    default void filtered(Severity severity) {
    }

    /** An empty line was consumed and not forwarded (it says nothing); counted so that no record goes unseen. */
    default void blank() {
    }

    /** A record of {@code lines} lines was assembled as a stack trace. */
    default void traceAssembled(TraceMode mode, int lines) {
    }

    /** A record carried from the previous poll was continued and emitted again. */
    default void continuedAcrossPolls(int count) {
    }
}
