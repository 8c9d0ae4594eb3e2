package io.kgrca.controlplane.tenant;

/** Where a tenant is in its lifecycle. */
public enum TenantState {
    /** Registered, no heartbeat yet: workers run. */
    REGISTERED,
    /** Heart-beating: workers run. */
    ACTIVE,
    /**
     * Alive only by virtue of the start-up grace period: registered before this control plane started and no sign
     * of life received within {@code HEARTBEAT_TIMEOUT}. Workers it has (adopted) are kept, none is created or
     * respawned, until a heartbeat makes it active or the grace period ends.
     */
    GRACE,
    /**
     * No sign of life for {@code HEARTBEAT_TIMEOUT}: workers are kept (and respawned, if the tenant gave a sign of
     * life since this control plane started; see {@link Lifecycle#createsWorkers}).
     */
    STALE,
    /** No sign of life for {@code CLEANUP_TIMEOUT}, or deregistered: workers and consumer groups removed. */
    DEAD;

    /** True when the tenant keeps its workers. */
    public boolean wantsWorkers() {
        return this != DEAD;
    }
}
