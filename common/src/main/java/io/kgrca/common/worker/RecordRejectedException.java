package io.kgrca.common.worker;

/**
 * Thrown by a transformation for a record that can never be processed (bad JSON, missing field, wrong tenant,
 * oversized). The loop sends the record to the dead-letter topic with {@link #reason()} and goes on.
 */
public class RecordRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /** Creates the exception; {@code reason} is a short stable code such as {@code missing-field}. */
    public RecordRejectedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Creates the exception without a cause. */
    public RecordRejectedException(String reason, String message) {
        this(reason, message, null);
    }

    /** A short stable code, fit for metric tags. */
    public String reason() {
        return reason;
    }
}
