package io.kgrca.controlplane.pool;

/**
 * How many tenants are placed in the pools (shared placement) now: one of the pools' scaling inputs. The
 * placements (helper cp-placement's {@code cluster.placement} follower) provide it; {@link #NONE} until they do.
 */
@FunctionalInterface
public interface SharedTenants {

    /** No tenant is shared: the pools run {@code POOL_MIN} instances. */
    SharedTenants NONE = () -> 0;

    /** The tenants placed in the pools now. */
    int count();
}
