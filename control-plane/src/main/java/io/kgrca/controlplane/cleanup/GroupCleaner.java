package io.kgrca.controlplane.cleanup;

import io.kgrca.common.tenant.TenantId;

/** Deletes a tenant's consumer groups. */
public interface GroupCleaner {

    /**
     * Deletes the tenant's three groups. Returns true when none is left (a group that does not exist counts as
     * deleted), false when a group is not empty yet and the call must be retried.
     */
    boolean deleteGroups(TenantId tenant) throws Exception;

    /** A cleaner that deletes nothing, for tests of other concerns. */
    GroupCleaner NONE = tenant -> true;
}
