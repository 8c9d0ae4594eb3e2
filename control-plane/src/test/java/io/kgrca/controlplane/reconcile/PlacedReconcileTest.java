package io.kgrca.controlplane.reconcile;

import io.kgrca.common.config.Env;
import io.kgrca.common.model.Registration;
import io.kgrca.common.model.TenantProvision;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.placement.MemoryPlacementLog;
import io.kgrca.controlplane.placement.PartitionProgress;
import io.kgrca.controlplane.placement.PlacementStore;
import io.kgrca.controlplane.placement.Placements;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.tenant.Lifecycle;
import io.kgrca.controlplane.tenant.TenantStore;
import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.kgrca.common.placement.PlacementMode.DEDICATED;
import static io.kgrca.common.placement.PlacementMode.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

/** The reconciler with placements: shared tenants get no containers, moves start and retire dedicated workers. */
class PlacedReconcileTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final TenantId AF1 = TenantId.of("af-1");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryWorkerRuntime runtime = new InMemoryWorkerRuntime(clock);
    private final TenantStore store = new TenantStore();
    private final MemoryPlacementLog log = new MemoryPlacementLog();
    private final Map<TenantId, TenantProvision> provisions = new HashMap<>();
    private Optional<List<PartitionProgress>> progress = Optional.empty();
    private final ControlPlaneConfig config = ControlPlaneConfig.fromEnv(new Env(Map.of("KAFKA_BROKERS",
            "127.0.0.1:9092", "PLACEMENT_LEAD", "10s", "PLACEMENT_OVERLAP", "30s", "CLEANUP_TIMEOUT", "5m")));
    private final Placements placements = new Placements(config.placement(), new Placements.Io(
            new PlacementStore(ControlPlaneMetrics.NOOP), log, (tenant, side, boundaryMs) -> progress,
            GroupCleaner.NONE, provisions::get, id -> { }), ControlPlaneMetrics.NOOP, clock);
    private final Reconciler reconciler = reconciler();

    private Reconciler reconciler() {
        PortPlan ports = new PortPlan(20000, 3000);
        return new Reconciler(store, new Lifecycle(config.heartbeatTimeout(), config.cleanupTimeout(), T0),
                new DesiredWorkers(config, ports), runtime, placements.tombstoning(GroupCleaner.NONE),
                new TokenBucket(clock, 100, 100),
                new Reconciler.Collaborators(config.restart(), ports, ControlPlaneMetrics.NOOP, clock,
                        Duration.ofSeconds(1), Duration.ZERO), placements);
    }

    private void register(TenantId id) {
        store.update(id, t -> t.register(new Registration(id.value(), null, "1", null, null), clock.instant()));
    }

    private List<WorkerInstance> workers() throws Exception {
        return runtime.list(AF1);
    }

    @Test
    void aRegistrationOfASharedTenantWritesItsPlacementAndSpawnsNoWorker() throws Exception {
        register(AF1);
        reconciler.reconcile(AF1);
        reconciler.reconcile(AF1);

        assertThat(workers()).isEmpty();
        assertThat(runtime.starts()).isZero();
        assertThat(log.written()).extracting(MemoryPlacementLog.Write::placement)
                .containsExactly(Placement.initial("af-1", SHARED, T0));
    }

    @Test
    void aTenantMovedBackAndForthHasDedicatedWorkersFromTheWriteUntilItsGroupsAreDrained() throws Exception {
        provisions.put(AF1, new TenantProvision("af-1", T0, TenantProvision.ACTIVE, DEDICATED));
        register(AF1);
        reconciler.reconcile(AF1);
        assertThat(workers()).hasSize(3).allSatisfy(w -> assertThat(w.running()).isTrue());

        placements.move(AF1, SHARED, "test", true);
        clock.advance(Duration.ofSeconds(41));
        placements.tick();
        reconciler.reconcile(AF1);
        assertThat(workers()).as("not drained: no commit yet").hasSize(3);

        progress = Optional.of(List.of());
        placements.tick();
        reconciler.reconcile(AF1);
        assertThat(workers()).as("drained: removed").isEmpty();

        placements.move(AF1, DEDICATED, "test", true);
        reconciler.reconcile(AF1);
        assertThat(workers()).as("dedicated again from the write on").hasSize(3);
    }

    @Test
    void aDeadTenantsCleanupEndsWithItsTombstone() throws Exception {
        register(AF1);
        reconciler.reconcile(AF1);
        store.update(AF1, t -> t.deregister());
        reconciler.reconcile(AF1);

        assertThat(log.written()).hasSize(2).last().extracting(MemoryPlacementLog.Write::placement).isNull();
        assertThat(placements.store().get(AF1)).isEmpty();
    }
}
