package io.kgrca.testsupport;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Neo4j 5.26 Community server running in this JVM with a Bolt connector on 127.0.0.1 and authentication
 * off. {@link #stop()} and {@link #start()} restart the same server on the same port with the same data, so
 * tests can take the database away in the middle of a stream; while stopped, Bolt connections are refused.
 *
 * <p>In JUnit tests, resolve the shared instance with {@link Neo4jExtension}; a test that stops the server starts
 * a private one with {@link #startStandalone(Path)} and closes it.
 *
 * <p>It needs {@code org.neo4j:neo4j} and {@code org.neo4j.driver:neo4j-java-driver} on the class path: test-support
 * declares them optional, so a module that uses this class declares them itself (test scope).
 */
public final class Neo4jServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Neo4jServer.class);

    private final Path home;
    private final boolean ownsHome;
    private final int port;
    private DatabaseManagementService dbms;
    private Driver driver;

    private Neo4jServer(Path home, boolean ownsHome, int port) {
        this.home = home;
        this.ownsHome = ownsHome;
        this.port = port;
    }

    /** Starts a server whose data lives in {@code dataDir} (kept on close); ready when it returns (a few seconds). */
    public static Neo4jServer startStandalone(Path dataDir) {
        return started(new Neo4jServer(dataDir, false, FreePorts.next()));
    }

    /** Starts a server in a new temporary directory, deleted on {@link #close()}. */
    public static Neo4jServer startStandalone() {
        try {
            return started(new Neo4jServer(Files.createTempDirectory("kg-neo4j-"), true, FreePorts.next()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Neo4jServer started(Neo4jServer server) {
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts (or starts again) the server on its port and data directory; does nothing when it runs. */
    public synchronized void start() {
        if (dbms != null) {
            return;
        }
        long started = System.nanoTime();
        dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                // Without it, shutdown waits for Netty's default quiet period: about 10 s per stop.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
        driver().verifyConnectivity();
        LOG.info("test Neo4j ready on {} in {} ms", boltUri(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Stops the server; Bolt connections are refused until {@link #start()}. Does nothing when stopped. */
    public synchronized void stop() {
        if (dbms != null) {
            dbms.shutdown();
            dbms = null;
        }
    }

    /** True between {@link #start()} and {@link #stop()}. */
    public synchronized boolean running() {
        return dbms != null;
    }

    /** {@code bolt://127.0.0.1:<port>}. */
    public String boltUri() {
        return "bolt://127.0.0.1:" + port;
    }

    /** The Bolt port on 127.0.0.1; it stays the same across {@link #stop()} and {@link #start()}. */
    public int boltPort() {
        return port;
    }

    /** A shared driver without authentication (it reconnects after a restart); do not close it. */
    public synchronized Driver driver() {
        if (driver == null) {
            driver = GraphDatabase.driver(boltUri(), AuthTokens.none(),
                    Config.builder().withConnectionTimeout(5, TimeUnit.SECONDS).build());
        }
        return driver;
    }

    /** Deletes every node and relationship of the default database; indexes and constraints stay. */
    public void clear() {
        try (Session session = driver().session()) {
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume();
        }
    }

    /** Closes the driver and stops the server; deletes the data only when this server created its directory. */
    @Override
    public synchronized void close() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
        stop();
        if (ownsHome) {
            TempDirs.deleteQuietly(home);
        }
    }
}
