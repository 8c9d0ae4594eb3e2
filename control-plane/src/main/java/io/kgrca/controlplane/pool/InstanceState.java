package io.kgrca.controlplane.pool;

/** A pool instance's state in the status API and the {@code kg_pool_instances} gauge. */
public enum InstanceState {
    /** Listed running. */
    RUNNING,
    /** Stopped; respawned when its backoff ends. */
    CRASHED,
    /** Too many restarts in the window: left stopped until a manual restart. */
    FAILED
}
