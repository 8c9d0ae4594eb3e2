package io.kgrca.controlplane.reconcile;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.config.ControlPlaneConfig.RestartPolicy;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.plan.Action;
import io.kgrca.controlplane.plan.Action.StartReason;
import io.kgrca.controlplane.plan.RestartTracker;
import io.kgrca.controlplane.plan.TenantMemory;
import io.kgrca.controlplane.plan.TenantPlan;
import io.kgrca.controlplane.plan.TenantPlan.Planned;
import io.kgrca.controlplane.plan.WorkerState;
import io.kgrca.controlplane.reconcile.ReconcileResult.Type;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link TenantPlan} through the {@link WorkerRuntime} and the cleanup, in order, and reports what
 * happened: the actions done and the workers' states as they turned out (a start that failed is backing off or
 * failed, not starting). A runtime that cannot be reached stops the plan with the exception; the next reconcile
 * plans again from what it then observes.
 */
final class PlanApplier {

    private static final Logger LOG = LoggerFactory.getLogger(PlanApplier.class);

    private final WorkerRuntime runtime;
    private final TenantCleanup cleanup;
    private final ControlPlaneMetrics metrics;
    private final RestartPolicy policy;
    private final Clock clock;
    private final Duration stopGrace;

    /** What applying changes outside the runtime: forgetting a tenant. */
    interface Forgetting {
        /** Forgets a known tenant's record if it is still dead; false when it came back. */
        boolean forgetRecord(TenantId id);

        /** Drops everything kept about the tenant. */
        void dropState(TenantId id);
    }

    /**
     * What a plan did.
     *
     * @param actions      the actions done, as reported
     * @param workers      the workers' states as they turned out
     * @param requeueAfter the plan's requeue, shortened by a cleanup retry or a failed start, or null
     * @param forgotten    true when the tenant was forgotten (no status is kept)
     */
    record Outcome(List<ReconcileResult.Action> actions, Map<WorkerKind, Planned> workers, Duration requeueAfter,
                   boolean forgotten) {
    }

    PlanApplier(WorkerRuntime runtime, TenantCleanup cleanup, ControlPlaneMetrics metrics, RestartPolicy policy,
                Clock clock, Duration stopGrace) {
        this.runtime = runtime;
        this.cleanup = cleanup;
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
        this.stopGrace = stopGrace;
    }

    Outcome apply(TenantPlan plan, TenantMemory memory, Forgetting forgetting) throws RuntimeUnavailableException {
        List<ReconcileResult.Action> done = new ArrayList<>();
        Map<WorkerKind, Planned> workers = new EnumMap<>(WorkerKind.class);
        workers.putAll(plan.workers());
        Duration requeue = plan.requeueAfter();
        boolean forgotten = false;
        for (Action a : plan.actions()) {
            if (a instanceof Action.Remove r) {
                runtime.remove(r.worker().id(), stopGrace);
                done.add(new ReconcileResult.Action(r.worker().kind().id(), Type.DELETED, r.why()));
            } else if (a instanceof Action.Start s) {
                Duration retry = start(s, memory, workers, done);
                requeue = min(requeue, retry);
            } else if (a instanceof Action.Hold h) {
                done.add(hold(plan.tenant(), h));
            } else if (a instanceof Action.CleanUp c) {
                Duration retry = cleanup.run(c.tenant()).orElse(null);
                if (retry == null) {
                    done.add(new ReconcileResult.Action("tenant", Type.CLEANED_UP,
                            "workers removed, consumer groups deleted"));
                }
                requeue = min(requeue, retry);
            } else if (a instanceof Action.Forget f) {
                forgotten = forget(f, forgetting, done);
            }
        }
        return new Outcome(List.copyOf(done), workers, requeue, forgotten);
    }

    private Duration start(Action.Start s, TenantMemory memory, Map<WorkerKind, Planned> workers,
                           List<ReconcileResult.Action> done) throws RuntimeUnavailableException {
        WorkerKind kind = s.spec().kind();
        RestartTracker tracker = memory.tracker(kind, null, clock.instant());
        if (s.replacing() != null) {
            runtime.remove(s.replacing().id(), stopGrace);
        }
        try {
            WorkerInstance w = runtime.start(s.spec(), s.history());
            workers.put(kind, new Planned(WorkerState.STARTING, w.id(), s.spec().metricsPort()));
            if (s.reason() == StartReason.RESPAWNED) {
                tracker.recordRestart(clock.instant());
                metrics.respawned(kind.id());
                LOG.warn("{} respawned ({} restarts): {}", kind.id(),
                        tracker.totalRestarts(), s.detail());
            } else {
                metrics.spawned(kind.id());
            }
            done.add(new ReconcileResult.Action(kind.id(), Type.valueOf(s.reason().name()), s.detail()));
            return null;
        } catch (RuntimeUnavailableException e) {
            metrics.spawnError(kind.id());
            tracker.recordCrash(null, clock.instant(), "start failed: " + e.getMessage());
            workers.put(kind, new Planned(tracker.failed() ? WorkerState.FAILED : WorkerState.BACKING_OFF, null,
                    s.spec().metricsPort()));
            done.add(new ReconcileResult.Action(kind.id(), Type.ERROR, e.getMessage()));
            return tracker.nextAttempt() == null ? null : Duration.between(clock.instant(), tracker.nextAttempt());
        }
    }

    private ReconcileResult.Action hold(TenantId tenant, Action.Hold h) {
        if (h.reason() == Action.HoldReason.FAILED) {
            metrics.workerFailed(h.kind().id());
            LOG.error("{} failed {} times within {}; left stopped until a manual restart: {}",
                    h.kind().id(), policy.maxRestarts(), policy.window(), h.detail());
        }
        return new ReconcileResult.Action(h.kind().id(), Type.valueOf(h.reason().name()), h.detail());
    }

    private boolean forget(Action.Forget f, Forgetting forgetting, List<ReconcileResult.Action> done) {
        if (f.afterCleanUp() && !cleanup.isDone(f.tenant())) {
            return false;
        }
        Instant since = cleanup.doneAt(f.tenant());
        if (f.known() && !forgetting.forgetRecord(f.tenant())) {
            return false;
        }
        forgetting.dropState(f.tenant());
        if (f.known()) {
            done.add(new ReconcileResult.Action("tenant", Type.FORGOTTEN, "dead and cleaned up since " + since));
        }
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        if (b == null) {
            return a;
        }
        Duration positive = b.isNegative() ? Duration.ZERO : b;
        return a == null || positive.compareTo(a) < 0 ? positive : a;
    }
}
