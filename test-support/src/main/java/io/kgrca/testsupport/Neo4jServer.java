package io.kgrca.testsupport;

import io.kgrca.embedded.EmbeddedNeo4j;
import org.neo4j.driver.Driver;

import java.nio.file.Path;

/**
 * A real Neo4j 5.26 Community server running in this JVM with a Bolt connector on 127.0.0.1 and authentication
 * off (the embedded module's {@link EmbeddedNeo4j}). {@link #stop()} and {@link #start()} restart the same server
 * on the same port with the same data, so tests can take the database away in the middle of a stream; while
 * stopped, Bolt connections are refused.
 *
 * <p>In JUnit tests, resolve the shared instance with {@link Neo4jExtension}; a test that stops the server starts
 * a private one with {@link #startStandalone(Path)} and closes it.
 *
 * <p>It needs {@code org.neo4j:neo4j} and {@code org.neo4j.driver:neo4j-java-driver} on the class path: test-support
 * excludes them from its dependency on the embedded module, so a module that uses this class declares them itself
 * (test scope).
 */
public final class Neo4jServer implements AutoCloseable {

    private final EmbeddedNeo4j server;

    private Neo4jServer(EmbeddedNeo4j server) {
        this.server = server;
    }

    /** Starts a server whose data lives in {@code dataDir} (kept on close); ready when it returns (a few seconds). */
    public static Neo4jServer startStandalone(Path dataDir) {
        return new Neo4jServer(EmbeddedNeo4j.startStandalone(dataDir));
    }

    /** Starts a server in a new temporary directory, deleted on {@link #close()}. */
    public static Neo4jServer startStandalone() {
        return new Neo4jServer(EmbeddedNeo4j.startStandalone());
    }

    /** Starts (or starts again) the server on its port and data directory; does nothing when it runs. */
    public void start() {
        server.start();
    }

    /** Stops the server; Bolt connections are refused until {@link #start()}. Does nothing when stopped. */
    public void stop() {
        server.stop();
    }

    /** True between {@link #start()} and {@link #stop()}. */
    public boolean running() {
        return server.running();
    }

    /** {@code bolt://127.0.0.1:<port>}. */
    public String boltUri() {
        return server.boltUri();
    }

    /** The Bolt port on 127.0.0.1; it stays the same across {@link #stop()} and {@link #start()}. */
    public int boltPort() {
        return server.boltPort();
    }

    /** A shared driver without authentication (it reconnects after a restart); do not close it. */
    public Driver driver() {
        return server.driver();
    }

    /** Deletes every node and relationship of the default database; indexes and constraints stay. */
    public void clear() {
        server.clear();
    }

    /** Closes the driver and stops the server; deletes the data only when this server created its directory. */
    @Override
    public void close() {
        server.close();
    }
}
