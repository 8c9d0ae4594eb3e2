package io.kgrca.controlplane.placement;

import io.kgrca.common.tenant.TenantId;

/** What a reconcile asks of placements: place a live tenant that has none, and whether it has dedicated workers. */
@FunctionalInterface
public interface TenantPlacement {

    /** Every tenant dedicated, nothing written: the behaviour before placements (tests of other concerns). */
    TenantPlacement ALL_DEDICATED = (id, live, hasWorkers) -> true;

    /**
     * Places {@code id} when it is {@code live} (admitted, and may have workers created) and has no placement yet,
     * then says whether it should have dedicated workers now.
     *
     * @param hasWorkers whether the runtime shows dedicated workers of the tenant (a tenant adopted from before
     *                   placements existed keeps them: it is placed dedicated)
     */
    boolean dedicated(TenantId id, boolean live, boolean hasWorkers);
}
