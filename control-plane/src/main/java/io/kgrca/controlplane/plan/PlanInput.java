package io.kgrca.controlplane.plan;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.controlplane.tenant.TenantState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the planner looks at for one tenant, gathered beforehand.
 *
 * @param tenant         the tenant
 * @param known          true when the store has a record of it
 * @param state          its lifecycle state now
 * @param createsWorkers whether workers may be created, replaced or respawned ({@code Lifecycle.createsWorkers})
 * @param desired        the desired specs by kind (empty: the tenant should have no workers)
 * @param observed       the runtime's workers of this tenant
 * @param now            the time of this reconcile
 * @param nextTransition when its lifecycle state changes next without an event, or null (not registered)
 * @param cleanedUpAt    when its cleanup completed, or null (not dead, or not cleaned up yet)
 * @param deadRetention  how long a cleaned-up dead tenant is kept before it is forgotten
 */
public record PlanInput(TenantId tenant, boolean known, TenantState state, boolean createsWorkers,
                        Map<WorkerKind, WorkerSpec> desired, List<WorkerInstance> observed, Instant now,
                        Instant nextTransition, Instant cleanedUpAt, Duration deadRetention) {
}
