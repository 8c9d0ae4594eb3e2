package io.kgrca.controlplane.reconcile;

import io.kgrca.common.config.Env;
import io.kgrca.common.model.Registration;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.testsupport.MutableClock;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.plan.WorkerState;
import io.kgrca.controlplane.reconcile.ReconcileResult.Type;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.tenant.Lifecycle;
import io.kgrca.controlplane.tenant.TenantState;
import io.kgrca.controlplane.tenant.TenantStore;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciler with an injected clock and the in-memory runtime: no sleeps, no I/O. */
class ReconcilerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final TenantId AF1 = TenantId.of("af-1");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryWorkerRuntime runtime = new InMemoryWorkerRuntime(clock);
    private final TenantStore store = new TenantStore();
    private final List<TenantId> cleaned = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private ControlPlaneConfig config = config(Map.of());
    private Reconciler reconciler = reconciler(GroupCleaner.NONE);

    private static ControlPlaneConfig config(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BROKERS", "127.0.0.1:9092", "MAX_RESTARTS", "3",
                "RESTART_BACKOFF_INITIAL", "10s", "RESTART_BACKOFF_MAX", "60s", "SPAWN_BURST", "6",
                "SPAWN_RATE_PER_SECOND", "1"));
        env.putAll(extra);
        return ControlPlaneConfig.fromEnv(new Env(env));
    }

    private Reconciler reconciler(GroupCleaner cleaner) {
        return reconciler(cleaner, T0);
    }

    private Reconciler reconciler(GroupCleaner cleaner, Instant graceUntil) {
        ControlPlaneMetrics metrics = new ControlPlaneMetrics() {
            @Override
            public void respawned(String worker) {
                counts.merge("respawned", 1, Integer::sum);
            }

            @Override
            public void spawned(String worker) {
                counts.merge("spawned", 1, Integer::sum);
            }
        };
        PortPlan ports = new PortPlan(20000, 3000);
        return new Reconciler(store, new Lifecycle(config.heartbeatTimeout(), config.cleanupTimeout(), graceUntil),
                new DesiredWorkers(config, ports), runtime, cleaner,
                new TokenBucket(clock, config.spawnRatePerSecond(), config.spawnBurst()),
                new Reconciler.Collaborators(config.restart(), ports, metrics, clock, Duration.ofSeconds(1)));
    }

    private void register(TenantId id) {
        store.update(id, t -> t.register(new Registration(id.value(), null, "1", null, null), clock.instant()));
    }

    private WorkerInstance worker(WorkerKind kind) throws Exception {
        return runtime.list().stream().filter(w -> w.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void aRegisteredTenantGetsItsThreeWorkersAndASecondPassDoesNothing() throws Exception {
        register(AF1);

        ReconcileResult first = reconciler.reconcile(AF1);
        ReconcileResult second = reconciler.reconcile(AF1);

        assertThat(first.actions()).extracting(ReconcileResult.Action::type).containsOnly(Type.CREATED).hasSize(3);
        assertThat(runtime.list()).extracting(WorkerInstance::kind).containsExactlyInAnyOrder(WorkerKind.values());
        assertThat(second.noop()).isTrue();
        assertThat(runtime.starts()).isEqualTo(3);
    }

    @Test
    void aCrashedWorkerIsRespawnedAtOnceThenWithGrowingBackoffThenFails() throws Exception {
        register(AF1);
        reconciler.reconcile(AF1);

        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);
        assertThat(reconciler.reconcile(AF1).actions()).extracting(ReconcileResult.Action::type)
                .containsExactly(Type.RESPAWNED);

        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);
        ReconcileResult backingOff = reconciler.reconcile(AF1);
        assertThat(backingOff.actions()).extracting(ReconcileResult.Action::type).containsExactly(Type.BACKING_OFF);
        assertThat(backingOff.requeueAfter()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
        assertThat(reconciler.statusOf(AF1).get(WorkerKind.GRAPH_BUILDER).state()).isEqualTo(WorkerState.BACKING_OFF);

        clock.advance(backingOff.requeueAfter());
        assertThat(reconciler.reconcile(AF1).actions()).extracting(ReconcileResult.Action::type)
                .containsExactly(Type.RESPAWNED);
        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);
        ReconcileResult third = reconciler.reconcile(AF1);
        assertThat(third.requeueAfter()).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(24));
        clock.advance(third.requeueAfter());
        reconciler.reconcile(AF1);
        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);

        ReconcileResult failed = reconciler.reconcile(AF1);

        assertThat(failed.actions()).extracting(ReconcileResult.Action::type).containsExactly(Type.FAILED);
        assertThat(reconciler.statusOf(AF1).get(WorkerKind.GRAPH_BUILDER).state()).isEqualTo(WorkerState.FAILED);
        assertThat(reconciler.statusOf(AF1).get(WorkerKind.GRAPH_BUILDER).restarts()).isEqualTo(3);
        clock.advance(Duration.ofHours(1));
        store.update(AF1, t -> t.heartbeat(clock.instant(), null));
        assertThat(reconciler.reconcile(AF1).noop()).as("FAILED stays until a manual restart").isTrue();

        reconciler.resetWorker(AF1, WorkerKind.GRAPH_BUILDER);
        assertThat(reconciler.reconcile(AF1).actions()).extracting(ReconcileResult.Action::type)
                .containsExactly(Type.RESPAWNED);
    }

    @Test
    void aCrashLoopReachesFailedAcrossAControlPlaneRestartBecauseTheCountTravelsWithTheWorker() throws Exception {
        register(AF1);
        reconciler.reconcile(AF1);
        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);
        reconciler.reconcile(AF1);
        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);
        clock.advance(reconciler.reconcile(AF1).requeueAfter());
        reconciler.reconcile(AF1);
        assertThat(worker(WorkerKind.GRAPH_BUILDER).history().total()).as("carried by the respawned worker")
                .isEqualTo(2);

        Reconciler restarted = reconciler(GroupCleaner.NONE);
        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);
        clock.advance(restarted.reconcile(AF1).requeueAfter());
        restarted.reconcile(AF1);
        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);
        ReconcileResult failed = restarted.reconcile(AF1);

        assertThat(failed.actions()).extracting(ReconcileResult.Action::type).containsExactly(Type.FAILED);
        assertThat(restarted.statusOf(AF1).get(WorkerKind.GRAPH_BUILDER).restarts()).isEqualTo(3);
    }

    @Test
    void aWorkerThatRanStablyHasItsCrashHistoryForgotten() throws Exception {
        register(AF1);
        reconciler.reconcile(AF1);
        runtime.crash(worker(WorkerKind.LOG_NORMALIZER).id(), 137);
        reconciler.reconcile(AF1);

        clock.advance(Duration.ofMinutes(3));
        store.update(AF1, t -> t.heartbeat(clock.instant(), null));
        reconciler.reconcile(AF1);
        runtime.crash(worker(WorkerKind.LOG_NORMALIZER).id(), 137);

        assertThat(reconciler.reconcile(AF1).actions()).extracting(ReconcileResult.Action::type)
                .as("first crash after a stable run restarts at once").containsExactly(Type.RESPAWNED);
    }

    @Test
    void aTenantReadBackAtStartKeepsItsAdoptedWorkersButGetsNoneCreatedUntilItHeartBeats() throws Exception {
        reconciler = reconciler(GroupCleaner.NONE, T0.plus(config.heartbeatTimeout()));
        store.update(AF1, t -> t.register(new Registration(AF1.value(), null, "1", null, null), null));
        runtime.add(new WorkerInstance("adopted", AF1, WorkerKind.EVENT_NORMALIZER, "older-spec", true, null,
                T0.minusSeconds(3600), null, 0));

        ReconcileResult inGrace = reconciler.reconcile(AF1);

        assertThat(inGrace.state()).isEqualTo(TenantState.GRACE);
        assertThat(inGrace.noop()).as("nothing created, nothing replaced").isTrue();
        assertThat(runtime.starts()).isZero();
        assertThat(reconciler.statusOf(AF1).get(WorkerKind.EVENT_NORMALIZER).state()).isEqualTo(WorkerState.RUNNING);
        assertThat(reconciler.statusOf(AF1).get(WorkerKind.GRAPH_BUILDER).state()).isEqualTo(WorkerState.ABSENT);

        clock.advance(Duration.ofSeconds(20));
        store.update(AF1, t -> t.heartbeat(clock.instant(), null));
        ReconcileResult alive = reconciler.reconcile(AF1);

        assertThat(alive.state()).isEqualTo(TenantState.ACTIVE);
        assertThat(alive.actions()).extracting(ReconcileResult.Action::worker, ReconcileResult.Action::type)
                .containsExactlyInAnyOrder(Tuple.tuple("event-normalizer", Type.REPLACED),
                        Tuple.tuple("log-normalizer", Type.CREATED),
                        Tuple.tuple("graph-builder", Type.CREATED));
    }

    @Test
    void aTenantSilentSinceTheRestartKeepsACrashedWorkerWithoutRespawningItUntilItHeartBeats() throws Exception {
        reconciler = reconciler(GroupCleaner.NONE, T0.plus(config.heartbeatTimeout()));
        store.update(AF1, t -> t.register(new Registration(AF1.value(), null, "1", null, null), null));
        var specs = new DesiredWorkers(config, new PortPlan(20000, 3000))
                .of(store.get(AF1).orElseThrow(), TenantState.ACTIVE);
        specs.values().forEach(spec -> runtime.add(new WorkerInstance("adopted-" + spec.kind().id(), AF1, spec.kind(),
                spec.hash(), true, null, T0.minusSeconds(3600), null, spec.metricsPort())));
        clock.advance(Duration.ofMinutes(3));
        runtime.crash("adopted-graph-builder", 137);

        ReconcileResult stale = reconciler.reconcile(AF1);

        assertThat(stale.state()).isEqualTo(TenantState.STALE);
        assertThat(stale.noop()).isTrue();
        assertThat(reconciler.statusOf(AF1).get(WorkerKind.GRAPH_BUILDER).state()).isEqualTo(WorkerState.EXITED);
        assertThat(reconciler.statusOf(AF1).get(WorkerKind.EVENT_NORMALIZER).state()).isEqualTo(WorkerState.RUNNING);

        store.update(AF1, t -> t.heartbeat(clock.instant(), null));
        assertThat(reconciler.reconcile(AF1).actions()).extracting(ReconcileResult.Action::type)
                .containsExactly(Type.RESPAWNED);
    }

    @Test
    void aStaleTenantThatWasSeenKeepsItsWorkersRunningAsTheOriginalDid() throws Exception {
        register(AF1);
        reconciler.reconcile(AF1);
        clock.advance(Duration.ofMinutes(3));
        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 137);

        ReconcileResult stale = reconciler.reconcile(AF1);

        assertThat(stale.state()).isEqualTo(TenantState.STALE);
        assertThat(stale.actions()).extracting(ReconcileResult.Action::type).containsExactly(Type.RESPAWNED);
    }

    @Test
    void aChangedSpecReplacesTheContainer() throws Exception {
        register(AF1);
        reconciler.reconcile(AF1);
        config = config(Map.of("GRAPH_BUILDER_IMAGE", "kg-graph-builder:2"));
        reconciler = reconciler(GroupCleaner.NONE);

        ReconcileResult r = reconciler.reconcile(AF1);

        assertThat(r.actions()).extracting(ReconcileResult.Action::worker, ReconcileResult.Action::type)
                .containsExactly(Tuple.tuple("graph-builder", Type.REPLACED));
    }

    @Test
    void aDeadTenantLosesItsWorkersAndItsGroupsOnce() throws Exception {
        reconciler = reconciler(id -> cleaned.add(id));
        register(AF1);
        reconciler.reconcile(AF1);

        clock.advance(Duration.ofMinutes(3));
        ReconcileResult stale = reconciler.reconcile(AF1);
        clock.advance(Duration.ofMinutes(3));
        ReconcileResult dead = reconciler.reconcile(AF1);
        ReconcileResult again = reconciler.reconcile(AF1);

        assertThat(stale.state()).isEqualTo(TenantState.STALE);
        assertThat(stale.noop()).as("stale keeps its workers").isTrue();
        assertThat(dead.state()).isEqualTo(TenantState.DEAD);
        assertThat(dead.actions()).extracting(ReconcileResult.Action::type)
                .containsExactly(Type.DELETED, Type.DELETED, Type.DELETED, Type.CLEANED_UP);
        assertThat(runtime.list()).isEmpty();
        assertThat(cleaned).containsExactly(AF1);
        assertThat(again.noop()).isTrue();
    }

    @Test
    void aDeadTenantIsForgottenTheRetentionAfterItsCleanupAndNotBefore() throws Exception {
        reconciler = reconciler(id -> true);
        register(AF1);
        reconciler.reconcile(AF1);
        store.update(AF1, t -> t.deregister());

        ReconcileResult cleanedUp = reconciler.reconcile(AF1);
        clock.advance(Duration.ofMinutes(59));
        ReconcileResult kept = reconciler.reconcile(AF1);
        clock.advance(Duration.ofMinutes(1));
        ReconcileResult forgotten = reconciler.reconcile(AF1);

        assertThat(cleanedUp.actions()).extracting(ReconcileResult.Action::type).contains(Type.CLEANED_UP);
        assertThat(cleanedUp.requeueAfter()).as("looked at again when the retention ends").isEqualTo(Duration.ofHours(1));
        assertThat(kept.noop()).isTrue();
        assertThat(forgotten.actions()).extracting(ReconcileResult.Action::type).containsExactly(Type.FORGOTTEN);
        assertThat(store.get(AF1)).isEmpty();
        assertThat(store.knows(AF1)).as("a tombstoned tenant leaves nothing behind").isFalse();
        assertThat(reconciler.statusOf(AF1)).isEmpty();
        assertThat(reconciler.isCleanedUp(AF1)).isFalse();
    }

    @Test
    void everythingKeptPerTenantIsPrunedWithTheTenant() throws Exception {
        reconciler = reconciler(id -> true);
        register(AF1);
        reconciler.reconcile(AF1);
        runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);
        reconciler.reconcile(AF1);
        reconciler.resetWorker(AF1, WorkerKind.EVENT_NORMALIZER);
        assertThat(reconciler.tenantsWithState()).isEqualTo(1);

        store.update(AF1, t -> t.deregister());
        reconciler.reconcile(AF1);
        clock.advance(Duration.ofHours(1));
        reconciler.reconcile(AF1);

        assertThat(store.knows(AF1)).isFalse();
        assertThat(reconciler.tenantsWithState()).as("memory, status, pending restarts, cleanup state").isZero();
    }

    @Test
    void aManualRestartIsAppliedByTheNextReconcileNotByTheCaller() throws Exception {
        config = config(Map.of("MAX_RESTARTS", "1"));
        reconciler = reconciler(GroupCleaner.NONE);
        register(AF1);
        reconciler.reconcile(AF1);
        for (int i = 0; i < 2; i++) {
            runtime.crash(worker(WorkerKind.GRAPH_BUILDER).id(), 1);
            reconciler.reconcile(AF1);
        }
        assertThat(reconciler.statusOf(AF1).get(WorkerKind.GRAPH_BUILDER).state()).isEqualTo(WorkerState.FAILED);

        reconciler.resetWorker(AF1, WorkerKind.GRAPH_BUILDER);
        assertThat(reconciler.statusOf(AF1).get(WorkerKind.GRAPH_BUILDER).state())
                .as("the request alone changes nothing: the reconcile thread owns the tenant's state")
                .isEqualTo(WorkerState.FAILED);

        assertThat(reconciler.reconcile(AF1).actions()).extracting(ReconcileResult.Action::type)
                .containsExactly(Type.RESPAWNED);
    }

    @Test
    void aZeroRetentionForgetsADeadTenantInTheReconcileThatCleanedItUp() throws Exception {
        PortPlan ports = new PortPlan(20000, 3000);
        reconciler = new Reconciler(store, new Lifecycle(config.heartbeatTimeout(), config.cleanupTimeout(), T0),
                new DesiredWorkers(config, ports), runtime, id -> true,
                new TokenBucket(clock, config.spawnRatePerSecond(), config.spawnBurst()),
                new Reconciler.Collaborators(config.restart(), ports, ControlPlaneMetrics.NOOP, clock,
                        Duration.ofSeconds(1), Duration.ZERO));
        register(AF1);
        reconciler.reconcile(AF1);
        clock.advance(Duration.ofMinutes(6));

        ReconcileResult dead = reconciler.reconcile(AF1);

        assertThat(dead.actions()).extracting(ReconcileResult.Action::type).endsWith(Type.CLEANED_UP, Type.FORGOTTEN);
        assertThat(store.all()).isEmpty();
        assertThat(store.knows(AF1)).as("died of silence: its registration stands, kept dormant").isTrue();
        assertThat(store.updateExisting(AF1, t -> t.heartbeat(clock.instant(), null))).isPresent();
        assertThat(reconciler.reconcile(AF1).actions()).extracting(ReconcileResult.Action::type)
                .as("a heartbeat brings it back").containsOnly(Type.CREATED);
    }

    @Test
    void aGroupThatIsNotEmptyYetIsRetried() throws Exception {
        int[] calls = {0};
        reconciler = reconciler(id -> ++calls[0] > 1);
        register(AF1);
        reconciler.reconcile(AF1);
        store.update(AF1, t -> t.deregister());

        ReconcileResult first = reconciler.reconcile(AF1);
        ReconcileResult second = reconciler.reconcile(AF1);

        assertThat(first.requeueAfter()).as("first retry after about a second")
                .isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(second.actions()).extracting(ReconcileResult.Action::type).containsExactly(Type.CLEANED_UP);
    }

    @Test
    void workersOfAnUnknownTenantAreRemoved() throws Exception {
        TenantId ghost = TenantId.of("ghost");
        runtime.add(new WorkerInstance("orphan-1", ghost, WorkerKind.EVENT_NORMALIZER, "h", true, null, T0, null, 0));

        ReconcileResult r = reconciler.reconcile(ghost);

        assertThat(r.actions()).extracting(ReconcileResult.Action::type).contains(Type.DELETED);
        assertThat(runtime.list()).isEmpty();
    }

    @Test
    void spawnsAreRateLimitedAndResumeWhenTokensReturn() throws Exception {
        List<TenantId> tenants = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tenants.add(TenantId.of("t-" + i));
            register(tenants.get(i));
        }

        for (TenantId t : tenants) {
            reconciler.reconcile(t);
        }
        assertThat(runtime.starts()).as("burst of 6").isEqualTo(6);
        ReconcileResult limited = reconciler.reconcile(tenants.get(2));
        assertThat(limited.actions()).extracting(ReconcileResult.Action::type).containsOnly(Type.RATE_LIMITED);
        assertThat(limited.requeueAfter()).isPositive();

        clock.advance(Duration.ofSeconds(6));
        for (TenantId t : tenants) {
            reconciler.reconcile(t);
        }
        assertThat(runtime.starts()).isEqualTo(12);
    }

    @Test
    void workersCarryTheContractEnvironment() {
        register(AF1);
        var specs = new DesiredWorkers(config, new PortPlan(20000, 300))
                .of(store.get(AF1).orElseThrow(), TenantState.ACTIVE);

        assertThat(specs.get(WorkerKind.GRAPH_BUILDER).env()).containsKeys("KAFKA_BROKERS", "CLIENT_ID", "NEO4J_URI",
                "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "METRICS_PORT");
        assertThat(specs.get(WorkerKind.EVENT_NORMALIZER).env()).containsEntry("CLIENT_ID", "af-1")
                .doesNotContainKey("NEO4J_PASSWORD");
        assertThat(specs.get(WorkerKind.EVENT_NORMALIZER).containerName()).isEqualTo("kg-event-normalizer-af-1");
        assertThat(specs.values()).extracting(s -> s.metricsPort()).doesNotHaveDuplicates();
    }

    @Test
    void aGraphBuilderGetsItsTenantsReadTokenAndOnlyADigestOfTheOperatorToken() {
        register(AF1);
        ApiToken operator = ApiTokens.newOperatorToken(new SecureRandom());
        var specs = new DesiredWorkers(config.withOperatorToken(operator), new PortPlan(20000, 300))
                .of(store.get(AF1).orElseThrow(), TenantState.ACTIVE);

        Map<String, String> env = specs.get(WorkerKind.GRAPH_BUILDER).env();
        assertThat(env).containsEntry("RCA_READ_TOKEN", ApiTokens.rcaReadToken(operator, AF1).reveal())
                .containsEntry("API_TOKEN_SHA256", operator.digestHex());
        assertThat(env.values()).doesNotContain(operator.reveal());
        assertThat(specs.get(WorkerKind.LOG_NORMALIZER).env()).doesNotContainKeys("RCA_READ_TOKEN", "API_TOKEN_SHA256");
    }

    @Test
    void workersConnectToKafkaAsTheirOwnPrincipalWhenTheControlPlaneIsGivenOne() {
        register(AF1);
        ControlPlaneConfig secured = ControlPlaneConfig.fromEnv(new Env(Map.of("KAFKA_BROKERS", "127.0.0.1:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_USERNAME", "kg-control-plane", "KAFKA_SASL_PASSWORD", "cp-pw",
                "WORKER_KAFKA_SASL_USERNAME", "kg-worker", "WORKER_KAFKA_SASL_PASSWORD", "worker-pw")));
        var specs = new DesiredWorkers(secured, new PortPlan(20000, 300)).of(store.get(AF1).orElseThrow(),
                TenantState.ACTIVE);

        for (var spec : specs.values()) {
            assertThat(spec.env()).containsEntry("KAFKA_SASL_USERNAME", "kg-worker")
                    .containsEntry("KAFKA_SASL_PASSWORD", "worker-pw");
            assertThat(spec.env().values()).doesNotContain("cp-pw");
        }
    }
}
