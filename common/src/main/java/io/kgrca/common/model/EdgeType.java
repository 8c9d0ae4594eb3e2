package io.kgrca.common.model;

/** Topology relationships between Kubernetes objects. */
public enum EdgeType {
    /** Pod runs on Node. */
    RUNS_ON,
    /** A controller owns an object: Deployment to ReplicaSet, ReplicaSet/StatefulSet/DaemonSet/Job to Pod. */
    CONTROLS,
    /** A Service selects a Pod. */
    SELECTS
}
