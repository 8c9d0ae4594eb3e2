package io.kgrca.local;

import io.kgrca.common.config.Env;
import io.kgrca.common.http.ApiToken;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.pool.PoolSettings;
import io.kgrca.controlplane.runtime.PoolInstance;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.embedded.EmbeddedKafka;
import io.kgrca.embedded.EmbeddedNeo4j;
import io.kgrca.embedded.LoopbackPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The server side of the local mode in one JVM: a real KRaft broker and a real Neo4j (the embedded module, on
 * 127.0.0.1), and the control plane in-process on the chosen runtime. {@link #close()} stops the control plane,
 * removes every worker it started (containers labelled with its name, or its child processes), then Neo4j and
 * Kafka; it is idempotent, so the Ctrl-C hook and the normal end can both call it.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final String name;
    private EmbeddedKafka kafka;
    private EmbeddedNeo4j neo4j;
    private WorkerRuntime runtime;
    private Main.Running controlPlane;
    private int httpPort;
    private Path tokenFile;
    private boolean closed;

    /** A stack whose control plane is named {@code name} (the managed-by label of its containers). */
    public LocalStack(String name) {
        this.name = name;
    }

    /** Starts Kafka and Neo4j. */
    public synchronized void startInfrastructure() {
        kafka = EmbeddedKafka.startPlain();
        neo4j = EmbeddedNeo4j.startStandalone();
    }

    /** Starts the control plane on {@code choice} with {@code settings} on top of the local defaults. */
    public synchronized void startControlPlane(LocalRuntime choice, Map<String, String> settings) throws Exception {
        httpPort = LoopbackPorts.next();
        Path state = Files.createTempDirectory("kg-local-state-");
        Map<String, String> env = new HashMap<>();
        env.put("API_TOKEN_FILE", state.resolve("api-token").toString());
        env.put("WORKER_SECRETS_DIR", state.resolve("secrets").toString());
        // Containers run as the user of this process (root excepted), who can then own their secret files.
        int uid = (Integer) Files.getAttribute(state, "unix:uid");
        env.put("WORKER_UID", String.valueOf(uid == 0 ? 10001 : uid));
        env.put("KAFKA_BROKERS", kafka.bootstrapServers());
        env.put("NEO4J_URI", neo4j.boltUri());
        env.put("CONTROL_PLANE_NAME", name);
        env.put("HTTP_PORT", String.valueOf(httpPort));
        // The local mode registers its demo tenant itself: admission is open (compose uses provisioned).
        env.put("ADMISSION", "open");
        env.putAll(settings);
        Env all = new Env(choice.controlPlaneEnv(env));
        ControlPlaneConfig config = ControlPlaneConfig.fromEnv(all);
        tokenFile = config.api().tokenFile();
        runtime = Main.runtimeFor(config);
        // The pools of shared placement (POOL_* settings), as the control plane's own main reads them.
        controlPlane = Main.start(config, runtime, PoolSettings.fromEnv(all));
    }

    /** {@code 127.0.0.1:<port>} of the broker. */
    public String bootstrap() {
        return kafka.bootstrapServers();
    }

    /** The Neo4j server. */
    public EmbeddedNeo4j neo4j() {
        return neo4j;
    }

    /** The operator token (generated at the control plane's start into a private temporary file). */
    public ApiToken operatorToken() {
        return controlPlane.operatorToken();
    }

    /** The file that holds the operator token, for curl commands. */
    public synchronized Path tokenFile() {
        return controlPlane == null ? null : tokenFile;
    }

    /** The port of the control plane's status API. */
    public int controlPlanePort() {
        return httpPort;
    }

    /** True once {@link #close()} began (at the end, or on Ctrl-C). */
    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (controlPlane != null) {
            controlPlane.close();
        }
        removeWorkers();
        if (neo4j != null) {
            neo4j.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        LOG.info("local mode: control plane {}, its workers, Neo4j and Kafka are stopped", name);
    }

    private void removeWorkers() {
        if (runtime == null) {
            return;
        }
        try {
            for (WorkerInstance w : runtime.list()) {
                runtime.remove(w.id(), Duration.ofSeconds(3));
                try (MDC.MDCCloseable t = MDC.putCloseable("tenant", w.tenant().value())) {
                    LOG.info("removed worker {} ({})", w.kind().id(), w.id());
                }
            }
            // The pools' instances too: the control plane leaves them running for a successor to adopt.
            for (PoolInstance p : runtime.listPools()) {
                runtime.remove(p.id(), Duration.ofSeconds(3));
                LOG.info("tenant=- removed pool instance {} ({})", p.kind().id(), p.id());
            }
        } catch (WorkerRuntime.RuntimeUnavailableException e) {
            LOG.warn("local mode: could not list or remove the workers of {}: {}", name, e.getMessage());
        }
    }
}
