package io.kgrca.common.worker;

import io.kgrca.common.config.WorkerDefinitions;

import java.time.Duration;

/**
 * How a worker follows {@code cluster.placement} and, in a pool, bounds its per-tenant state.
 *
 * @param overlap    {@code PLACEMENT_OVERLAP}: the handoff overlap of a move (default 30 s)
 * @param placementWait {@code PLACEMENT_WAIT}: how long a pool holds a partition for a tenant it has no placement
 *                   for yet (default 15 s)
 * @param maxTenants {@code POOL_MAX_TENANTS}: live per-tenant processors of one pool instance (default 2000)
 * @param idleEvict  {@code POOL_IDLE_EVICT}: an idle tenant's processor is closed after this (default 10 min)
 * @param tenantSlice {@code POOL_TENANT_SLICE}: records of one tenant a pool instance processes before it serves
 *                   the others and polls again (default 100; 0: each poll whole, in offset order)
 * @param backlogMib {@code POOL_BACKLOG_MIB}: MiB of records a pool instance reads ahead (default 64)
 */
public record PlacementOptions(Duration overlap, Duration placementWait, int maxTenants, Duration idleEvict,
                               int tenantSlice, int backlogMib) {

    /** The options with the default tenant slice and backlog. */
    public PlacementOptions(Duration overlap, Duration placementWait, int maxTenants, Duration idleEvict) {
        this(overlap, placementWait, maxTenants, idleEvict, WorkerDefinitions.POOL_TENANT_SLICE.defaultValue(),
                WorkerDefinitions.POOL_BACKLOG_MIB.defaultValue());
    }

    /** Checks the values. */
    public PlacementOptions {
        if (overlap.isNegative() || placementWait.isNegative() || idleEvict.isNegative() || maxTenants < 1
                || tenantSlice < 0 || backlogMib < 1) {
            throw new IllegalArgumentException("negative duration or slice, no backlog, or fewer than one tenant in " + overlap
                    + ", " + placementWait + ", " + maxTenants + ", " + idleEvict + ", " + tenantSlice + ", " + backlogMib);
        }
    }

    /** The defaults of the settings. */
    public static PlacementOptions defaults() {
        return new PlacementOptions(WorkerDefinitions.PLACEMENT_OVERLAP.defaultValue(),
                WorkerDefinitions.PLACEMENT_WAIT.defaultValue(), WorkerDefinitions.POOL_MAX_TENANTS.defaultValue(),
                WorkerDefinitions.POOL_IDLE_EVICT.defaultValue());
    }

    /** {@link #backlogMib()} in bytes. */
    public long backlogBytes() {
        return backlogMib * 1024L * 1024L;
    }
}
