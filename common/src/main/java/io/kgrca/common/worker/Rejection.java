package io.kgrca.common.worker;

/**
 * A record that failed and is bound for the dead-letter topic.
 *
 * @param record  the record
 * @param reason  a short stable code such as {@code not-json}
 * @param message a human explanation
 * @param error   the error class name to put in the headers
 */
public record Rejection(InboundRecord record, String reason, String message, String error) {

    /** A rejection from an exception. */
    public static Rejection of(InboundRecord record, RecordRejectedException e) {
        Throwable root = e.getCause() != null ? e.getCause() : e;
        return new Rejection(record, e.reason(), e.getMessage(), root.getClass().getName());
    }
}
