package io.kgrca.controlplane.runtime;

import io.kgrca.common.tenant.TenantId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's observed state, kept in memory so that a tenant's reconcile does not list every container: loaded
 * by a full listing, updated by the runtime's own starts and removals and by the engine's events, and replaced by
 * the next full listing (the periodic resync). A listing does not overwrite what changed while it was running:
 * every change carries a sequence number, and entries newer than the listing's start are kept. Served only while
 * it is {@link #live(boolean) fed by a live event stream}; otherwise callers list. Pure data, no I/O.
 */
final class ObservedWorkers {

    /** One container's last known state; a null worker is a removal not yet confirmed by a listing. */
    private record Entry(WorkerInstance worker, long seq) {
    }

    private final Map<String, Entry> byId = new HashMap<>();
    private final Map<TenantId, Map<String, WorkerInstance>> byTenant = new HashMap<>();
    private long seq;
    private boolean loaded;
    private boolean live;

    /** Marks the start of a full listing; pass the result to {@link #replaceAll}. */
    synchronized long beginListing() {
        return seq;
    }

    /** Replaces the state with a full listing that began at {@code startedAt}, keeping later changes. */
    synchronized void replaceAll(List<WorkerInstance> listed, long startedAt) {
        Map<String, Entry> next = new HashMap<>();
        byId.forEach((id, e) -> {
            if (e.seq() > startedAt) {
                next.put(id, e);
            }
        });
        for (WorkerInstance w : listed) {
            next.putIfAbsent(w.id(), new Entry(w, startedAt));
        }
        byId.clear();
        byId.putAll(next);
        byTenant.clear();
        byId.values().forEach(e -> {
            if (e.worker() != null) {
                byTenant.computeIfAbsent(e.worker().tenant(), t -> new HashMap<>()).put(e.worker().id(), e.worker());
            }
        });
        loaded = true;
    }

    /** A container was created, started or stopped: its state now. */
    synchronized void put(WorkerInstance w) {
        Entry old = byId.put(w.id(), new Entry(w, ++seq));
        if (old != null && old.worker() != null && !old.worker().tenant().equals(w.tenant())) {
            drop(old.worker());
        }
        byTenant.computeIfAbsent(w.tenant(), t -> new HashMap<>()).put(w.id(), w);
    }

    /**
     * What an event's inspection found; ignored for a container removed since (container ids are never reused, so
     * an inspection that raced with the removal must not bring it back).
     */
    synchronized void observed(WorkerInstance w) {
        Entry old = byId.get(w.id());
        if (old == null || old.worker() != null) {
            put(w);
        }
    }

    /** A container is gone. */
    synchronized void removed(String id) {
        Entry old = byId.put(id, new Entry(null, ++seq));
        if (old != null && old.worker() != null) {
            drop(old.worker());
        }
    }

    private void drop(WorkerInstance w) {
        Map<String, WorkerInstance> of = byTenant.get(w.tenant());
        if (of != null) {
            of.remove(w.id());
            if (of.isEmpty()) {
                byTenant.remove(w.tenant());
            }
        }
    }

    /** Whether the event stream that feeds the state is open. */
    synchronized void live(boolean value) {
        live = value;
    }

    /** The tenant's workers, or empty when the state cannot be trusted (never loaded, or no live event stream). */
    synchronized Optional<List<WorkerInstance>> of(TenantId tenant) {
        if (!loaded || !live) {
            return Optional.empty();
        }
        Map<String, WorkerInstance> of = byTenant.get(tenant);
        return Optional.of(of == null ? List.of() : new ArrayList<>(of.values()));
    }

    /** Tenants with at least one container known, for tests. */
    synchronized int tenants() {
        return byTenant.size();
    }
}
