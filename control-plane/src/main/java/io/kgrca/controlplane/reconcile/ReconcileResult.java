package io.kgrca.controlplane.reconcile;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.tenant.TenantState;

import java.time.Duration;
import java.util.List;

/**
 * What one reconcile of one tenant did.
 *
 * @param tenant       the tenant
 * @param state        its lifecycle state
 * @param actions      one entry per worker touched (NOOP entries are left out)
 * @param requeueAfter when to look again without an event (a backoff or rate limit ending), or null
 */
public record ReconcileResult(TenantId tenant, TenantState state, List<Action> actions, Duration requeueAfter) {

    /** What happened to one worker. */
    public enum Type { CREATED, REPLACED, RESPAWNED, DELETED, BACKING_OFF, FAILED, RATE_LIMITED, CLEANED_UP, FORGOTTEN, ERROR }

    /**
     * One action.
     *
     * @param worker the worker, or {@code tenant} for tenant-wide actions
     * @param type   what happened
     * @param detail a short explanation
     */
    public record Action(String worker, Type type, String detail) {
    }

    /** True when nothing was done. */
    public boolean noop() {
        return actions.isEmpty();
    }
}
