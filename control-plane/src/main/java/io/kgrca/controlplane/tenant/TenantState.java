package io.kgrca.controlplane.tenant;

/** Where a tenant is in its lifecycle. */
public enum TenantState {
    /** Registered, no heartbeat yet: workers run. */
    REGISTERED,
    /** Heart-beating: workers run. */
    ACTIVE,
    /** No sign of life for {@code HEARTBEAT_TIMEOUT}: workers are kept. */
    STALE,
    /** No sign of life for {@code CLEANUP_TIMEOUT}, or deregistered: workers and consumer groups removed. */
    DEAD;

    /** True when the tenant should have workers. */
    public boolean wantsWorkers() {
        return this != DEAD;
    }
}
