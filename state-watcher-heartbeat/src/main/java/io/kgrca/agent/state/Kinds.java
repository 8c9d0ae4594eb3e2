package io.kgrca.agent.state;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Kubernetes kinds the agent watches, spelled as Kubernetes spells them (and as {@code ResourceRef.kind}). */
public final class Kinds {

    /** core/v1 Pod. */
    public static final String POD = "Pod";
    /** core/v1 Service. */
    public static final String SERVICE = "Service";
    /** core/v1 Node (cluster-scoped). */
    public static final String NODE = "Node";
    /** apps/v1 Deployment. */
    public static final String DEPLOYMENT = "Deployment";
    /** apps/v1 ReplicaSet. */
    public static final String REPLICA_SET = "ReplicaSet";
    /** apps/v1 StatefulSet. */
    public static final String STATEFUL_SET = "StatefulSet";
    /** apps/v1 DaemonSet. */
    public static final String DAEMON_SET = "DaemonSet";
    /** batch/v1 Job. */
    public static final String JOB = "Job";
    /** batch/v1 CronJob. */
    public static final String CRON_JOB = "CronJob";

    /** core/v1 ConfigMap. */
    public static final String CONFIG_MAP = "ConfigMap";
    /** core/v1 Secret (metadata and a hash of the data only). */
    public static final String SECRET = "Secret";
    /** core/v1 PersistentVolumeClaim. */
    public static final String PERSISTENT_VOLUME_CLAIM = "PersistentVolumeClaim";
    /** core/v1 PersistentVolume (cluster-scoped). */
    public static final String PERSISTENT_VOLUME = "PersistentVolume";
    /** discovery.k8s.io/v1 EndpointSlice. */
    public static final String ENDPOINT_SLICE = "EndpointSlice";
    /** core/v1 Endpoints, where EndpointSlice is not served. */
    public static final String ENDPOINTS = "Endpoints";
    /** autoscaling/v2 (or v1) HorizontalPodAutoscaler. */
    public static final String HORIZONTAL_POD_AUTOSCALER = "HorizontalPodAutoscaler";
    /** networking.k8s.io/v1 Ingress. */
    public static final String INGRESS = "Ingress";
    /** networking.k8s.io/v1 NetworkPolicy. */
    public static final String NETWORK_POLICY = "NetworkPolicy";
    /** cert-manager.io/v1 Certificate, where the cluster serves it. */
    public static final String CERTIFICATE = "Certificate";

    /** Every watched resource kind (core/v1 Events are watched too, but are not state). */
    public static final List<String> ALL = List.of(POD, SERVICE, NODE, DEPLOYMENT, REPLICA_SET, STATEFUL_SET,
            DAEMON_SET, JOB, CRON_JOB, CONFIG_MAP, SECRET, PERSISTENT_VOLUME_CLAIM, PERSISTENT_VOLUME, ENDPOINT_SLICE,
            ENDPOINTS, HORIZONTAL_POD_AUTOSCALER, INGRESS, NETWORK_POLICY, CERTIFICATE);

    /** The cluster-scoped kinds: their {@code ResourceRef} namespace is empty. */
    public static final Set<String> CLUSTER_SCOPED = Set.of(NODE, PERSISTENT_VOLUME);

    /** Owner kind to owned kinds that make a CONTROLS edge. */
    private static final Map<String, Set<String>> CONTROLS = Map.of(
            DEPLOYMENT, Set.of(REPLICA_SET),
            REPLICA_SET, Set.of(POD),
            STATEFUL_SET, Set.of(POD),
            DAEMON_SET, Set.of(POD),
            JOB, Set.of(POD),
            CRON_JOB, Set.of(JOB));

    private Kinds() {
    }

    /** True when an owner of {@code ownerKind} controlling a {@code ownedKind} is a CONTROLS edge. */
    public static boolean controls(String ownerKind, String ownedKind) {
        return CONTROLS.getOrDefault(ownerKind, Set.of()).contains(ownedKind);
    }
}
