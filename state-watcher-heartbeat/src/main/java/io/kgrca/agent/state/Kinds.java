package io.kgrca.agent.state;

import java.util.List;
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

    /** Every watched resource kind (core/v1 Events are watched too, but are not state). */
    public static final List<String> ALL = List.of(POD, SERVICE, NODE, DEPLOYMENT, REPLICA_SET, STATEFUL_SET,
            DAEMON_SET, JOB, CRON_JOB);

    /** Owner kind to owned kinds that make a CONTROLS edge. */
    private static final java.util.Map<String, Set<String>> CONTROLS = java.util.Map.of(
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
