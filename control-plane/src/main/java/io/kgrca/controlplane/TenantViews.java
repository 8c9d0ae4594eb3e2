package io.kgrca.controlplane;

import io.kgrca.common.model.TenantProvision;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.admission.AdmissionControl;
import io.kgrca.controlplane.placement.Placements;
import io.kgrca.controlplane.reconcile.Reconciler;
import io.kgrca.controlplane.tenant.Lifecycle;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantState;
import io.kgrca.controlplane.tenant.TenantStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the status API shows of tenants: read-only views over the store, the reconciler and admission. */
final class TenantViews {

    private final TenantStore store;
    private final Lifecycle lifecycle;
    private final Reconciler reconciler;
    private final AdmissionControl admission;
    private final Clock clock;
    private final Placements placements;

    TenantViews(TenantStore store, Lifecycle lifecycle, Reconciler reconciler, AdmissionControl admission,
                Clock clock, Placements placements) {
        this.placements = placements;
        this.store = store;
        this.lifecycle = lifecycle;
        this.reconciler = reconciler;
        this.admission = admission;
        this.clock = clock;
    }

    /** The registered tenants, then the provisioned ones that have not registered ({@code NOT_REGISTERED}). */
    List<Object> all() {
        Map<TenantId, TenantProvision> provisions = admission.provisions();
        List<Object> views = new ArrayList<>();
        Set<TenantId> shown = new HashSet<>();
        store.all().stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(t -> {
            views.add(view(t, provisions.get(t.id())));
            shown.add(t.id());
        });
        provisions.forEach((id, p) -> {
            if (!shown.contains(id)) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("tenant", id.value());
                v.put("state", "NOT_REGISTERED");
                v.put("provisioning", p.state());
                v.put("provisioned_at", p.provisionedAt());
                v.put("registration_waiting", admission.waiting(id));
                v.put("placement", placements.view(id));
                views.add(v);
            }
        });
        return views;
    }

    /** One tenant of the store. */
    Optional<Object> one(TenantId id) {
        return store.get(id).map(t -> view(t, admission.provisions().get(id)));
    }

    private Map<String, Object> view(TenantRecord t, TenantProvision p) {
        Instant now = clock.instant();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("tenant", t.id().value());
        v.put("state", lifecycle.stateOf(t, now).name());
        v.put("provisioning", p == null ? null : p.state());
        v.put("cluster_name", t.registration() == null ? null : t.registration().clusterName());
        v.put("version", t.registration() == null ? null : t.registration().version());
        v.put("registered_at", t.registeredAt());
        v.put("last_heartbeat", t.lastHeartbeat());
        v.put("heartbeat_age_seconds", t.lastHeartbeat() == null ? null
                : Duration.between(t.lastHeartbeat(), now).toMillis() / 1000.0);
        v.put("skew_seconds", t.skew() == null ? null : t.skew().toMillis() / 1000.0);
        v.put("cleaned_up", reconciler.isCleanedUp(t.id()));
        v.put("cleaned_up_at", reconciler.cleanedUpAt(t.id()));
        v.put("placement", placements.view(t.id()));
        v.put("workers", reconciler.statusOf(t.id()).values().stream()
                .sorted((a, b) -> a.worker().compareTo(b.worker())).toList());
        return v;
    }

    /** How many tenants are in each state. */
    Map<TenantState, Integer> countByState() {
        Instant now = clock.instant();
        Map<TenantState, Integer> counts = new EnumMap<>(TenantState.class);
        for (TenantState s : TenantState.values()) {
            counts.put(s, 0);
        }
        store.all().forEach(t -> counts.merge(lifecycle.stateOf(t, now), 1, Integer::sum));
        return counts;
    }

    /** The largest heartbeat age over live tenants, in seconds. */
    double maxHeartbeatAgeSeconds() {
        Instant now = clock.instant();
        return store.all().stream().filter(t -> t.registered() && t.lastHeartbeat() != null)
                .mapToDouble(t -> Duration.between(t.lastHeartbeat(), now).toMillis() / 1000.0).max().orElse(0);
    }

    /** The largest absolute heartbeat skew over live tenants, in seconds. */
    double maxAbsSkewSeconds() {
        return store.all().stream().filter(t -> t.registered() && t.skew() != null)
                .mapToDouble(t -> Math.abs(t.skew().toMillis() / 1000.0)).max().orElse(0);
    }

    /** Prometheus HTTP service discovery: the workers' metrics endpoints on {@code bindAddress}. */
    List<Map<String, Object>> serviceDiscovery(String bindAddress) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (TenantRecord t : store.all()) {
            reconciler.statusOf(t.id()).values().forEach(w -> {
                if (w.containerId() != null && w.metricsPort() > 0) {
                    groups.add(Map.of("targets", List.of(bindAddress + ":" + w.metricsPort()),
                            "labels", Map.of("tenant", t.id().value(), "worker", w.worker())));
                }
            });
        }
        return groups;
    }

    /** The original's gauge {@code kg_control_plane_clusters_total{status}}, as an untyped family. */
    String legacyClusterGauge() {
        Map<TenantState, Integer> c = countByState();
        // GRACE (alive only by the start-up grace) reports as active, as the original knew no such state.
        int active = c.get(TenantState.ACTIVE) + c.get(TenantState.REGISTERED) + c.get(TenantState.GRACE);
        return "# HELP kg_control_plane_clusters_total Clusters by status (the original control plane's gauge)\n"
                + "# TYPE kg_control_plane_clusters_total untyped\n"
                + "kg_control_plane_clusters_total{status=\"active\"} " + active + "\n"
                + "kg_control_plane_clusters_total{status=\"stale\"} " + c.get(TenantState.STALE) + "\n"
                + "kg_control_plane_clusters_total{status=\"dead\"} " + c.get(TenantState.DEAD) + "\n";
    }
}
