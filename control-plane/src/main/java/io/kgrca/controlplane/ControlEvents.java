package io.kgrca.controlplane;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.admission.AdmissionControl;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.registry.ControlEvent;
import io.kgrca.controlplane.registry.ThrottledWarning;
import io.kgrca.controlplane.tenant.Lifecycle;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantState;
import io.kgrca.controlplane.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies what the registry and heartbeat topics say to the tenant store, and enqueues the tenants that changed.
 * Every log line carries its tenant in the MDC key {@code tenant} ({@code -} when a record names none).
 */
final class ControlEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final TenantStore store;
    private final Lifecycle lifecycle;
    private final AdmissionControl admission;
    private final ControlPlaneMetrics metrics;
    private final Clock clock;
    private final Consumer<TenantId> enqueue;
    private final ThrottledWarning unknownWarning;
    private final ThrottledWarning rejectedWarning;

    ControlEvents(TenantStore store, Lifecycle lifecycle, AdmissionControl admission, ControlPlaneMetrics metrics,
                  Clock clock, Consumer<TenantId> enqueue) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.admission = admission;
        this.metrics = metrics;
        this.clock = clock;
        this.enqueue = enqueue;
        this.unknownWarning = new ThrottledWarning(LOG, clock, Duration.ofSeconds(10));
        this.rejectedWarning = new ThrottledWarning(LOG, clock, Duration.ofSeconds(1));
    }

    /** The MDC entry of {@code tenant} ({@code -} for none), closed by the caller. */
    static MDC.MDCCloseable tenantMdc(TenantId tenant) {
        return MDC.putCloseable("tenant", tenant == null ? "-" : tenant.value());
    }

    void apply(ControlEvent event, boolean replayed) {
        try (MDC.MDCCloseable m = tenantMdc(event.tenant())) {
            if (event instanceof ControlEvent.Registered r) {
                admission.registered(r, replayed);
            } else if (event instanceof ControlEvent.Deregistered d) {
                if (store.updateExisting(d.tenant(), TenantRecord::deregister).isEmpty()) {
                    ignored("registry", d.tenant(), "tombstone of a tenant that is not registered");
                    return;
                }
                LOG.info("tenant {}: deregistered (tombstone)", d.tenant());
                enqueue.accept(d.tenant());
            } else if (event instanceof ControlEvent.HeartbeatReceived h) {
                heartbeat(h);
            } else if (event instanceof ControlEvent.Rejected x) {
                metrics.rejected(x.source(), x.reason());
                rejectedWarning.warn("tenant {}: rejected a {} record ({}): {}", x.tenant() == null ? "-"
                        : x.tenant(), x.source(), x.reason(), x.detail());
                if (!replayed) {
                    admission.rejected(x);
                }
            }
        }
    }

    /**
     * A heartbeat changes a registered tenant only: one from an id that never registered (or whose registration was
     * refused or withdrawn) creates nothing and triggers no reconcile; it is counted as {@code unknown-tenant}.
     */
    private void heartbeat(ControlEvent.HeartbeatReceived h) {
        Instant now = clock.instant();
        TenantState[] before = {TenantState.DEAD};
        Optional<TenantRecord> after = store.updateExisting(h.tenant(), t -> {
            before[0] = lifecycle.stateOf(t, now);
            return t.registered() ? t.heartbeat(h.receivedAt(), h.skew()) : t;
        });
        if (after.isEmpty() || !after.get().registered()) {
            ignored("heartbeat", h.tenant(), "heartbeat of a tenant that is not registered");
            return;
        }
        if (lifecycle.stateOf(after.get(), now) != before[0]) {
            enqueue.accept(h.tenant());
        }
    }

    private void ignored(String source, TenantId tenant, String why) {
        metrics.rejected(source, "unknown-tenant");
        unknownWarning.warn("tenant {}: {} record ignored (unknown-tenant): {}", tenant, source, why);
    }
}
