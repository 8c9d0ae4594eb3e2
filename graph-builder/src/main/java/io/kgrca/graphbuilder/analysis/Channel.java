package io.kgrca.graphbuilder.analysis;

/**
 * How a fault travels from one resource to another: the kind of an impact edge of the {@link DependencyGraph}.
 * A path is a sequence of channels; {@link #mayPrecede(Channel)} says which sequences make sense, so that, for
 * example, a pod's failure reaches its service and the service's callers, but never a sibling pod through their
 * common owner.
 */
public enum Channel {
    /** A node's fault reaches the pods that run on it (from {@code RUNS_ON}). */
    HOST,
    /** A controller's change reaches what it controls: Deployment to ReplicaSet to Pod (from {@code CONTROLS}). */
    ROLLOUT,
    /** A controlled object's failure shows on its controller: Pod to ReplicaSet to Deployment (from {@code CONTROLS}). */
    MEMBER,
    /** A pod's failure reaches the service that selects it (from {@code SELECTS}, endpoints). */
    BACKEND,
    /** A callee's failure reaches its callers (from {@code DEPENDS_ON}, env and log references, DNS, ingress). */
    CALL,
    /** A ConfigMap's or Secret's change reaches the pods that use it (from {@code MOUNTS}). */
    CONFIG,
    /** A claim's or volume's fault reaches the pods that mount it (from {@code MOUNTS}, {@code BOUND_TO}). */
    STORAGE,
    /** A NetworkPolicy reaches the pods it selects (from {@code APPLIES_TO}). */
    POLICY,
    /** An autoscaler reaches the workload it scales (from {@code SCALES}). */
    AUTOSCALE;

    /** True when a path may take {@code next} right after this channel. */
    public boolean mayPrecede(Channel next) {
        return switch (this) {
            case HOST, CONFIG, POLICY -> next == BACKEND || next == MEMBER;
            case STORAGE -> next == STORAGE || next == BACKEND || next == MEMBER;
            case ROLLOUT -> next == ROLLOUT || next == BACKEND;
            case AUTOSCALE -> next == ROLLOUT;
            case MEMBER -> next == MEMBER;
            case BACKEND -> next == CALL;
            case CALL -> next == BACKEND || next == MEMBER;
        };
    }

    /** The distance one step over this channel counts for: ½ for steps within one workload, else 1. */
    public double weight() {
        return switch (this) {
            case ROLLOUT, MEMBER, BACKEND, AUTOSCALE -> 0.5;
            default -> 1.0;
        };
    }
}
