package io.kgrca.controlplane.placement;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.tenant.TenantId;

/** Where the control plane writes placements: {@code cluster.placement} in production, memory in tests. */
public interface PlacementLog extends AutoCloseable {

    /**
     * Writes {@code placement} for {@code tenant} (null: a tombstone) and waits for the acknowledgement; returns the
     * record's offset, which orders it against what the follower reads back.
     *
     * @throws Exception when the write failed; the caller retries later
     */
    long write(TenantId tenant, Placement placement) throws Exception;

    /** Releases the producer. */
    @Override
    void close();
}
