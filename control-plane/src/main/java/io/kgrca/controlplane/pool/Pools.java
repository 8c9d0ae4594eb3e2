package io.kgrca.controlplane.pool;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pools of shared placement, run by the control plane next to the tenants' workers (not per tenant): one thread
 * reconciles them every {@code POOL_RECONCILE_INTERVAL} and whenever {@link #trigger()} asks (a placement changed),
 * then reads the running instances' {@code /pool/tenants} reports for the status API, the tenants' progress and
 * their record rates ({@link TenantProgressTable}). Everything served is the last pass's snapshot: a status request never
 * waits for a runtime or an instance.
 */
public final class Pools implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pools.class);

    private final PoolReconciler reconciler;
    private final SharedTenants shared;
    private final PoolLoad load;
    private final InstanceReports reports;
    private final Clock clock;
    private final TenantProgressTable progress = new TenantProgressTable();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pools");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean triggered = new AtomicBoolean();
    private volatile List<PoolView> views = List.of();

    /** Pools reconciled by {@code reconciler} for the demand of {@code shared} and {@code load}. */
    public Pools(PoolReconciler reconciler, SharedTenants shared, PoolLoad load, InstanceReports reports, Clock clock) {
        this.reconciler = reconciler;
        this.shared = shared;
        this.load = load;
        this.reports = reports;
        this.clock = clock;
    }

    /** Starts the periodic passes, the first at once. */
    public void start() {
        long every = reconciler.settings().interval().toMillis();
        thread.scheduleWithFixedDelay(this::pass, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass now (placements changed); passes asked for while one waits are one. */
    public void trigger() {
        if (triggered.compareAndSet(false, true)) {
            thread.execute(() -> {
                triggered.set(false);
                pass();
            });
        }
    }

    /** One pass: reconcile, then read the reports. Public for tests, which call it on their own thread. */
    public synchronized void pass() {
        try {
            List<PoolView> reconciled = reconciler.reconcile(shared, load);
            Map<String, List<InstanceReport>> byKind = new HashMap<>();
            List<PoolView> withReports = new ArrayList<>();
            for (PoolView v : reconciled) {
                List<PoolView.Instance> instances = new ArrayList<>();
                for (PoolView.Instance i : v.instances()) {
                    Optional<InstanceReport> r = i.state() == InstanceState.RUNNING ? reports.fetch(i.port())
                            : Optional.empty();
                    r.ifPresent(report -> byKind.computeIfAbsent(v.worker(), k -> new ArrayList<>()).add(report));
                    instances.add(r.map(i::withReport).orElse(i));
                }
                withReports.add(new PoolView(v.worker(), v.group(), v.desired(), v.target(), v.running(),
                        v.sharedTenants(), v.lag(), v.partitions(), instances));
            }
            progress.update(byKind, clock.instant());
            views = List.copyOf(withReports);
        } catch (RuntimeUnavailableException e) {
            LOG.warn("tenant=- pools: worker runtime unavailable, retrying at the next pass: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("tenant=- pools: reconcile failed; retrying at the next pass", e);
        }
    }

    /** The pools after the last pass, for {@code GET /api/pools}. */
    public List<PoolView> views() {
        return views;
    }

    /** Instances of {@code kind} in {@code state} after the last pass (the {@code kg_pool_instances} gauge). */
    public int count(WorkerKind kind, InstanceState state) {
        return views.stream().filter(v -> v.worker().equals(kind.id())).flatMap(v -> v.instances().stream())
                .mapToInt(i -> i.state() == state ? 1 : 0).sum();
    }

    /** The view of {@code kind}'s pool, if a pass has run. */
    public Optional<PoolView> view(WorkerKind kind) {
        return views.stream().filter(v -> v.worker().equals(kind.id())).findFirst();
    }

    /** A tenant's progress in the pools (records, last processed), for its tenant view. */
    public Optional<List<TenantProgressTable.Progress>> progressOf(TenantId tenant) {
        return progress.of(tenant);
    }

    /** The shared tenants' record rates, for a promotion policy. */
    public TenantProgressTable rates() {
        return progress;
    }

    /** Clears a FAILED instance's history and reconciles. */
    public void restart(WorkerKind kind, int index) {
        reconciler.reset(kind, index);
        trigger();
    }

    /** Stops the passes; the instances keep running and are adopted by the next control plane. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
