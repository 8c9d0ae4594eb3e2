package io.kgrca.common.worker;

/**
 * Thrown when the destination (Kafka, Neo4j) cannot take a batch right now. Nothing of the batch is committed:
 * the loop rewinds to the batch's first offsets and retries after a backoff.
 */
public class SinkUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
