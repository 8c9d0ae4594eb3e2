package io.kgrca.e2e;

import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.Neo4jServer;
import org.slf4j.Logger;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One end-to-end run's {@code kg-control-plane} container: its state directory (as compose gives it), the
 * environment every run shares (each test adds its own timings and placement settings), its start and, at the end,
 * its log tail and the removal of every container of the run.
 */
final class ControlPlaneRun {

    private final String run = Containers.newRun();
    private final ApiToken operator = ApiTokens.newOperatorToken(new SecureRandom());
    private Containers containers;
    private GenericContainer<?> controlPlane;

    /** The run's name (label of its containers, name of its control plane). */
    String run() {
        return run;
    }

    /** The operator token the control plane reads from its state directory. */
    ApiToken operator() {
        return operator;
    }

    /** The run's containers, once the engine and images are there ({@link Containers#forRun}). */
    Containers containers() {
        if (containers == null) {
            containers = Containers.forRun(run);
        }
        return containers;
    }

    /** Starts the control plane container with {@code env}, mounting {@code state}. */
    GenericContainer<?> start(Map<String, String> env, Path state) {
        controlPlane = containers().start(Images.CONTROL_PLANE, run + "-control-plane", env, true, List.of(state));
        return controlPlane;
    }

    /** Stops the control plane (SIGTERM, 10 s grace), logs its last lines under {@code tenant}. */
    void stop(Logger log, String tenant) {
        containers.stop(controlPlane, Duration.ofSeconds(10));
        tail(log, tenant, "control plane", controlPlane.getLogs(), 15);
        controlPlane = null;
    }

    /** Logs the control plane's last lines if it still runs, then removes every container of the run. */
    void close(Logger log, String tenant) {
        if (containers != null) {
            if (controlPlane != null) {
                tail(log, tenant, "control plane", controlPlane.getLogs(), 60);
            }
            log.info("tenant {}: removed {} containers of run {}", tenant, containers.removeAll(), run);
        }
    }

    /**
     * The control plane's state directory as compose gives it: a host directory owned by the image's uid 10001,
     * mounted at the same path, holding the {@code operator} token the test wrote (so it knows it) and the workers'
     * secret files.
     */
    Path stateDirectory() throws IOException {
        Path state = Files.createTempDirectory("kg-e2e-state-");
        Path token = state.resolve("api-token");
        Files.writeString(token, operator.reveal() + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        for (Path p : List.of(state, token)) {
            Files.setAttribute(p, "unix:uid", 10001);
        }
        return state;
    }

    /**
     * The environment of run {@code run}'s control plane on {@code port}: the broker and Neo4j, the state directory's
     * token and secrets, a free block of worker ports, provisioned admission, short reconcile and restart timings,
     * a whole core per worker (JVM start-up at half a core on a busy two-core CI machine dominates a run).
     */
    Map<String, String> environment(KafkaBroker kafka, Neo4jServer neo4j, int port, Path state) {
        int base = WorkerPorts.freeBlock(30);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BROKERS", kafka.bootstrapServers());
        env.put("NEO4J_URI", neo4j.boltUri());
        env.put("CONTROL_PLANE_NAME", run);
        env.put("HTTP_PORT", String.valueOf(port));
        env.put("API_TOKEN_FILE", state.resolve("api-token").toString());
        env.put("WORKER_SECRETS_DIR", state.resolve("secrets").toString());
        env.put("WORKER_PORT_RANGE", base + "-" + (base + 29));
        env.put("ADMISSION", "provisioned");
        env.put("RECONCILE_INTERVAL", "2s");
        // Time for a stopped worker to leave its consumer group, so the cleanup does not wait for a session timeout.
        env.put("WORKER_STOP_GRACE", "10s");
        env.put("WORKER_CPU_LIMIT", "1");
        env.put("RESTART_BACKOFF_INITIAL", "1s");
        return env;
    }

    /** Logs the last {@code lines} lines of a container's {@code logs} under {@code tenant}. */
    private static void tail(Logger log, String tenant, String what, String logs, int lines) {
        String[] all = logs.split("\n");
        for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
            log.info("tenant {}: [{}] {}", tenant, what, all[i].strip());
        }
    }
}
