package io.kgrca.controlplane.tenant;

import io.kgrca.common.tenant.TenantId;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The tenants the control plane knows, in memory; the readers update it, the reconciler reads it. An entry is
 * created only by a registration ({@link #update}); heartbeats and tombstones change existing entries only
 * ({@link #updateExisting}), so records from ids nobody registered leave no trace. A dead tenant is
 * {@link #forgetIf forgotten} after its cleanup; when its registration still stands (it died of silence, not of a
 * tombstone) the bare record is kept aside as <em>dormant</em>, outside the tenant set, so that a later heartbeat
 * brings it back as the registration on the compacted topic would after a restart.
 */
public final class TenantStore {

    private final ConcurrentHashMap<TenantId, TenantRecord> tenants = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TenantId, TenantRecord> dormant = new ConcurrentHashMap<>();

    /** Applies {@code change} to the tenant's record (creating an empty one first) atomically. */
    public TenantRecord update(TenantId id, UnaryOperator<TenantRecord> change) {
        dormant.remove(id);
        return tenants.compute(id, (k, old) -> change.apply(old == null ? TenantRecord.unknown(k) : old));
    }

    /**
     * Applies {@code change} to the record of a tenant that is known (a dormant one is woken first), atomically;
     * empty, and nothing created, when the tenant is unknown.
     */
    public Optional<TenantRecord> updateExisting(TenantId id, UnaryOperator<TenantRecord> change) {
        TenantRecord asleep = dormant.remove(id);
        if (asleep != null) {
            tenants.putIfAbsent(id, asleep);
        }
        return Optional.ofNullable(tenants.computeIfPresent(id, (k, old) -> change.apply(old)));
    }

    /** The tenant's record, if known. */
    public Optional<TenantRecord> get(TenantId id) {
        return Optional.ofNullable(tenants.get(id));
    }

    /** True when the tenant is known, awake or dormant. */
    public boolean knows(TenantId id) {
        return tenants.containsKey(id) || dormant.containsKey(id);
    }

    /** Every known tenant (dormant ones excluded). */
    public Collection<TenantRecord> all() {
        return List.copyOf(tenants.values());
    }

    /** How many tenants are in the set (dormant ones excluded). */
    public int size() {
        return tenants.size();
    }

    /** How many tenants have a standing registration (dormant ones excluded). */
    public int registeredCount() {
        return (int) tenants.values().stream().filter(TenantRecord::registered).count();
    }

    /** How many dormant tenants are kept aside. */
    public int dormantCount() {
        return dormant.size();
    }

    /**
     * Forgets a tenant if {@code stillDead} holds for its current record, atomically (a registration or heartbeat
     * that arrived meanwhile keeps it). A tenant whose registration stands becomes dormant. True when forgotten.
     */
    public boolean forgetIf(TenantId id, Predicate<TenantRecord> stillDead) {
        boolean[] gone = {false};
        tenants.computeIfPresent(id, (k, r) -> {
            if (!stillDead.test(r)) {
                return r;
            }
            gone[0] = true;
            if (r.registered()) {
                dormant.put(k, new TenantRecord(k, r.registration(), r.registeredAt(), r.lastHeartbeat(), null, 0));
            }
            return null;
        });
        return gone[0];
    }

    /** Forgets a tenant entirely, dormant or not (a tombstone of a dormant tenant, a deprovisioning). */
    public void forget(TenantId id) {
        tenants.remove(id);
        dormant.remove(id);
    }
}
