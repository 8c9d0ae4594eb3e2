package io.kgrca.graphbuilder.store;

/**
 * Neo4j cannot take work right now (unreachable, restarting, leader switch, transient lock conflict, database
 * offline). Nothing of the transaction was committed; the same work may succeed later.
 */
public final class GraphUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public GraphUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
