package io.kgrca.lognormalizer.trace;

/** What an assembled record is made of. */
public enum TraceMode {
    /** One line. */
    SINGLE,
    /** A Java exception with its frames and causes. */
    JAVA,
    /** A Python traceback up to its final exception line. */
    PYTHON,
    /** A Go panic with its goroutine dumps. */
    GO,
    /** A PostgreSQL message with its DETAIL/HINT/STATEMENT lines. */
    POSTGRES;

    /** True for stack traces (Java, Python, Go). */
    public boolean isTrace() {
        return this == JAVA || this == PYTHON || this == GO;
    }
}
