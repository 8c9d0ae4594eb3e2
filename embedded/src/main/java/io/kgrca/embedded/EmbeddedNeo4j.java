package io.kgrca.embedded;

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
 * a caller can take the database away in the middle of a stream; while stopped, Bolt connections are refused.
 * The local mode runs one; test-support's {@code Neo4jServer} wraps one for tests.
 */
public final class EmbeddedNeo4j implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedNeo4j.class);

    private final Path home;
    private final boolean ownsHome;
    private final int port;
    private DatabaseManagementService dbms;
    private Driver driver;

    private EmbeddedNeo4j(Path home, boolean ownsHome, int port) {
        this.home = home;
        this.ownsHome = ownsHome;
        this.port = port;
    }

    /** Starts a server whose data lives in {@code dataDir} (kept on close); ready when it returns (a few seconds). */
    public static EmbeddedNeo4j startStandalone(Path dataDir) {
        return started(new EmbeddedNeo4j(dataDir, false, LoopbackPorts.next()));
    }

    /** Starts a server in a new temporary directory, deleted on {@link #close()}. */
    public static EmbeddedNeo4j startStandalone() {
        try {
            return started(new EmbeddedNeo4j(Files.createTempDirectory("kg-neo4j-"), true, LoopbackPorts.next()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedNeo4j started(EmbeddedNeo4j server) {
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
        LOG.info("embedded Neo4j ready on {} in {} ms", boltUri(), (System.nanoTime() - started) / 1_000_000);
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
