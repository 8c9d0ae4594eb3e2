package io.kgrca.controlplane.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.pool.PoolSettings;
import io.kgrca.controlplane.runtime.PoolInstance;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control plane's pools with the process runtime (the local mode's), on a real broker, through {@link Main}:
 * {@code POOL_MIN=1} starts one instance per kind, {@code GET /api/pools} shows them with what their
 * {@code /pool/tenants} reports, a killed instance is respawned, and a second control plane adopts the instances.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ProcessPoolsIT {

    @Test
    void poolInstancesRunAsProcessesAreReportedRespawnedAndAdopted(KafkaBroker broker, @TempDir Path state)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " " + PoolInstanceMain.class.getName();
        int portBase = 40_000 + 300 * ThreadLocalRandom.current().nextInt(60);
        Map<String, String> env = new HashMap<>(ControlPlaneHarness.env(broker, Map.of("WORKER_RUNTIME", "process",
                "WORKER_STATE_DIR", state.toString(), "EVENT_NORMALIZER_COMMAND", command,
                "LOG_NORMALIZER_COMMAND", command, "GRAPH_BUILDER_COMMAND", command,
                "WORKER_PORT_RANGE", "25300-25599")));
        env.putAll(Map.of("POOL_MIN", "1", "POOL_RECONCILE_INTERVAL", "1s", "POOL_PORT_BASE",
                String.valueOf(portBase), "POOL_MEMORY", "64m"));
        ControlPlaneConfig config = ControlPlaneConfig.fromEnv(new Env(env));
        PoolSettings pools = PoolSettings.fromEnv(new Env(env));
        WorkerRuntime runtime = Main.runtimeFor(config);

        Main.Running cp = Main.start(config, runtime, pools);
        List<PoolInstance> before;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> alive(runtime).size() == 3);
            AtomicReference<JsonNode> seen = new AtomicReference<>();
            await("every instance's report read in one pass").atMost(Duration.ofSeconds(60)).until(() -> {
                seen.set(poolsOf(cp));
                return seen.get().size() == 3 && seen.get().findValues("instances").stream()
                        .allMatch(n -> n.size() == 1 && n.get(0).path("tenants").asInt() == 1);
            });
            JsonNode view = seen.get();
            for (JsonNode kind : view) {
                assertThat(kind.get("desired").asInt()).isEqualTo(1);
                assertThat(kind.get("running").asInt()).isEqualTo(1);
                assertThat(kind.get("partitions").asInt()).as("from the broker").isPositive();
                JsonNode instance = kind.get("instances").get(0);
                assertThat(instance.get("member").asText()).isEqualTo(kind.get("worker").asText() + ".pool-0");
                assertThat(instance.get("state").asText()).isEqualTo("RUNNING");
                assertThat(instance.get("assigned").get(0).asText()).isEqualTo("topic-0");
            }

            PoolInstance victim = alive(runtime).get(0);
            ProcessHandle.of(pid(victim)).orElseThrow().destroyForcibly();
            await("respawned").atMost(Duration.ofSeconds(30)).until(() -> alive(runtime).size() == 3
                    && alive(runtime).stream().noneMatch(p -> p.id().equals(victim.id())));
            PoolInstance respawned = alive(runtime).stream().filter(p -> p.member().equals(victim.member()))
                    .findFirst().orElseThrow();
            assertThat(respawned.history().total()).isEqualTo(1);
            assertThat(runtime.list()).as("pool instances are no tenant's workers").isEmpty();
            before = alive(runtime);
        } finally {
            cp.close();
        }

        Main.Running again = Main.start(config, Main.runtimeFor(config), pools);
        try {
            await("adopted, not restarted").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                    .until(() -> alive(runtime).equals(before));
            await().atMost(Duration.ofSeconds(10)).until(() -> poolsOf(again).size() == 3);
        } finally {
            again.close();
            for (PoolInstance p : runtime.listPools()) {
                runtime.remove(p.id(), Duration.ofSeconds(2));
            }
        }
        assertThat(runtime.listPools()).isEmpty();
        assertThat(before).allSatisfy(p -> assertThat(ProcessHandle.of(pid(p)).map(ProcessHandle::isAlive)
                .orElse(false)).isFalse());
    }

    private static JsonNode poolsOf(Main.Running cp) throws Exception {
        var r = ControlPlaneHarness.get(cp, "/api/pools");
        assertThat(r.statusCode()).isEqualTo(200);
        return JsonCodec.shared().decodeTree(r.body().getBytes(StandardCharsets.UTF_8)).get("pools");
    }

    private static List<PoolInstance> alive(WorkerRuntime runtime) throws Exception {
        return runtime.listPools().stream().filter(PoolInstance::running)
                .sorted((a, b) -> a.member().compareTo(b.member())).toList();
    }

    private static long pid(PoolInstance p) {
        return Long.parseLong(p.id().substring("pid-".length()));
    }
}
