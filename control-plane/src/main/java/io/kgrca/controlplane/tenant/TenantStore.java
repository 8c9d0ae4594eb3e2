package io.kgrca.controlplane.tenant;

import io.kgrca.common.tenant.TenantId;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The tenants the control plane knows, in memory; the readers update it, the reconciler reads it. */
public final class TenantStore {

    private final ConcurrentHashMap<TenantId, TenantRecord> tenants = new ConcurrentHashMap<>();

    /** Applies {@code change} to the tenant's record (creating an empty one first) atomically. */
    public TenantRecord update(TenantId id, UnaryOperator<TenantRecord> change) {
        return tenants.compute(id, (k, old) -> change.apply(old == null ? TenantRecord.unknown(k) : old));
    }

    /** The tenant's record, if known. */
    public Optional<TenantRecord> get(TenantId id) {
        return Optional.ofNullable(tenants.get(id));
    }

    /** Every known tenant. */
    public Collection<TenantRecord> all() {
        return List.copyOf(tenants.values());
    }

    /** Forgets a tenant (after its cleanup, when it is neither registered nor heart-beating). */
    public void forget(TenantId id) {
        tenants.remove(id);
    }
}
