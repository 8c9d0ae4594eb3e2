package io.kgrca.controlplane.placement;

import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;

import java.util.List;
import java.util.Optional;

/**
 * Reads where the consumer groups of one side of a move stand against its handoff boundary: a tenant's dedicated
 * groups ({@code <worker>-<tenant>}) or the pools' ({@code <worker>.pool}).
 */
public interface GroupProgress {

    /**
     * The progress of {@code side}'s groups for {@code tenant} on every partition of the topics they read, against
     * the broker time {@code boundaryMs}; empty when none of the groups has committed anything (they do not exist,
     * or never got to commit).
     *
     * @throws Exception when the broker could not be asked; the caller tries again later
     */
    Optional<List<PartitionProgress>> read(TenantId tenant, PlacementMode side, long boundaryMs) throws Exception;
}
