package io.kgrca.common.model;

/** Severity of a normalized event or log, in increasing order. */
public enum Severity {
    /** Diagnostic detail. */
    DEBUG,
    /** Normal operation. */
    INFO,
    /** Something unusual that may need attention. */
    WARNING,
    /** A failure of an operation. */
    ERROR,
    /** A failure of a component: crash, OOM, node loss. */
    CRITICAL;

    /** True for {@link #ERROR} and above. */
    public boolean isAbnormal() {
        return compareTo(ERROR) >= 0;
    }
}
