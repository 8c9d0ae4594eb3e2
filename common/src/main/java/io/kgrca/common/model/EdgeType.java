package io.kgrca.common.model;

/**
 * Topology relationships between Kubernetes objects, always written from the object whose own fields decide the
 * edge. Fault propagation runs along them in a direction that depends on the type (see the graph-builder's
 * dependency table): a node's fault reaches its pods, a pod's failure reaches the services that select it, a
 * configuration object's change reaches the pods that mount it.
 */
public enum EdgeType {
    /** Pod runs on Node. */
    RUNS_ON,
    /** A controller owns an object: Deployment to ReplicaSet, ReplicaSet/StatefulSet/DaemonSet/Job to Pod. */
    CONTROLS,
    /** A Service selects a Pod. */
    SELECTS,
    /** A Pod uses a ConfigMap or Secret (volume, env, envFrom) or a PersistentVolumeClaim (volume). */
    MOUNTS,
    /** A PersistentVolumeClaim is bound to a PersistentVolume. */
    BOUND_TO,
    /** A Service's endpoints (EndpointSlice or Endpoints) list a Pod; from the endpoints object to the pod. */
    ENDPOINT_OF,
    /** An Ingress routes to a Service. */
    ROUTES_TO,
    /** A HorizontalPodAutoscaler scales its target (Deployment, StatefulSet, ...). */
    SCALES,
    /** A NetworkPolicy selects a Pod (the pods it applies to). */
    APPLIES_TO,
    /** A Service's endpoints object belongs to its Service; from the Service to the endpoints object. */
    EXPOSES
}
