package io.kgrca.controlplane.plan;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.runtime.RestartHistory;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerSpec;

/** One step of a {@link TenantPlan}. Records only: the applier executes them, the planner only decides. */
public sealed interface Action {

    /** Why a worker is started. */
    enum StartReason { CREATED, REPLACED, RESPAWNED }

    /** What a decision that starts or removes nothing reports. */
    enum HoldReason { BACKING_OFF, FAILED, RATE_LIMITED }

    /**
     * Start a worker, removing {@code replacing} first when it is set.
     *
     * @param spec      the desired worker
     * @param replacing the stopped or outdated worker it replaces, or null
     * @param reason    created, replaced (new spec) or respawned (crash)
     * @param detail    a short explanation
     * @param history   the restart history the new worker carries
     */
    record Start(WorkerSpec spec, WorkerInstance replacing, StartReason reason, String detail, RestartHistory history)
            implements Action {
    }

    /**
     * Stop and remove a worker.
     *
     * @param worker the worker
     * @param why    a duplicate, or the tenant has no workers
     */
    record Remove(WorkerInstance worker, String why) implements Action {
    }

    /**
     * Nothing is executed for this worker now; reported so that logs and results show why.
     *
     * @param kind   the worker
     * @param reason backing off, newly failed, or rate-limited
     * @param detail a short explanation
     */
    record Hold(WorkerKind kind, HoldReason reason, String detail) implements Action {
    }

    /**
     * Delete a dead tenant's consumer groups (its workers are gone or removed by this plan).
     *
     * @param tenant the tenant
     */
    record CleanUp(TenantId tenant) implements Action {
    }

    /**
     * Forget a dead, cleaned-up tenant: its record (when the store knows it) and everything kept about it.
     *
     * @param tenant       the tenant
     * @param known        true when the store knows it (false: workers found without a registration)
     * @param afterCleanUp true when it may go only once the {@link CleanUp} of the same plan succeeded
     */
    record Forget(TenantId tenant, boolean known, boolean afterCleanUp) implements Action {
    }
}
