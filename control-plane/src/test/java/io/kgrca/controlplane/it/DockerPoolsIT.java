package io.kgrca.controlplane.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.kgrca.common.config.Env;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.config.WorkerIsolation;
import io.kgrca.controlplane.pool.InstanceState;
import io.kgrca.controlplane.pool.PoolLoad;
import io.kgrca.controlplane.pool.PoolReconciler;
import io.kgrca.controlplane.pool.PoolSettings;
import io.kgrca.controlplane.pool.PoolSpecs;
import io.kgrca.controlplane.pool.PoolView;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import io.kgrca.controlplane.runtime.RestartHistory;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.testsupport.DockerEngine;
import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Pools on the real Docker engine: instances created with their names, labels, environment and limits; adopted by
 * a second control plane (a new runtime and reconciler, as after a restart); a graph-builder pool scaled 1 → 2 → 1
 * (the highest index stopped); a killed instance respawned with its restart count in its labels.
 */
class DockerPoolsIT {

    private final DockerClient docker = DockerEngine.client();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final AtomicInteger shared = new AtomicInteger();
    private final AtomicLong graphBuilderLag = new AtomicLong();
    private final PoolLoad load = new PoolLoad() {
        @Override
        public long lag(WorkerKind kind) {
            return kind == WorkerKind.GRAPH_BUILDER ? graphBuilderLag.get() : 0;
        }

        @Override
        public int partitions(WorkerKind kind) {
            return 3;
        }
    };

    @BeforeAll
    static void images() throws Exception {
        DockerEngine.assumeAvailable();
        TestImages.build();
    }

    @AfterEach
    void removeOurContainers() {
        ControlPlaneHarness.removeAllManagedContainers();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BROKERS", "127.0.0.1:9092",
                "EVENT_NORMALIZER_IMAGE", TestImages.WORKER, "LOG_NORMALIZER_IMAGE", TestImages.WORKER,
                "GRAPH_BUILDER_IMAGE", TestImages.WORKER, "CONTROL_PLANE_NAME", ControlPlaneHarness.OWNER,
                "POOL_MEMORY", "64m", "POOL_CPUS", "0.25", "POOL_LAG_PER_INSTANCE", "1000",
                "POOL_SCALE_DOWN_AFTER", "1m", "WORKER_SECRETS_DIR",
                ControlPlaneHarness.STATE.resolve("secrets").toString()));
        env.put("RESTART_BACKOFF_INITIAL", "1s");
        return env;
    }

    /** A "control plane": a runtime and a reconciler of its own, as a restarted one would have. */
    private PoolReconciler controlPlane() {
        Env env = new Env(env());
        ControlPlaneConfig config = ControlPlaneConfig.fromEnv(env);
        DockerWorkerRuntime runtime = new DockerWorkerRuntime(docker, ControlPlaneHarness.OWNER,
                WorkerIsolation.defaults(ControlPlaneHarness.STATE.resolve("secrets")));
        PoolSettings settings = PoolSettings.fromEnv(env);
        return new PoolReconciler(runtime, new PoolSpecs(config, settings, runtime::imageId), settings,
                config.restart(), clock, Duration.ofSeconds(2), () -> 0.5);
    }

    /** Our pool containers: name → container. */
    private Map<String, Container> pools(boolean all) {
        Map<String, Container> out = new TreeMap<>();
        for (Container c : docker.listContainersCmd().withShowAll(all)
                .withLabelFilter(Map.of(DockerWorkerRuntime.MANAGED_BY, ControlPlaneHarness.OWNER)).exec()) {
            if (c.getLabels().containsKey(DockerWorkerRuntime.POOL)) {
                out.put(c.getNames()[0].replaceFirst("^/", ""), c);
            }
        }
        return out;
    }

    private static PoolView view(List<PoolView> views, WorkerKind kind) {
        return views.stream().filter(v -> v.worker().equals(kind.id())).findFirst().orElseThrow();
    }

    @Test
    void poolInstancesAreCreatedAdoptedScaledAndRespawned() throws Exception {
        // The names are global to the engine: a concurrent run of pools elsewhere would clash.
        assumeThat(docker.listContainersCmd().withShowAll(true).exec().stream()
                .flatMap(c -> List.of(c.getNames()).stream()).filter(n -> n.contains(".pool-")).toList())
                .as("no other pool containers on this engine").isEmpty();
        shared.set(3);
        PoolReconciler first = controlPlane();
        first.reconcile(shared::get, load);

        Map<String, Container> created = pools(false);
        assertThat(created).containsOnlyKeys("kg-event-normalizer.pool-0", "kg-log-normalizer.pool-0",
                "kg-graph-builder.pool-0");
        InspectContainerResponse gb = docker.inspectContainerCmd("kg-graph-builder.pool-0").exec();
        assertThat(gb.getConfig().getLabels()).containsEntry(DockerWorkerRuntime.POOL, "0")
                .containsEntry(DockerWorkerRuntime.WORKER, "graph-builder")
                .containsEntry(DockerWorkerRuntime.MANAGED_BY, ControlPlaneHarness.OWNER)
                .containsEntry(DockerWorkerRuntime.METRICS_PORT, "19300")
                .doesNotContainKey(DockerWorkerRuntime.TENANT);
        assertThat(gb.getConfig().getEnv()).contains("PLACEMENT=shared", "GROUP_INSTANCE_ID=graph-builder.pool-0",
                "METRICS_PORT=19300").noneMatch(e -> e.startsWith("CLIENT_ID="));
        assertThat(gb.getHostConfig().getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(gb.getHostConfig().getNanoCPUs()).isEqualTo(250_000_000L);

        // A second control plane adopts them: nothing is created or replaced.
        PoolReconciler second = controlPlane();
        List<PoolView> adopted = second.reconcile(shared::get, load);
        assertThat(pools(true)).hasSize(3);
        assertThat(pools(true).values()).extracting(Container::getId)
                .containsExactlyInAnyOrderElementsOf(created.values().stream().map(Container::getId).toList());
        assertThat(adopted).extracting(PoolView::running).containsOnly(1);

        // Lag scales the graph builders to 2 at once...
        graphBuilderLag.set(1500);
        clock.advance(Duration.ofSeconds(10));
        assertThat(view(second.reconcile(shared::get, load), WorkerKind.GRAPH_BUILDER).desired()).isEqualTo(2);
        assertThat(pools(false)).containsKey("kg-graph-builder.pool-1").hasSize(4);
        String gb0 = pools(false).get("kg-graph-builder.pool-0").getId();

        // ... and back to 1 once the lower demand lasted POOL_SCALE_DOWN_AFTER: pool-1 goes, pool-0 stays.
        graphBuilderLag.set(0);
        clock.advance(Duration.ofSeconds(10));
        second.reconcile(shared::get, load);
        assertThat(pools(false)).hasSize(4);
        clock.advance(Duration.ofMinutes(1));
        second.reconcile(shared::get, load);
        assertThat(pools(true)).doesNotContainKey("kg-graph-builder.pool-1").hasSize(3);
        assertThat(pools(true).get("kg-graph-builder.pool-0").getId()).isEqualTo(gb0);

        // A killed instance is respawned (the first crash at once), carrying its restart in its labels.
        String en0 = pools(false).get("kg-event-normalizer.pool-0").getId();
        docker.killContainerCmd(en0).exec();
        await().atMost(Duration.ofSeconds(20)).until(() -> !pools(false).containsKey("kg-event-normalizer.pool-0"));
        clock.advance(Duration.ofSeconds(1));
        PoolView en = view(second.reconcile(shared::get, load), WorkerKind.EVENT_NORMALIZER);
        assertThat(en.instances()).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(i.restarts()).isEqualTo(1);
        });
        Container respawned = pools(false).get("kg-event-normalizer.pool-0");
        assertThat(respawned.getId()).isNotEqualTo(en0);
        assertThat(respawned.getLabels()).containsEntry(RestartHistory.RESTARTS_LABEL, "1");
    }
}
