package io.kgrca.controlplane.plan;

import io.kgrca.controlplane.plan.Action.Hold;
import io.kgrca.controlplane.plan.Action.HoldReason;
import io.kgrca.controlplane.plan.Action.Start;
import io.kgrca.controlplane.plan.Action.StartReason;
import io.kgrca.controlplane.plan.TenantPlan.Planned;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.controlplane.tenant.TenantState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: desired (the tenant's specs and state) against observed (its workers) gives a {@link TenantPlan}. No
 * runtime, no Kafka, no I/O: it reads {@link PlanInput}, updates the tenant's crash-loop memory (a crash seen, a
 * worker that ran long enough) and takes spawn tokens from the budget. Level-triggered: planning the same input
 * twice plans nothing new once the first plan was applied.
 *
 * <p>Per worker: no spec → remove it; the tenant may not create → keep what it has; missing → create; another spec
 * hash → replace; running → nothing; stopped → respawn at once, then after a growing backoff, then FAILED. A dead
 * tenant's groups are cleaned up once its workers are gone, and the tenant is forgotten {@code deadRetention} after.
 */
public final class Planner {

    /** How soon a dead tenant whose workers are not all gone yet is looked at again. */
    public static final Duration WORKERS_GONE_RETRY = Duration.ofSeconds(5);

    private final SpawnBudget budget;

    /** A planner whose starts take tokens from {@code budget}. */
    public Planner(SpawnBudget budget) {
        this.budget = budget;
    }

    /** Plans one reconcile of {@code in.tenant()}; {@code memory} is that tenant's. */
    public TenantPlan plan(PlanInput in, TenantMemory memory) {
        Step step = new Step(in, memory);
        Map<WorkerKind, WorkerInstance> current = new EnumMap<>(WorkerKind.class);
        for (WorkerInstance w : in.observed()) {
            if (current.putIfAbsent(w.kind(), w) != null) {
                step.actions.add(new Action.Remove(w, "duplicate " + w.id()));
            }
        }
        for (WorkerKind kind : WorkerKind.values()) {
            step.converge(kind, in.desired().get(kind), current.get(kind));
        }
        if (in.state() == TenantState.DEAD) {
            step.dead(current.isEmpty() || step.actions.stream().allMatch(a -> a instanceof Action.Remove));
        } else if (in.known() && in.nextTransition() != null) {
            step.requeue(Duration.between(in.now(), in.nextTransition()));
        }
        return new TenantPlan(in.tenant(), in.state(), List.copyOf(step.actions), Map.copyOf(step.workers),
                step.after);
    }

    /** One plan being built. */
    private final class Step {
        private final PlanInput in;
        private final TenantMemory memory;
        private final Instant now;
        private final List<Action> actions = new ArrayList<>();
        private final Map<WorkerKind, Planned> workers = new EnumMap<>(WorkerKind.class);
        private Duration after;

        Step(PlanInput in, TenantMemory memory) {
            this.in = in;
            this.memory = memory;
            this.now = in.now();
        }

        void converge(WorkerKind kind, WorkerSpec spec, WorkerInstance w) {
            RestartTracker tracker = memory.tracker(kind, w, now);
            if (spec == null) {
                memory.drop(kind);
                workers.put(kind, new Planned(WorkerState.ABSENT, null, 0));
                if (w != null) {
                    actions.add(new Action.Remove(w, "tenant has no workers"));
                }
                return;
            }
            int port = spec.metricsPort();
            if (!in.createsWorkers()) {
                hold(kind, w, tracker, port);
            } else if (w == null) {
                create(spec, tracker);
            } else if (!spec.hash().equals(w.specHash())) {
                tracker.reset();
                startIfBudget(new Start(spec, w, StartReason.REPLACED, "spec changed " + w.specHash() + " -> "
                        + spec.hash(), tracker.history()), w.id());
            } else if (w.running()) {
                tracker.noteRunning(w.startedAt(), now);
                workers.put(kind, new Planned(WorkerState.RUNNING, w.id(), port));
            } else {
                crashed(spec, w, tracker);
            }
        }

        /** A tenant silent since this control plane started keeps what it has: nothing is created or respawned. */
        private void hold(WorkerKind kind, WorkerInstance w, RestartTracker tracker, int port) {
            if (w == null) {
                workers.put(kind, new Planned(WorkerState.ABSENT, null, port));
            } else if (w.running()) {
                tracker.noteRunning(w.startedAt(), now);
                workers.put(kind, new Planned(WorkerState.RUNNING, w.id(), port));
            } else {
                workers.put(kind, new Planned(tracker.failed() ? WorkerState.FAILED : WorkerState.EXITED, w.id(),
                        port));
            }
        }

        private void create(WorkerSpec spec, RestartTracker tracker) {
            if (tracker.failed()) {
                workers.put(spec.kind(), new Planned(WorkerState.FAILED, null, spec.metricsPort()));
            } else if (!tracker.mayRestart(now)) {
                backOff(spec, null, tracker);
            } else {
                startIfBudget(new Start(spec, null, StartReason.CREATED, "created", tracker.history()), null);
            }
        }

        private void crashed(WorkerSpec spec, WorkerInstance w, RestartTracker tracker) {
            boolean wasFailed = tracker.failed();
            if (tracker.recordCrash(w.id(), now, "exited with code " + w.exitCode() + " at " + w.finishedAt())) {
                workers.put(spec.kind(), new Planned(WorkerState.FAILED, w.id(), spec.metricsPort()));
                if (!wasFailed) {
                    actions.add(new Hold(spec.kind(), HoldReason.FAILED, tracker.lastError()));
                }
            } else if (!tracker.mayRestart(now)) {
                backOff(spec, w.id(), tracker);
            } else {
                startIfBudget(new Start(spec, w, StartReason.RESPAWNED, tracker.lastError(),
                        tracker.historyWithRestartAt(now)), w.id());
            }
        }

        private void backOff(WorkerSpec spec, String containerId, RestartTracker tracker) {
            workers.put(spec.kind(), new Planned(WorkerState.BACKING_OFF, containerId, spec.metricsPort()));
            requeue(Duration.between(now, tracker.nextAttempt()));
            actions.add(new Hold(spec.kind(), HoldReason.BACKING_OFF, "next attempt at " + tracker.nextAttempt()));
        }

        private void startIfBudget(Start start, String oldId) {
            WorkerSpec spec = start.spec();
            if (!budget.tryAcquire()) {
                requeue(budget.untilNext());
                workers.put(spec.kind(), new Planned(WorkerState.RATE_LIMITED, null, spec.metricsPort()));
                actions.add(new Hold(spec.kind(), HoldReason.RATE_LIMITED, "spawn rate limit"));
                return;
            }
            workers.put(spec.kind(), new Planned(WorkerState.STARTING, oldId, spec.metricsPort()));
            actions.add(start);
        }

        /** A dead tenant: clean up once its workers are gone, forget it {@code deadRetention} after. */
        void dead(boolean workersGone) {
            if (in.cleanedUpAt() == null) {
                if (!workersGone) {
                    requeue(WORKERS_GONE_RETRY);
                    return;
                }
                actions.add(new Action.CleanUp(in.tenant()));
                if (in.known() && !in.deadRetention().isNegative() && !in.deadRetention().isZero()) {
                    requeue(in.deadRetention());
                } else {
                    actions.add(new Action.Forget(in.tenant(), in.known(), true));
                }
                return;
            }
            Instant due = in.cleanedUpAt().plus(in.deadRetention());
            if (in.known() && now.isBefore(due)) {
                requeue(Duration.between(now, due));
            } else {
                actions.add(new Action.Forget(in.tenant(), in.known(), false));
            }
        }

        void requeue(Duration d) {
            Duration positive = d.isNegative() ? Duration.ZERO : d;
            if (after == null || positive.compareTo(after) < 0) {
                after = positive;
            }
        }
    }
}
