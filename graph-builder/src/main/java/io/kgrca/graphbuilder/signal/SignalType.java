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
    /** A container's restart count rose (from resource state). */
    CONTAINER_RESTARTED(0.35),
    /** A persistent volume claim is Pending or Lost, or its volume failed (from resource state or events). */
    CLAIM_PENDING(0.95),
    /** A filesystem or volume is full ("no space left on device"). */
    DISK_FULL(1.0),
    /** A Job failed (backoff limit, deadline). */
    JOB_FAILED(0.5),
    /** An autoscaler is at its maximum, or cannot compute or reach the desired replicas. */
    AUTOSCALER_LIMITED(0.7),
    /** A certificate is expired, invalid or not ready (x509 errors, a cert-manager Certificate not Ready). */
    CERTIFICATE_INVALID(1.0),
    /** A bounded resource is used up: connection pool exhausted, too many clients, max connections, quota. */
    RESOURCE_EXHAUSTED(0.85),
    /**
     * A dependency that shows no signal of its own while its callers time out or fail calling it (inferred by the
     * analysis from the callers' symptoms; never written).
     */
    DEPENDENCY_UNRESPONSIVE(0.75),
    /** A rollout started: a new ReplicaSet, a changed image or pod template (a change, not a fault). */
    CHANGE_ROLLOUT(0.9),
    /** A ConfigMap's or Secret's data changed (by hash; a change, not a fault). */
    CHANGE_CONFIG(0.9),
    /** A workload's desired replicas changed (a change, not a fault). */
    CHANGE_SCALE(0.6),
    /** A node was cordoned or tainted (a change, not a fault). */
    CHANGE_NODE(0.7),
    /** A NetworkPolicy was created or changed (a change, not a fault). */
    CHANGE_POLICY(0.9),
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

    /** True for every type but {@link #NORMAL} and the changes: the types that are trouble. */
    public boolean isAbnormal() {
        return this != NORMAL && !isChange();
    }

    /** True for the {@code CHANGE_*} types: something was changed; trouble only if failures follow it. */
    public boolean isChange() {
        return name().startsWith("CHANGE_");
    }
}
