package io.kgrca.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running in this JVM, formatted in a fresh
 * temporary directory that {@link #close()} deletes. {@link #startPlain()} gives plain-text listeners on free
 * 127.0.0.1 ports; {@link #start(Supplier)} takes any {@link Layout} (test-support's secured broker uses it).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int START_ATTEMPTS = 3;

    private final Path dataDir;
    private final String bootstrap;
    private final KafkaRaftServer server;
    private final Admin admin;
    private final Map<String, Object> clientSecurity;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, String bootstrap, KafkaRaftServer server, Admin admin,
                          Map<String, Object> clientSecurity) {
        this.dataDir = dataDir;
        this.bootstrap = bootstrap;
        this.server = server;
        this.admin = admin;
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    /**
     * What differs between the plain broker and a secured one: the server properties and how this process's own
     * clients (the admin client) authenticate. Built once per start attempt, so its ports are fresh.
     */
    public interface Layout {
        /** Writes what the broker needs in {@code dir} (certificates) and returns its server properties. */
        Properties properties(Path dir) throws IOException;

        /** Where this process's own clients connect. */
        String bootstrap();

        /** Security properties of this process's own clients (empty for plain text). */
        Map<String, Object> clientSecurity();

        /** Extra arguments of the storage format step (SCRAM credentials, for instance). */
        default List<String> formatArguments() {
            return List.of();
        }
    }

    /**
     * Formats a fresh log directory and starts a plain-text broker on free 127.0.0.1 ports; ready when it returns
     * (about 2 s). The ports are chosen just before the start, so a port taken in between is retried with new ones.
     */
    public static EmbeddedKafka startPlain() {
        return start(EmbeddedKafka::plainLayout);
    }

    /** Starts a broker from the layouts {@code layouts} gives, a new one for each of up to three attempts. */
    public static EmbeddedKafka start(Supplier<? extends Layout> layouts) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(layouts.get());
            } catch (RuntimeException e) {
                last = e;
                LOG.warn("embedded Kafka broker did not start (attempt {} of {}): {}", attempt, START_ATTEMPTS,
                        e.toString());
            }
        }
        throw last;
    }

    private static Layout plainLayout() {
        int port = LoopbackPorts.next();
        int controllerPort = LoopbackPorts.next();
        return new Layout() {
            @Override
            public Properties properties(Path dir) {
                return KRaftSettings.properties(dir, port, controllerPort);
            }

            @Override
            public String bootstrap() {
                return "127.0.0.1:" + port;
            }

            @Override
            public Map<String, Object> clientSecurity() {
                return Map.of();
            }
        };
    }

    /** One start attempt with {@code layout}: format, start, wait until the admin client sees the node. */
    public static EmbeddedKafka startOnce(Layout layout) {
        long started = System.nanoTime();
        Path dir = null;
        KafkaRaftServer server = null;
        try {
            dir = Files.createTempDirectory("kg-kafka-");
            Properties props = layout.properties(dir);
            Path config = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(config)) {
                props.store(w, "kg-rca embedded broker");
            }
            KRaftSettings.format(config, layout.formatArguments());
            KRaftSettings.quietStateChangeLog();
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = layout.bootstrap();
            Map<String, Object> adminProps = new HashMap<>(layout.clientSecurity());
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            Admin admin = Admin.create(adminProps);
            try {
                admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                admin.close(Duration.ZERO);
                throw e;
            }
            LOG.info("embedded Kafka broker ready on {} in {} ms", bootstrap, (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedKafka(dir, bootstrap, server, admin, layout.clientSecurity());
        } catch (Exception e) {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
            if (dir != null) {
                TempDirs.deleteQuietly(dir);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException("cannot start the embedded Kafka broker", e);
        }
    }

    /** {@code 127.0.0.1:<port>} of the layout's client listener. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** A shared admin client; do not close it. */
    public Admin admin() {
        return admin;
    }

    /** Security properties of this process's own clients (empty for plain text). */
    public Map<String, Object> clientSecurity() {
        return clientSecurity;
    }

    /** Stops the broker and deletes its data; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(Duration.ofSeconds(5));
        server.shutdown();
        server.awaitShutdown();
        TempDirs.deleteQuietly(dataDir);
    }
}
