package io.kgrca.graphbuilder.signal;

/**
 * The canonical class of an event or log signal, what causal rules and root-cause ranking reason about.
 *
 * <p>Each type has a {@link #prior()}: how likely a signal of this type is to be a root cause rather than a symptom
 * (an OOM kill or a node going NotReady usually starts a story; a 5xx response or a failing readiness probe usually
 * ends one). Priors only break the symmetry between otherwise equally explanatory candidates.
 */
public enum SignalType {
    /** A container was killed for exceeding its memory limit. */
    OOM_KILLED(1.0),
    /** A node stopped reporting ready. */
    NODE_NOT_READY(1.0),
    /** A node under memory, disk or PID pressure. */
    NODE_PRESSURE(0.95),
    /** An image could not be pulled (not found, unauthorized, registry down). */
    IMAGE_PULL_FAILED(1.0),
    /** The kubelet backs off pulling an image that failed before. */
    IMAGE_PULL_BACKOFF(0.5),
    /** The scheduler found no node for a pod (insufficient cpu/memory, affinity, taints). */
    SCHEDULING_FAILED(0.95),
    /** The cluster autoscaler could not add capacity. */
    SCALE_UP_FAILED(0.4),
    /** A volume could not be attached or mounted. */
    VOLUME_MOUNT_FAILED(1.0),
    /** Pod networking could not be set up (sandbox, CNI). */
    NETWORK_SETUP_FAILED(0.9),
    /** The application or the pod spec refers to configuration that is missing or invalid. */
    CONFIG_ERROR(1.0),
    /** A dependency (database, downstream service) answers slowly. */
    DEPENDENCY_SLOW(0.9),
    /** A fatal application error or panic. */
    FATAL_ERROR(0.7),
    /** A container exited with an error. */
    CONTAINER_FAILED(0.55),
    /** The kubelet backs off restarting a crashing container. */
    CRASH_LOOP(0.5),
    /** A liveness (or startup) probe failed; the container will be restarted. */
    LIVENESS_FAILED(0.5),
    /** A readiness probe failed; the pod leaves its services' endpoints. */
    READINESS_FAILED(0.4),
    /** A pod was evicted or deleted by the node lifecycle controller. */
    EVICTED(0.4),
    /** A service has no ready endpoints. */
    ENDPOINTS_NOT_READY(0.4),
    /** A rollout does not progress. */
    ROLLOUT_STUCK(0.3),
    /** A name could not be resolved. */
    DNS_FAILURE(0.5),
    /** A connection was refused or reset. */
    CONNECTION_REFUSED(0.4),
    /** An operation timed out. */
    TIMEOUT(0.4),
    /** An HTTP response with a 5xx status. */
    HTTP_5XX(0.3),
    /** Another application error. */
    APPLICATION_ERROR(0.5),
    /** Another warning. */
    OTHER_WARNING(0.45),
    /** Normal operation: not a signal of trouble, never linked or ranked. */
    NORMAL(0.0);

    private final double prior;

    SignalType(double prior) {
        this.prior = prior;
    }

    /** How likely this type is to be a root cause, in [0, 1]. */
    public double prior() {
        return prior;
    }

    /** True for every type but {@link #NORMAL}. */
    public boolean isAbnormal() {
        return this != NORMAL;
    }
}
