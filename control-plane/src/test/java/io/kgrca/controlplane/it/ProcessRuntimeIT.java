package io.kgrca.controlplane.it;

import io.kgrca.common.config.Env;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.runtime.ProcessWorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control plane with workers as child processes (no Docker), on a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class ProcessRuntimeIT {

    @Test
    void workersRunAsProcessesAreRespawnedAdoptedAndRemoved(KafkaBroker broker, @TempDir Path state) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " " + SleepMain.class.getName();
        Map<String, String> env = ControlPlaneHarness.env(broker, Map.of("WORKER_RUNTIME", "process",
                "WORKER_STATE_DIR", state.toString(), "EVENT_NORMALIZER_COMMAND", command,
                "LOG_NORMALIZER_COMMAND", command, "GRAPH_BUILDER_COMMAND", command, "HEARTBEAT_TIMEOUT", "5m",
                "CLEANUP_TIMEOUT", "10m", "RECONCILE_INTERVAL", "5m", "WORKER_PORT_RANGE", "25000-25299"));
        ControlPlaneConfig config = ControlPlaneConfig.fromEnv(new Env(env));
        String tenant = "proc-" + UUID.randomUUID().toString().substring(0, 8);
        WorkerRuntime runtime = Main.runtimeFor(config);
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            Main.Running cp = Main.start(config, runtime);
            try {
                // Registered once the control plane is ready: a registration that lands before its readers took
                // their starting offsets counts as read back at start (no sign of life, so no workers created).
                await().atMost(Duration.ofSeconds(30)).until(() -> cp.plane().ready());
                ControlPlaneHarness.register(p, tenant);
                await().atMost(Duration.ofSeconds(30)).until(() -> alive(runtime, tenant).size() == 3);

                long victim = pid(alive(runtime, tenant).get(0));
                ProcessHandle.of(victim).orElseThrow().destroyForcibly();
                await("respawned from the exit, not the 5-minute resync").atMost(Duration.ofSeconds(20))
                        .until(() -> alive(runtime, tenant).size() == 3
                                && alive(runtime, tenant).stream().noneMatch(w -> pid(w) == victim));
            } finally {
                cp.close();
            }
            List<WorkerInstance> before = alive(runtime, tenant);

            Main.Running again = Main.start(config, Main.runtimeFor(config));
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> again.plane().ready());
                await("adopted, not restarted").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                        .until(() -> alive(runtime, tenant).equals(before));

                ControlPlaneHarness.deregister(p, tenant);
                await().atMost(Duration.ofSeconds(30)).until(() -> runtime.list().stream()
                        .noneMatch(w -> w.tenant().value().equals(tenant)));
                assertThat(before).allSatisfy(w -> assertThat(ProcessHandle.of(pid(w)).map(ProcessHandle::isAlive)
                        .orElse(false)).isFalse());
            } finally {
                again.close();
            }
        }
    }

    @Test
    void aChildProcessGetsItsSecretsAsAPrivateFileNotAsAVariableAndTheFileGoesWithIt(@TempDir Path state)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " " + SleepMain.class.getName();
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(state, Map.of(WorkerKind.GRAPH_BUILDER,
                ProcessWorkerRuntime.split(command)));
        TenantId tenant = TenantId.of("ps-" + UUID.randomUUID().toString().substring(0, 8));
        String password = "pw-" + UUID.randomUUID();
        WorkerSpec spec = new WorkerSpec(tenant, WorkerKind.GRAPH_BUILDER, "unused", Map.of("CLIENT_ID",
                tenant.value(), "NEO4J_PASSWORD", password), 64L * 1024 * 1024, 1, "host", 0);
        Path log = state.resolve(spec.containerName() + ".log");

        WorkerInstance w = runtime.start(spec);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                    && Files.readString(log).contains("secret="));
            assertThat(Files.readString(log)).contains("secret-env=absent", "secret-file-mode=r--------",
                    "secret=" + password);
            assertThat(ProcessHandle.of(pid(w)).orElseThrow().info().arguments().map(List::of).orElse(List.of()))
                    .noneMatch(a -> a.contains(password));
        } finally {
            runtime.remove(w.id(), Duration.ofSeconds(2));
        }
        assertThat(state.resolve("secrets").resolve(spec.containerName())).doesNotExist();
    }

    private static List<WorkerInstance> alive(WorkerRuntime runtime, String tenant) throws Exception {
        return runtime.list().stream().filter(w -> w.tenant().value().equals(tenant) && w.running())
                .sorted((a, b) -> a.kind().compareTo(b.kind())).toList();
    }

    private static long pid(WorkerInstance w) {
        return Long.parseLong(w.id().substring("pid-".length()));
    }
}
