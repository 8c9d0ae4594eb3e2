package io.kgrca.testsupport;

import io.kgrca.embedded.TempDirs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft broker (the same configuration as {@link KafkaBroker}) in a child JVM, so that a fault test
 * can kill it with SIGKILL, as a crash or an OOM kill would, and start it again on the same ports and log
 * directory. Its output goes to {@code broker.log} in its folder. For the usual tests, {@link KafkaBroker} (in
 * process, shared per JVM) is lighter.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Path config;
    private final String bootstrap;
    private final Admin admin;
    private Process process;

    private KafkaBrokerProcess(Path dir, Path config, String bootstrap) {
        this.dir = dir;
        this.config = config;
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
    }

    /** Formats a fresh log directory and starts the broker; ready when it returns. */
    public static KafkaBrokerProcess start() {
        try {
            Path dir = Files.createTempDirectory("kg-kafka-process-");
            int port = FreePorts.next();
            Properties props = SingleNodeKRaft.properties(dir, port, FreePorts.next());
            Path config = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(config)) {
                props.store(w, "kg-rca test broker (child process)");
            }
            SingleNodeKRaft.format(config, List.of());
            KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, config, "127.0.0.1:" + port);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}, the same across restarts. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** An admin client of this broker (it reconnects after a restart). */
    public Admin admin() {
        return admin;
    }

    /** Kills the broker process with SIGKILL and waits until it is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            LOG.info("test Kafka broker {} killed (SIGKILL)", bootstrap);
        }
    }

    /** Starts the broker again on the same ports and log directory; ready when it returns. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker still runs; kill it first");
        }
        launch();
    }

    private synchronized void launch() {
        long started = System.nanoTime();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "kafka.Kafka", config.toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                LOG.info("test Kafka broker process ready on {} in {} ms (log: {})", bootstrap,
                        (System.nanoTime() - started) / 1_000_000, dir.resolve("broker.log"));
                return;
            } catch (Exception notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the broker process did not become ready (log: "
                            + dir.resolve("broker.log") + ")", notYet);
                }
            }
        }
    }

    /** Kills the broker and deletes its folder. */
    @Override
    public synchronized void close() {
        admin.close(Duration.ofSeconds(2));
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirs.deleteQuietly(dir);
    }
}
