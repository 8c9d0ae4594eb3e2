package io.kgrca.testsupport;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Neo4j 5.26 Community server running in this JVM with a Bolt connector on 127.0.0.1 and authentication
 * off. {@link #stop()} and {@link #start()} restart the same server on the same port with the same data, so
 * tests can take the database away in the middle of a stream.
 */
public final class Neo4jServer implements AutoCloseable {

    private final Path home;
    private final int port;
    private DatabaseManagementService dbms;
    private Driver driver;

    private Neo4jServer(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Starts a server whose data lives in {@code home}; ready when it returns (a few seconds). */
    public static Neo4jServer startStandalone(Path home) {
        Neo4jServer server = new Neo4jServer(home, FreePorts.next());
        server.start();
        return server;
    }

    /** Starts a server in a new temporary directory. */
    public static Neo4jServer startStandalone() {
        try {
            return startStandalone(Files.createTempDirectory("kg-neo4j-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (or starts again) the server on its port and data directory. */
    public synchronized void start() {
        if (dbms != null) {
            return;
        }
        dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
        driver().verifyConnectivity();
    }

    /** Stops the server; Bolt connections are refused until {@link #start()}. */
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

    /** A shared driver (it reconnects after a restart); do not close it. */
    public synchronized Driver driver() {
        if (driver == null) {
            driver = GraphDatabase.driver(boltUri(), AuthTokens.none(),
                    org.neo4j.driver.Config.builder().withConnectionTimeout(5, java.util.concurrent.TimeUnit.SECONDS).build());
        }
        return driver;
    }

    /** Deletes every node and relationship; schema stays. */
    public void clear() {
        try (var session = driver().session()) {
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume();
        }
    }

    /** Closes the driver and stops the server. */
    @Override
    public synchronized void close() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
        stop();
    }
}
