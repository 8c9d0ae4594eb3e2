package io.kgrca.controlplane.plan;

/** A worker's state as the status API and the metrics show it. */
public enum WorkerState {
    /** Listed running by the runtime. */
    RUNNING,
    /** Started by this reconcile. */
    STARTING,
    /** Stopped; waiting for its backoff to end before it is respawned. */
    BACKING_OFF,
    /** Too many restarts within the window: left stopped until a manual restart or a new spec. */
    FAILED,
    /** Waiting for a spawn token. */
    RATE_LIMITED,
    /** Stopped and kept, not respawned: its tenant is not known to be alive. */
    EXITED,
    /** No worker, and none wanted or allowed now. */
    ABSENT
}
