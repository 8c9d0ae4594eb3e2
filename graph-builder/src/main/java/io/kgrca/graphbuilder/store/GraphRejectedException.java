package io.kgrca.graphbuilder.store;

/**
 * Neo4j refused the work itself (a constraint violation, a value it cannot store): retrying the same work will fail
 * again. Nothing of the transaction was committed.
 */
public final class GraphRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    /** Creates the exception; {@code code} is Neo4j's status code when there is one. */
    public GraphRejectedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Neo4j's status code, such as {@code Neo.ClientError.Schema.ConstraintValidationFailed}, or null. */
    public String code() {
        return code;
    }
}
