package io.kgrca.controlplane;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.reconcile.PortPlan;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import io.kgrca.controlplane.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.HashSet;
import java.util.Set;

/**
 * The full listings of the runtime: the one at start (adoption: the found workers' ports are claimed first, so
 * their spec hashes stay the same) and the periodic resync's (every tenant the store or the runtime knows; a worker
 * of a tenant nobody registered is an orphan, counted and removed by its tenant's reconcile). A runtime that keeps
 * an observed-state cache reloads it from these listings.
 */
final class WorkerListing {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final WorkerRuntime runtime;
    private final TenantStore store;
    private final ControlPlaneMetrics metrics;

    WorkerListing(WorkerRuntime runtime, TenantStore store, ControlPlaneMetrics metrics) {
        this.runtime = runtime;
        this.store = store;
        this.metrics = metrics;
    }

    void adopt(PortPlan ports) {
        try {
            int found = 0;
            for (WorkerInstance w : runtime.list()) {
                found++;
                if (w.metricsPort() > 0 && !ports.claim(w.tenant(), w.metricsPort() - w.kind().slot())) {
                    warn(w.tenant(), "tenant {}: {} uses port {} which another tenant holds", w.tenant(),
                            w.kind().id(), w.metricsPort());
                }
            }
            LOG.info("found {} labelled workers to adopt or remove", found);
        } catch (RuntimeUnavailableException e) {
            LOG.warn("cannot list workers at start ({}); the periodic resync will adopt them", e.getMessage());
        }
    }

    Set<TenantId> tenantsToResync() {
        Set<TenantId> ids = new HashSet<>();
        store.all().forEach(t -> ids.add(t.id()));
        try {
            for (WorkerInstance w : runtime.list()) {
                if (store.get(w.tenant()).isEmpty()) {
                    metrics.orphanRemoved();
                    warn(w.tenant(), "tenant {}: {} container {} belongs to no registered tenant; removing it",
                            w.tenant(), w.kind().id(), w.id());
                }
                ids.add(w.tenant());
            }
        } catch (RuntimeUnavailableException e) {
            LOG.warn("resync: cannot list workers: {}", e.getMessage());
        }
        return ids;
    }

    private static void warn(TenantId tenant, String format, Object... args) {
        try (MDC.MDCCloseable m = ControlEvents.tenantMdc(tenant)) {
            LOG.warn(format, args);
        }
    }
}
