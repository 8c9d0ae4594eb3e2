package io.kgrca.controlplane.pool;

import io.kgrca.common.config.Env;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import io.kgrca.controlplane.runtime.PoolInstance;
import io.kgrca.controlplane.runtime.RestartHistory;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The pools' reconcile against the in-memory runtime: scaling, adoption, respawn and FAILED. */
class PoolReconcilerTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryWorkerRuntime runtime = new InMemoryWorkerRuntime(clock);
    private final Map<String, String> env = new HashMap<>(Map.of("KAFKA_BROKERS", "127.0.0.1:9092",
            "MAX_RESTARTS", "3", "RESTART_BACKOFF_INITIAL", "10s", "RESTART_BACKOFF_MAX", "60s",
            "RESTART_WINDOW", "10m", "POOL_TENANTS_PER_INSTANCE", "10", "POOL_LAG_PER_INSTANCE", "1000",
            "POOL_SCALE_DOWN_AFTER", "5m", "POOL_MAX", "4"));
    private final AtomicInteger shared = new AtomicInteger();
    private final Map<WorkerKind, Long> lag = new HashMap<>();
    private final PoolLoad load = new PoolLoad() {
        @Override
        public long lag(WorkerKind kind) {
            return lag.getOrDefault(kind, 0L);
        }

        @Override
        public int partitions(WorkerKind kind) {
            return 3;
        }
    };

    private PoolReconciler reconciler() {
        ControlPlaneConfig config = ControlPlaneConfig.fromEnv(new Env(env));
        PoolSettings settings = PoolSettings.fromEnv(new Env(env));
        return new PoolReconciler(runtime, new PoolSpecs(config, settings, image -> ""), settings, config.restart(),
                clock, Duration.ofSeconds(1), () -> 0.5);
    }

    private List<PoolInstance> of(WorkerKind kind) throws RuntimeUnavailableException {
        return runtime.listPools().stream().filter(p -> p.kind() == kind).toList();
    }

    private static PoolView view(List<PoolView> views, WorkerKind kind) {
        return views.stream().filter(v -> v.worker().equals(kind.id())).findFirst().orElseThrow();
    }

    @Test
    void noSharedTenantNoInstance() throws Exception {
        List<PoolView> views = reconciler().reconcile(shared::get, load);
        assertThat(runtime.listPools()).isEmpty();
        assertThat(views).extracting(PoolView::desired).containsOnly(0);
    }

    @Test
    void scalesOneToTwoAtOnceAndBackToOneAfterTheDelayStoppingTheHighestIndex() throws Exception {
        PoolReconciler r = reconciler();
        shared.set(5);
        r.reconcile(shared::get, load);
        assertThat(runtime.listPools()).hasSize(3);
        assertThat(of(WorkerKind.GRAPH_BUILDER)).extracting(PoolInstance::member)
                .containsExactly("graph-builder.pool-0");

        lag.put(WorkerKind.GRAPH_BUILDER, 1500L);
        clock.advance(Duration.ofSeconds(10));
        PoolView gb = view(r.reconcile(shared::get, load), WorkerKind.GRAPH_BUILDER);
        assertThat(gb.desired()).isEqualTo(2);
        assertThat(gb.running()).isEqualTo(2);
        assertThat(of(WorkerKind.GRAPH_BUILDER)).extracting(PoolInstance::member)
                .containsExactlyInAnyOrder("graph-builder.pool-0", "graph-builder.pool-1");
        assertThat(of(WorkerKind.EVENT_NORMALIZER)).as("other kinds follow their own lag").hasSize(1);

        lag.put(WorkerKind.GRAPH_BUILDER, 0L);
        clock.advance(Duration.ofSeconds(10));
        r.reconcile(shared::get, load);
        clock.advance(Duration.ofMinutes(4));
        r.reconcile(shared::get, load);
        assertThat(of(WorkerKind.GRAPH_BUILDER)).as("lower demand has not lasted 5m").hasSize(2);
        String first = of(WorkerKind.GRAPH_BUILDER).stream().filter(p -> p.index() == 0).findFirst().orElseThrow()
                .id();
        clock.advance(Duration.ofMinutes(1));
        r.reconcile(shared::get, load);
        assertThat(of(WorkerKind.GRAPH_BUILDER)).extracting(PoolInstance::id).containsExactly(first);
    }

    @Test
    void neverMoreInstancesThanPartitionsNorThanTheMaximum() throws Exception {
        shared.set(1000);
        List<PoolView> views = reconciler().reconcile(shared::get, load);
        assertThat(views).extracting(PoolView::desired).containsOnly(3);
        assertThat(runtime.listPools()).hasSize(9);
    }

    @Test
    void aRestartedControlPlaneAdoptsRunningInstancesAndContinuesTheirRestartCount() throws Exception {
        shared.set(5);
        reconciler().reconcile(shared::get, load);
        int starts = runtime.starts();
        PoolInstance gb = of(WorkerKind.GRAPH_BUILDER).get(0);
        // An instance that an earlier control plane had respawned twice, recently.
        runtime.remove(gb.id(), Duration.ZERO);
        runtime.addPool(new PoolInstance("adopted", WorkerKind.GRAPH_BUILDER, 0, gb.specHash(), true, null,
                T0, null, gb.metricsPort(), new RestartHistory(2, List.of(T0.minusSeconds(60), T0.minusSeconds(30)))));

        PoolReconciler second = reconciler();
        PoolView view = view(second.reconcile(shared::get, load), WorkerKind.GRAPH_BUILDER);
        assertThat(runtime.starts()).as("nothing started: every instance adopted").isEqualTo(starts);
        assertThat(view.instances()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo("adopted");
            assertThat(i.restarts()).isEqualTo(2);
        });

        // Its next crash is the third in the window: with MAX_RESTARTS=3 it is respawned once more after a backoff,
        // then FAILED.
        runtime.crashPool("adopted", 1);
        PoolView crashed = view(second.reconcile(shared::get, load), WorkerKind.GRAPH_BUILDER);
        assertThat(crashed.instances().get(0).state()).isEqualTo(InstanceState.CRASHED);
        assertThat(crashed.instances().get(0).nextAttempt()).isAfter(clock.instant());
    }

    @Test
    void aCrashedInstanceIsRespawnedAtOnceThenWithBackoffThenFailedAndAManualRestartClearsIt() throws Exception {
        shared.set(1);
        PoolReconciler r = reconciler();
        r.reconcile(shared::get, load);

        runtime.crashPool(of(WorkerKind.LOG_NORMALIZER).get(0).id(), 137);
        PoolView v = view(r.reconcile(shared::get, load), WorkerKind.LOG_NORMALIZER);
        assertThat(v.instances().get(0).state()).as("first crash: respawned at once").isEqualTo(InstanceState.RUNNING);
        assertThat(v.instances().get(0).restarts()).isEqualTo(1);
        PoolInstance respawned = of(WorkerKind.LOG_NORMALIZER).get(0);
        assertThat(respawned.running()).isTrue();
        assertThat(respawned.history().total()).as("the history travels with the instance").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        runtime.crashPool(respawned.id(), 1);
        v = view(r.reconcile(shared::get, load), WorkerKind.LOG_NORMALIZER);
        assertThat(v.instances().get(0).state()).as("second crash: backoff").isEqualTo(InstanceState.CRASHED);
        assertThat(v.instances().get(0).lastError()).isEqualTo("exit code 1");
        clock.advance(Duration.ofSeconds(30));
        v = view(r.reconcile(shared::get, load), WorkerKind.LOG_NORMALIZER);
        assertThat(v.instances().get(0).state()).isEqualTo(InstanceState.RUNNING);
        assertThat(v.instances().get(0).restarts()).isEqualTo(2);

        for (int crash = 0; crash < 3; crash++) {
            clock.advance(Duration.ofSeconds(1));
            PoolInstance now = of(WorkerKind.LOG_NORMALIZER).get(0);
            if (now.running()) {
                runtime.crashPool(now.id(), 1);
            }
            clock.advance(Duration.ofMinutes(2));
            v = view(r.reconcile(shared::get, load), WorkerKind.LOG_NORMALIZER);
        }
        assertThat(v.instances().get(0).state()).isEqualTo(InstanceState.FAILED);
        int starts = runtime.starts();
        clock.advance(Duration.ofMinutes(3));
        r.reconcile(shared::get, load);
        assertThat(runtime.starts()).as("FAILED stays stopped").isEqualTo(starts);

        r.reset(WorkerKind.LOG_NORMALIZER, 0);
        v = view(r.reconcile(shared::get, load), WorkerKind.LOG_NORMALIZER);
        assertThat(v.instances().get(0).state()).isEqualTo(InstanceState.RUNNING);
        assertThat(runtime.starts()).isEqualTo(starts + 1);
    }

    @Test
    void aChangedSpecReplacesTheInstance() throws Exception {
        shared.set(1);
        reconciler().reconcile(shared::get, load);
        String before = of(WorkerKind.EVENT_NORMALIZER).get(0).id();

        env.put("POOL_CPUS", "2");
        reconciler().reconcile(shared::get, load);
        assertThat(of(WorkerKind.EVENT_NORMALIZER)).singleElement()
                .satisfies(p -> assertThat(p.id()).isNotEqualTo(before));
    }
}
