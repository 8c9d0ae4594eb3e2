package io.kgrca.graphbuilder.store;

import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.DatabaseException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;

/**
 * Sorts driver failures into "try again later" ({@link GraphUnavailableException}) and "this work can never
 * succeed" ({@link GraphRejectedException}). Pure.
 *
 * <p>Unavailable: no connection, an expired session, transient errors (deadlocks, leader changes), server-side
 * database errors, authentication and authorization failures (an operator can fix credentials without losing
 * anything), a database that does not exist (yet), a driver that is closed or a thread that is interrupted (the
 * worker is shutting down: the batch must be retried by the next owner, never dead-lettered). Rejected: every other
 * client error, which names a problem of the statement or its data, and any other exception raised while preparing
 * the work.
 */
public final class Neo4jErrors {

    private Neo4jErrors() {
    }

    /** True when {@code e} means "retry later". */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof IllegalStateException) {
                return true;
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        if (e instanceof ServiceUnavailableException || e instanceof SessionExpiredException
                || e instanceof TransientException || e instanceof DatabaseException
                || e instanceof AuthenticationException) {
            return true;
        }
        if (e instanceof ClientException c) {
            String code = c.code() == null ? "" : c.code();
            return code.startsWith("Neo.ClientError.Security.")
                    || code.equals("Neo.ClientError.Database.DatabaseNotFound")
                    || code.equals("Neo.ClientError.Cluster.NotALeader")
                    || code.equals("Neo.ClientError.Transaction.TransactionTimedOut");
        }
        return false;
    }

    /**
     * Throws {@code e} wrapped in the exception its kind calls for ({@link #classify}); never returns, so callers
     * write {@code throw Neo4jErrors.raise(...)}.
     */
    public static RuntimeException raise(String what, RuntimeException e) throws GraphUnavailableException,
            GraphRejectedException {
        Exception classified = classify(what, e);
        if (classified instanceof GraphUnavailableException u) {
            throw u;
        }
        throw (GraphRejectedException) classified;
    }

    /** Wraps {@code e} in the exception its kind calls for. */
    public static Exception classify(String what, RuntimeException e) {
        if (isUnavailable(e)) {
            return new GraphUnavailableException(what + ": " + e.getMessage(), e);
        }
        String code = e instanceof Neo4jException n ? n.code() : null;
        return new GraphRejectedException(code, what + ": " + e.getMessage(), e);
    }
}
