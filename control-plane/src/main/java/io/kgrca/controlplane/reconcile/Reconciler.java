package io.kgrca.controlplane.reconcile;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.reconcile.ReconcileResult.Action;
import io.kgrca.controlplane.reconcile.ReconcileResult.Type;
import io.kgrca.controlplane.runtime.RestartHistory;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.controlplane.tenant.Lifecycle;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantState;
import io.kgrca.controlplane.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Converges one tenant's workers on what its state asks for. Level-triggered and idempotent: it reads the tenant's
 * record and the runtime's workers, compares them with the desired specs, and acts (create, replace, respawn with
 * backoff, remove, clean up). Callers guarantee one reconcile per tenant at a time ({@link WorkQueue}).
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration WORKERS_GONE_RETRY = Duration.ofSeconds(5);

    private final TenantStore store;
    private final Lifecycle lifecycle;
    private final DesiredWorkers desired;
    private final WorkerRuntime runtime;
    private final TenantCleanup cleanup;
    private final TokenBucket spawns;
    private final Collaborators extra;
    private final Map<String, RestartTracker> trackers = new ConcurrentHashMap<>();
    private final Map<TenantId, Map<WorkerKind, WorkerStatus>> statuses = new ConcurrentHashMap<>();

    /**
     * The rest of what a reconciler needs.
     *
     * @param policy    crash-loop policy
     * @param ports     the port plan, released when a tenant is cleaned up
     * @param metrics   counters
     * @param clock     the server's clock
     * @param stopGrace how long a worker may take to stop
     * @param deadRetention how long a dead tenant is kept after its cleanup completed before it is forgotten
     */
    public record Collaborators(ControlPlaneConfig.RestartPolicy policy, PortPlan ports,
                                ControlPlaneMetrics metrics, Clock clock, Duration stopGrace, Duration deadRetention) {

        /** Collaborators that keep dead tenants for an hour after their cleanup. */
        public Collaborators(ControlPlaneConfig.RestartPolicy policy, PortPlan ports,
                             ControlPlaneMetrics metrics, Clock clock, Duration stopGrace) {
            this(policy, ports, metrics, clock, stopGrace, Duration.ofHours(1));
        }
    }

    /** Builds a reconciler. */
    public Reconciler(TenantStore store, Lifecycle lifecycle, DesiredWorkers desired, WorkerRuntime runtime,
                      GroupCleaner cleaner, TokenBucket spawns, Collaborators extra) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.desired = desired;
        this.runtime = runtime;
        this.cleanup = new TenantCleanup(cleaner, extra.ports(), extra.metrics(), extra.clock(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.spawns = spawns;
        this.extra = extra;
    }

    /** Reconciles {@code id} against a fresh list of its workers. */
    public ReconcileResult reconcile(TenantId id) throws RuntimeUnavailableException {
        return reconcile(id, runtime.list().stream().filter(w -> w.tenant().equals(id)).toList());
    }

    /** Reconciles {@code id} against {@code actual}, the runtime's workers of this tenant. */
    public ReconcileResult reconcile(TenantId id, List<WorkerInstance> actual) throws RuntimeUnavailableException {
        Instant now = extra.clock().instant();
        TenantRecord record = store.get(id).orElse(TenantRecord.unknown(id));
        TenantState state = lifecycle.stateOf(record, now);
        Map<WorkerKind, WorkerSpec> specs = desired.of(record, state);
        Map<WorkerKind, WorkerInstance> current = new EnumMap<>(WorkerKind.class);
        List<Action> actions = new ArrayList<>();
        Requeue requeue = new Requeue();
        for (WorkerInstance w : actual) {
            if (current.putIfAbsent(w.kind(), w) != null) {
                runtime.remove(w.id(), extra.stopGrace());
                actions.add(new Action(w.kind().id(), Type.DELETED, "duplicate " + w.id()));
            }
        }
        boolean create = lifecycle.createsWorkers(record, state);
        for (WorkerKind kind : WorkerKind.values()) {
            Action a = converge(id, kind, specs.get(kind), current.get(kind), create, now, requeue);
            if (a != null) {
                actions.add(a);
            }
        }
        if (state == TenantState.DEAD) {
            cleanUp(id, current.isEmpty() || actions.stream().allMatch(a -> a.type() == Type.DELETED), actions, requeue);
            if (cleanup.isDone(id)) {
                forgetWhenDue(id, store.get(id).isPresent(), now, actions, requeue);
            }
        } else {
            cleanup.forget(id);
            if (record.registered()) {
                requeue.at(Duration.between(now, lifecycle.nextTransition(record, now)));
            }
        }
        ReconcileResult result = new ReconcileResult(id, state, actions, requeue.after);
        log(result);
        return result;
    }

    /** The workers' status of every tenant seen, for the status API. */
    public Map<WorkerKind, WorkerStatus> statusOf(TenantId id) {
        return Map.copyOf(statuses.getOrDefault(id, Map.of()));
    }

    /** True once a dead tenant's workers and groups are gone. */
    public boolean isCleanedUp(TenantId id) {
        return cleanup.isDone(id);
    }

    /** When a dead tenant's workers and groups were found gone, or null. */
    public Instant cleanedUpAt(TenantId id) {
        return cleanup.doneAt(id);
    }

    /** Clears a worker's crash history, including FAILED; the next reconcile starts it again. */
    public void resetWorker(TenantId id, WorkerKind kind) {
        RestartTracker t = trackers.get(key(id, kind));
        if (t != null) {
            t.reset();
        }
    }

    private Action converge(TenantId id, WorkerKind kind, WorkerSpec spec, WorkerInstance w, boolean create,
                            Instant now, Requeue requeue) throws RuntimeUnavailableException {
        RestartTracker tracker = trackers.computeIfAbsent(key(id, kind), k -> {
            RestartTracker t = new RestartTracker(extra.policy(), () -> ThreadLocalRandom.current().nextDouble());
            if (w != null) {
                t.adopt(w.history(), now);
            }
            return t;
        });
        if (spec == null) {
            trackers.remove(key(id, kind));
            setStatus(id, kind, "ABSENT", null, tracker, 0);
            if (w == null) {
                return null;
            }
            runtime.remove(w.id(), extra.stopGrace());
            return new Action(kind.id(), Type.DELETED, "tenant has no workers");
        }
        if (!create) {
            hold(spec, w, tracker, now);
            return null;
        }
        if (w == null) {
            return spawn(spec, tracker, Type.CREATED, "created", now, requeue);
        }
        if (!spec.hash().equals(w.specHash())) {
            tracker.reset();
            return spawnReplacing(spec, w, tracker, Type.REPLACED, "spec changed " + w.specHash() + " -> " + spec.hash(),
                    now, requeue);
        }
        if (w.running()) {
            tracker.noteRunning(w.startedAt(), now);
            setStatus(id, kind, "RUNNING", w.id(), tracker, spec.metricsPort());
            return null;
        }
        return crashed(spec, w, tracker, now, requeue);
    }

    /** A tenant silent since this control plane started keeps what it has: nothing is created, replaced, respawned. */
    private void hold(WorkerSpec spec, WorkerInstance w, RestartTracker tracker, Instant now) {
        if (w == null) {
            setStatus(spec.tenant(), spec.kind(), "ABSENT", null, tracker, spec.metricsPort());
        } else if (w.running()) {
            tracker.noteRunning(w.startedAt(), now);
            setStatus(spec.tenant(), spec.kind(), "RUNNING", w.id(), tracker, spec.metricsPort());
        } else {
            setStatus(spec.tenant(), spec.kind(), tracker.failed() ? "FAILED" : "EXITED", w.id(), tracker,
                    spec.metricsPort());
        }
    }

    private Action crashed(WorkerSpec spec, WorkerInstance w, RestartTracker tracker, Instant now, Requeue requeue)
            throws RuntimeUnavailableException {
        boolean wasFailed = tracker.failed();
        boolean failed = tracker.recordCrash(w.id(), now, "exited with code " + w.exitCode() + " at " + w.finishedAt());
        if (failed) {
            setStatus(spec.tenant(), spec.kind(), "FAILED", w.id(), tracker, spec.metricsPort());
            if (!wasFailed) {
                extra.metrics().workerFailed(spec.kind().id());
                LOG.error("tenant {}: {} failed {} times within {}; left stopped until a manual restart: {}",
                        spec.tenant(), spec.kind().id(), extra.policy().maxRestarts(), extra.policy().window(),
                        tracker.lastError());
                return new Action(spec.kind().id(), Type.FAILED, tracker.lastError());
            }
            return null;
        }
        if (!tracker.mayRestart(now)) {
            setStatus(spec.tenant(), spec.kind(), "BACKING_OFF", w.id(), tracker, spec.metricsPort());
            requeue.at(Duration.between(now, tracker.nextAttempt()));
            return new Action(spec.kind().id(), Type.BACKING_OFF, "next attempt at " + tracker.nextAttempt());
        }
        Action a = spawnReplacing(spec, w, tracker, Type.RESPAWNED, tracker.lastError(), now, requeue);
        if (a.type() == Type.RESPAWNED) {
            tracker.recordRestart(now);
            extra.metrics().respawned(spec.kind().id());
            LOG.warn("tenant {}: {} respawned ({} restarts): {}", spec.tenant(), spec.kind().id(),
                    tracker.totalRestarts(), tracker.lastError());
        }
        return a;
    }

    private Action spawnReplacing(WorkerSpec spec, WorkerInstance old, RestartTracker tracker, Type type, String why,
                                  Instant now, Requeue requeue) throws RuntimeUnavailableException {
        if (!spawns.tryAcquire()) {
            return rateLimited(spec, tracker, requeue);
        }
        runtime.remove(old.id(), extra.stopGrace());
        return started(spec, tracker, type, why, type == Type.RESPAWNED ? tracker.historyWithRestartAt(now)
                : tracker.history());
    }

    private Action spawn(WorkerSpec spec, RestartTracker tracker, Type type, String why, Instant now, Requeue requeue)
            throws RuntimeUnavailableException {
        if (tracker.failed()) {
            setStatus(spec.tenant(), spec.kind(), "FAILED", null, tracker, spec.metricsPort());
            return null;
        }
        if (!tracker.mayRestart(now)) {
            setStatus(spec.tenant(), spec.kind(), "BACKING_OFF", null, tracker, spec.metricsPort());
            requeue.at(Duration.between(now, tracker.nextAttempt()));
            return new Action(spec.kind().id(), Type.BACKING_OFF, "next attempt at " + tracker.nextAttempt());
        }
        if (!spawns.tryAcquire()) {
            return rateLimited(spec, tracker, requeue);
        }
        return started(spec, tracker, type, why, tracker.history());
    }

    private Action started(WorkerSpec spec, RestartTracker tracker, Type type, String why,
                           RestartHistory history) throws RuntimeUnavailableException {
        try {
            WorkerInstance w = runtime.start(spec, history);
            if (type != Type.RESPAWNED) {
                extra.metrics().spawned(spec.kind().id());
            }
            setStatus(spec.tenant(), spec.kind(), "STARTING", w.id(), tracker, spec.metricsPort());
            return new Action(spec.kind().id(), type, why);
        } catch (RuntimeUnavailableException e) {
            extra.metrics().spawnError(spec.kind().id());
            tracker.recordCrash(null, extra.clock().instant(), "start failed: " + e.getMessage());
            setStatus(spec.tenant(), spec.kind(), tracker.failed() ? "FAILED" : "BACKING_OFF", null, tracker,
                    spec.metricsPort());
            return new Action(spec.kind().id(), Type.ERROR, e.getMessage());
        }
    }

    private Action rateLimited(WorkerSpec spec, RestartTracker tracker, Requeue requeue) {
        requeue.at(spawns.untilNext());
        setStatus(spec.tenant(), spec.kind(), "RATE_LIMITED", null, tracker, spec.metricsPort());
        return new Action(spec.kind().id(), Type.RATE_LIMITED, "spawn rate limit");
    }

    private void cleanUp(TenantId id, boolean workersGone, List<Action> actions, Requeue requeue) {
        if (cleanup.isDone(id)) {
            return;
        }
        if (!workersGone) {
            requeue.at(WORKERS_GONE_RETRY);
            return;
        }
        cleanup.run(id).ifPresentOrElse(requeue::at, () -> actions.add(new Action("tenant", Type.CLEANED_UP,
                "workers removed, consumer groups deleted")));
    }

    /**
     * A dead tenant whose cleanup completed leaves the store {@code deadRetention} after the cleanup, and with it
     * everything kept about it here. A tenant the store never knew (workers found without a registration) is
     * forgotten at once: there is nothing to show about it.
     */
    private void forgetWhenDue(TenantId id, boolean known, Instant now, List<Action> actions, Requeue requeue) {
        Instant due = cleanup.doneAt(id).plus(extra.deadRetention());
        if (known && now.isBefore(due)) {
            requeue.at(Duration.between(now, due));
            return;
        }
        if (known && !store.forgetIf(id, r -> lifecycle.stateOf(r, extra.clock().instant()) == TenantState.DEAD)) {
            return;
        }
        statuses.remove(id);
        for (WorkerKind kind : WorkerKind.values()) {
            trackers.remove(key(id, kind));
        }
        cleanup.forget(id);
        desired.forget(id);
        if (known) {
            actions.add(new Action("tenant", Type.FORGOTTEN, "dead and cleaned up since " + due.minus(
                    extra.deadRetention())));
        }
    }

    private void setStatus(TenantId id, WorkerKind kind, String state, String containerId, RestartTracker t, int port) {
        statuses.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(kind, new WorkerStatus(kind.id(), state,
                containerId, t.totalRestarts(), t.lastError(), t.failed() ? null : t.nextAttempt(), port));
    }

    private static void log(ReconcileResult r) {
        for (Action a : r.actions()) {
            LOG.info("tenant {}: {} {} ({}): {}", r.tenant(), a.worker(), a.type(), r.state(), a.detail());
        }
    }

    private static String key(TenantId id, WorkerKind kind) {
        return id.value() + "/" + kind.id();
    }

    /** The earliest time a tenant must be looked at again. */
    private static final class Requeue {
        private Duration after;

        void at(Duration d) {
            Duration positive = d.isNegative() ? Duration.ZERO : d;
            if (after == null || positive.compareTo(after) < 0) {
                after = positive;
            }
        }
    }
}
