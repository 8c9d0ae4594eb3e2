package io.kgrca.controlplane.plan;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.config.ControlPlaneConfig.RestartPolicy;
import io.kgrca.controlplane.plan.Action.Hold;
import io.kgrca.controlplane.plan.Action.HoldReason;
import io.kgrca.controlplane.plan.Action.Start;
import io.kgrca.controlplane.plan.Action.StartReason;
import io.kgrca.controlplane.runtime.RestartHistory;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.controlplane.tenant.TenantState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner alone: inputs built by hand, no runtime, no I/O; one test per transition the reconciler makes. */
class PlannerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final TenantId T = TenantId.of("t-1");
    private static final RestartPolicy POLICY = new RestartPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 2,
            Duration.ofMinutes(10), Duration.ofMinutes(2));
    private static final Duration RETENTION = Duration.ofHours(1);

    private int tokens = 100;
    private final SpawnBudget budget = new SpawnBudget() {
        @Override
        public boolean tryAcquire() {
            return tokens-- > 0;
        }

        @Override
        public Duration untilNext() {
            return Duration.ofMillis(700);
        }
    };
    private final Planner planner = new Planner(budget);
    private final TenantMemory memory = new TenantMemory(POLICY, () -> 0.5);

    private static Map<WorkerKind, WorkerSpec> specs(String image) {
        Map<WorkerKind, WorkerSpec> specs = new EnumMap<>(WorkerKind.class);
        for (WorkerKind k : WorkerKind.values()) {
            specs.put(k, new WorkerSpec(T, k, image, Map.of("CLIENT_ID", T.value()), 64L << 20, 0.5, "host",
                    20000 + k.slot()));
        }
        return specs;
    }

    private static WorkerInstance running(WorkerSpec s, String id) {
        return new WorkerInstance(id, T, s.kind(), s.hash(), true, null, T0, null, s.metricsPort());
    }

    private static WorkerInstance exited(WorkerSpec s, String id) {
        return new WorkerInstance(id, T, s.kind(), s.hash(), false, 1, T0, T0, s.metricsPort());
    }

    private static List<WorkerInstance> allRunning(Map<WorkerKind, WorkerSpec> specs) {
        List<WorkerInstance> out = new ArrayList<>();
        specs.values().forEach(s -> out.add(running(s, "c-" + s.kind().id())));
        return out;
    }

    private static PlanInput live(Map<WorkerKind, WorkerSpec> specs, List<WorkerInstance> observed, Instant now) {
        return new PlanInput(T, true, TenantState.ACTIVE, true, specs, observed, now, now.plusSeconds(30), null,
                RETENTION);
    }

    private static PlanInput dead(List<WorkerInstance> observed, boolean known, Instant cleanedUpAt, Instant now) {
        return new PlanInput(T, known, TenantState.DEAD, false, Map.of(), observed, now, null, cleanedUpAt, RETENTION);
    }

    @Test
    void aNewTenantGetsThreeCreatesAndItsNextTransitionAsRequeue() {
        TenantPlan p = planner.plan(live(specs("img:1"), List.of(), T0), memory);

        assertThat(p.actions()).hasSize(3).allSatisfy(a -> assertThat(((Start) a).reason())
                .isEqualTo(StartReason.CREATED));
        assertThat(p.workers().values()).extracting(TenantPlan.Planned::state).containsOnly(WorkerState.STARTING);
        assertThat(p.requeueAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void unchangedRunningWorkersPlanNothing() {
        Map<WorkerKind, WorkerSpec> specs = specs("img:1");
        TenantPlan p = planner.plan(live(specs, allRunning(specs), T0), memory);

        assertThat(p.noop()).isTrue();
        assertThat(p.workers().values()).extracting(TenantPlan.Planned::state).containsOnly(WorkerState.RUNNING);
    }

    @Test
    void anotherSpecHashReplacesTheWorker() {
        List<WorkerInstance> old = allRunning(specs("img:1"));
        TenantPlan p = planner.plan(live(specs("img:2"), old, T0), memory);

        assertThat(p.actions()).hasSize(3).allSatisfy(a -> {
            Start s = (Start) a;
            assertThat(s.reason()).isEqualTo(StartReason.REPLACED);
            assertThat(s.replacing()).isNotNull();
            assertThat(s.detail()).startsWith("spec changed ");
        });
    }

    @Test
    void aCrashIsRespawnedAtOnceThenBacksOffThenFailsOnceAndStaysFailed() {
        Map<WorkerKind, WorkerSpec> specs = specs("img:1");
        WorkerSpec gb = specs.get(WorkerKind.GRAPH_BUILDER);
        List<WorkerInstance> observed = new ArrayList<>(allRunning(specs));
        observed.set(2, exited(gb, "x1"));

        TenantPlan first = planner.plan(live(specs, observed, T0), memory);
        Start respawn = (Start) first.actions().get(0);
        assertThat(respawn.reason()).isEqualTo(StartReason.RESPAWNED);
        assertThat(respawn.history().recent()).containsExactly(T0);
        memory.tracker(WorkerKind.GRAPH_BUILDER, null, T0).recordRestart(T0); // what the applier does on success

        observed.set(2, exited(gb, "x2"));
        TenantPlan second = planner.plan(live(specs, observed, T0.plusSeconds(1)), memory);
        assertThat(second.actions()).containsExactly(new Hold(WorkerKind.GRAPH_BUILDER, HoldReason.BACKING_OFF,
                "next attempt at " + T0.plusSeconds(11)));
        assertThat(second.requeueAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(second.workers().get(WorkerKind.GRAPH_BUILDER).state()).isEqualTo(WorkerState.BACKING_OFF);

        TenantPlan third = planner.plan(live(specs, observed, T0.plusSeconds(11)), memory);
        assertThat(((Start) third.actions().get(0)).reason()).isEqualTo(StartReason.RESPAWNED);
        memory.tracker(WorkerKind.GRAPH_BUILDER, null, T0).recordRestart(T0.plusSeconds(11));

        observed.set(2, exited(gb, "x3"));
        TenantPlan failed = planner.plan(live(specs, observed, T0.plusSeconds(12)), memory);
        assertThat(failed.actions()).singleElement().extracting(a -> ((Hold) a).reason())
                .isEqualTo(HoldReason.FAILED);
        assertThat(failed.workers().get(WorkerKind.GRAPH_BUILDER).state()).isEqualTo(WorkerState.FAILED);

        TenantPlan still = planner.plan(live(specs, observed, T0.plusSeconds(600)), memory);
        assertThat(still.noop()).as("FAILED is reported once, then held").isTrue();
        assertThat(still.workers().get(WorkerKind.GRAPH_BUILDER).state()).isEqualTo(WorkerState.FAILED);

        memory.reset(WorkerKind.GRAPH_BUILDER);
        assertThat(((Start) planner.plan(live(specs, observed, T0.plusSeconds(601)), memory).actions().get(0))
                .reason()).as("a manual restart").isEqualTo(StartReason.RESPAWNED);
    }

    @Test
    void theSameExitedInstanceSeenTwiceIsOneCrash() {
        Map<WorkerKind, WorkerSpec> specs = specs("img:1");
        List<WorkerInstance> observed = new ArrayList<>(allRunning(specs));
        observed.set(0, exited(specs.get(WorkerKind.EVENT_NORMALIZER), "x1"));
        tokens = 0;

        planner.plan(live(specs, observed, T0), memory);
        tokens = 1;
        TenantPlan again = planner.plan(live(specs, observed, T0), memory);

        assertThat(((Start) again.actions().get(0)).reason()).isEqualTo(StartReason.RESPAWNED);
    }

    @Test
    void noSpawnTokenHoldsTheStartAndRequeuesWhenTheNextTokenComes() {
        tokens = 1;
        TenantPlan p = planner.plan(live(specs("img:1"), List.of(), T0), memory);

        assertThat(p.actions()).filteredOn(a -> a instanceof Start).hasSize(1);
        assertThat(p.actions()).filteredOn(a -> a instanceof Hold h && h.reason() == HoldReason.RATE_LIMITED)
                .hasSize(2);
        assertThat(p.requeueAfter()).isEqualTo(Duration.ofMillis(700));
        assertThat(p.workers().values()).extracting(TenantPlan.Planned::state)
                .containsExactlyInAnyOrder(WorkerState.STARTING, WorkerState.RATE_LIMITED, WorkerState.RATE_LIMITED);
    }

    @Test
    void aTenantThatMayNotCreateKeepsWhatItHasAndStartsNothing() {
        Map<WorkerKind, WorkerSpec> specs = specs("img:1");
        List<WorkerInstance> observed = List.of(running(specs.get(WorkerKind.EVENT_NORMALIZER), "c1"),
                exited(specs.get(WorkerKind.LOG_NORMALIZER), "c2"));
        PlanInput grace = new PlanInput(T, true, TenantState.GRACE, false, specs, observed, T0, T0.plusSeconds(5),
                null, RETENTION);

        TenantPlan p = planner.plan(grace, memory);

        assertThat(p.noop()).isTrue();
        assertThat(p.workers()).containsEntry(WorkerKind.EVENT_NORMALIZER,
                        new TenantPlan.Planned(WorkerState.RUNNING, "c1", 20000))
                .containsEntry(WorkerKind.LOG_NORMALIZER, new TenantPlan.Planned(WorkerState.EXITED, "c2", 20001))
                .containsEntry(WorkerKind.GRAPH_BUILDER, new TenantPlan.Planned(WorkerState.ABSENT, null, 20002));
    }

    @Test
    void aDuplicateOfAKindIsRemoved() {
        Map<WorkerKind, WorkerSpec> specs = specs("img:1");
        List<WorkerInstance> observed = new ArrayList<>(allRunning(specs));
        observed.add(running(specs.get(WorkerKind.GRAPH_BUILDER), "dup"));

        TenantPlan p = planner.plan(live(specs, observed, T0), memory);

        assertThat(p.actions()).singleElement().isInstanceOf(Action.Remove.class)
                .extracting(a -> ((Action.Remove) a).why()).isEqualTo("duplicate dup");
    }

    @Test
    void aDeadTenantsWorkersAreRemovedThenItsGroupsCleanedUpAndItIsKeptForTheRetention() {
        List<WorkerInstance> observed = allRunning(specs("img:1"));

        TenantPlan p = planner.plan(dead(observed, true, null, T0), memory);

        assertThat(p.actions()).hasSize(4);
        assertThat(p.actions().subList(0, 3)).allMatch(a -> a instanceof Action.Remove);
        assertThat(p.actions().get(3)).isEqualTo(new Action.CleanUp(T));
        assertThat(p.requeueAfter()).isEqualTo(RETENTION);
        assertThat(p.workers().values()).extracting(TenantPlan.Planned::state).containsOnly(WorkerState.ABSENT);
    }

    @Test
    void aCleanedUpDeadTenantIsForgottenWhenItsRetentionEnds() {
        TenantPlan early = planner.plan(dead(List.of(), true, T0, T0.plusSeconds(60)), memory);
        TenantPlan due = planner.plan(dead(List.of(), true, T0, T0.plus(RETENTION)), memory);

        assertThat(early.noop()).isTrue();
        assertThat(early.requeueAfter()).isEqualTo(RETENTION.minusSeconds(60));
        assertThat(due.actions()).containsExactly(new Action.Forget(T, true, false));
    }

    @Test
    void workersWithoutARegistrationAreRemovedCleanedUpAndForgottenInOnePass() {
        TenantPlan p = planner.plan(dead(allRunning(specs("img:1")), false, null, T0), memory);

        assertThat(p.actions().subList(3, 5)).containsExactly(new Action.CleanUp(T), new Action.Forget(T, false, true));
    }

    @Test
    void aNewTrackerContinuesTheHistoryTheWorkerCarries() {
        Map<WorkerKind, WorkerSpec> specs = specs("img:1");
        WorkerSpec en = specs.get(WorkerKind.EVENT_NORMALIZER);
        WorkerInstance adopted = new WorkerInstance("c1", T, en.kind(), en.hash(), true, null, T0, null,
                en.metricsPort(), new RestartHistory(7, List.of(T0.minusSeconds(5))));

        planner.plan(live(specs, List.of(adopted), T0), memory);

        assertThat(memory.existing(WorkerKind.EVENT_NORMALIZER).orElseThrow().totalRestarts()).isEqualTo(7);
    }
}
