package io.kgrca.controlplane.reconcile;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.ControlPlaneConfig.RestartPolicy;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.placement.TenantPlacement;
import io.kgrca.controlplane.plan.PlanInput;
import io.kgrca.controlplane.plan.Planner;
import io.kgrca.controlplane.plan.RestartTracker;
import io.kgrca.controlplane.plan.TenantMemory;
import io.kgrca.controlplane.plan.TenantPlan;
import io.kgrca.controlplane.plan.TenantPlan.Planned;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import io.kgrca.controlplane.tenant.Lifecycle;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantState;
import io.kgrca.controlplane.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Converges one tenant's workers on what its state asks for, in three steps: gather (the tenant's record, state,
 * desired specs and observed workers), {@link Planner plan} (pure), {@link PlanApplier apply} through the runtime;
 * the workers' status is derived afterwards from the outcome. Level-triggered and idempotent. Callers guarantee one
 * reconcile per tenant at a time ({@link WorkQueue}); everything kept per tenant here (crash-loop memory, pending
 * manual restarts, status) is changed only by that reconcile, and dropped when the tenant is forgotten.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final TenantStore store;
    private final Lifecycle lifecycle;
    private final DesiredWorkers desired;
    private final WorkerRuntime runtime;
    private final TenantCleanup cleanup;
    private final Collaborators extra;
    private final Planner planner;
    private final PlanApplier applier;
    private final Map<TenantId, TenantMemory> memories = new ConcurrentHashMap<>();
    private final Map<TenantId, Map<WorkerKind, WorkerStatus>> statuses = new ConcurrentHashMap<>();
    private final Map<TenantId, Set<WorkerKind>> manualRestarts = new ConcurrentHashMap<>();
    private final TenantPlacement placement;

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
    public record Collaborators(RestartPolicy policy, PortPlan ports, ControlPlaneMetrics metrics, Clock clock,
                                Duration stopGrace, Duration deadRetention) {

        /** Collaborators that keep dead tenants for an hour after their cleanup. */
        public Collaborators(RestartPolicy policy, PortPlan ports, ControlPlaneMetrics metrics, Clock clock,
                             Duration stopGrace) {
            this(policy, ports, metrics, clock, stopGrace, Duration.ofHours(1));
        }
    }

    /** Builds a reconciler for which every tenant is dedicated (placements are not consulted). */
    public Reconciler(TenantStore store, Lifecycle lifecycle, DesiredWorkers desired, WorkerRuntime runtime,
                      GroupCleaner cleaner, TokenBucket spawns, Collaborators extra) {
        this(store, lifecycle, desired, runtime, cleaner, spawns, extra, TenantPlacement.ALL_DEDICATED);
    }

    /**
     * Builds a reconciler that places live tenants through {@code placement} and gives dedicated workers only to
     * the tenants it says.
     */
    public Reconciler(TenantStore store, Lifecycle lifecycle, DesiredWorkers desired, WorkerRuntime runtime,
                      GroupCleaner cleaner, TokenBucket spawns, Collaborators extra, TenantPlacement placement) {
        this.placement = placement;
        this.store = store;
        this.lifecycle = lifecycle;
        this.desired = desired;
        this.runtime = runtime;
        this.cleanup = new TenantCleanup(cleaner, extra.ports(), extra.metrics(), extra.clock(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.extra = extra;
        this.planner = new Planner(spawns);
        this.applier = new PlanApplier(runtime, cleanup, extra.metrics(), extra.policy(), extra.clock(),
                extra.stopGrace());
    }

    /** Reconciles {@code id} against the runtime's workers of this tenant. */
    public ReconcileResult reconcile(TenantId id) throws RuntimeUnavailableException {
        return reconcile(id, runtime.list(id));
    }

    /** Reconciles {@code id} against {@code actual}, the runtime's workers of this tenant. */
    public ReconcileResult reconcile(TenantId id, List<WorkerInstance> actual) throws RuntimeUnavailableException {
        Instant now = extra.clock().instant();
        TenantRecord record = store.get(id).orElse(TenantRecord.unknown(id));
        TenantState state = lifecycle.stateOf(record, now);
        TenantMemory memory = memories.computeIfAbsent(id, k -> new TenantMemory(extra.policy(),
                () -> ThreadLocalRandom.current().nextDouble()));
        Set<WorkerKind> restarts = manualRestarts.remove(id);
        if (restarts != null) {
            restarts.forEach(memory::reset);
        }
        if (state != TenantState.DEAD) {
            cleanup.forget(id);
        }
        boolean creates = lifecycle.createsWorkers(record, state);
        // Placed once admitted and live; dedicated workers only for a dedicated tenant or an undrained move from it.
        boolean dedicated = state.wantsWorkers() && placement.dedicated(id, creates && store.knows(id),
                !actual.isEmpty());
        PlanInput input = new PlanInput(id, store.knows(id), state, creates,
                desired.of(record, state, dedicated), actual, now,
                record.registered() ? lifecycle.nextTransition(record, now) : null, cleanup.doneAt(id),
                extra.deadRetention());
        TenantPlan plan = planner.plan(input, memory);
        PlanApplier.Outcome outcome = applier.apply(plan, memory, new Forgetting());
        if (!outcome.forgotten()) {
            statuses.put(id, derive(outcome.workers(), memory));
        }
        ReconcileResult result = new ReconcileResult(id, state, outcome.actions(), outcome.requeueAfter());
        log(result);
        return result;
    }

    /** The workers' status of every tenant seen, for the status API. */
    public Map<WorkerKind, WorkerStatus> statusOf(TenantId id) {
        return statuses.getOrDefault(id, Map.of());
    }

    /** True once a dead tenant's workers and groups are gone. */
    public boolean isCleanedUp(TenantId id) {
        return cleanup.isDone(id);
    }

    /** When a dead tenant's workers and groups were found gone, or null. */
    public Instant cleanedUpAt(TenantId id) {
        return cleanup.doneAt(id);
    }

    /**
     * Asks for a worker's crash history, FAILED included, to be cleared: the tenant's next reconcile does it, on
     * the reconcile thread, then starts the worker again. The caller enqueues the tenant.
     */
    public void resetWorker(TenantId id, WorkerKind kind) {
        manualRestarts.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(kind);
    }

    /** How many tenants have state kept here (memory, status, pending restarts, cleanup), for tests and metrics. */
    public int tenantsWithState() {
        Set<TenantId> ids = ConcurrentHashMap.newKeySet();
        ids.addAll(memories.keySet());
        ids.addAll(statuses.keySet());
        ids.addAll(manualRestarts.keySet());
        ids.addAll(cleanup.tenants());
        return ids.size();
    }

    private Map<WorkerKind, WorkerStatus> derive(Map<WorkerKind, Planned> workers, TenantMemory memory) {
        Map<WorkerKind, WorkerStatus> out = new EnumMap<>(WorkerKind.class);
        workers.forEach((kind, p) -> {
            RestartTracker t = memory.existing(kind).orElse(null);
            out.put(kind, new WorkerStatus(kind.id(), p.state(), p.containerId(), t == null ? 0 : t.totalRestarts(),
                    t == null ? null : t.lastError(), t == null || t.failed() ? null : t.nextAttempt(),
                    p.metricsPort()));
        });
        return Map.copyOf(out);
    }

    private static void log(ReconcileResult r) {
        for (ReconcileResult.Action a : r.actions()) {
            LOG.info("{} {} ({}): {}", a.worker(), a.type(), r.state(), a.detail());
        }
    }

    /** Forgetting a dead tenant: the record if it is still dead, then everything kept about it. */
    private final class Forgetting implements PlanApplier.Forgetting {
        @Override
        public boolean forgetRecord(TenantId id) {
            return store.forgetIf(id, r -> lifecycle.stateOf(r, extra.clock().instant()) == TenantState.DEAD);
        }

        @Override
        public void dropState(TenantId id) {
            statuses.remove(id);
            memories.remove(id);
            manualRestarts.remove(id);
            cleanup.forget(id);
            desired.forget(id);
        }
    }
}
