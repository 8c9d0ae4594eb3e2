package io.kgrca.controlplane.plan;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.tenant.TenantState;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one reconcile of one tenant will do, and what its workers' states are if every action succeeds.
 *
 * @param tenant       the tenant
 * @param state        its lifecycle state
 * @param actions      in order of execution
 * @param workers      the planned state of every worker the tenant has or should have
 * @param requeueAfter when to look again without an event, or null
 */
public record TenantPlan(TenantId tenant, TenantState state, List<Action> actions, Map<WorkerKind, Planned> workers,
                         Duration requeueAfter) {

    /**
     * A worker's planned state.
     *
     * @param state       its state after the plan
     * @param containerId its runtime id (the old one for a start; the applier sets the new one), or null
     * @param metricsPort its port, or 0
     */
    public record Planned(WorkerState state, String containerId, int metricsPort) {
    }

    /** True when the plan executes nothing. */
    public boolean noop() {
        return actions.isEmpty();
    }
}
