package io.kgrca.graphbuilder.rca;

import io.kgrca.graphbuilder.signal.SignalType;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import static io.kgrca.graphbuilder.signal.SignalType.*;

/**
 * The table of known cause → effect pairs and how plausible each is, in [0, 1]. Besides the basic pairs
 * (OOMKilled → CrashLoop 0.95, NodeNotReady → Evicted 0.90, ImagePull → ..., error → error 0.5) it has the failure
 * chains of Kubernetes workloads: a container that dies takes its pod out of its service's endpoints and its
 * callers see refused connections, 5xx answers and timeouts; a slow dependency makes its callers time out and fail
 * their liveness probes; a node that goes away evicts its pods.
 *
 * <p>Pairs that are not in the table get {@link #UNKNOWN}; two signals of the same type (siblings of one cause,
 * such as pods evicted together) get {@link #SAME_TYPE}, since one rarely causes the other. Both are below
 * {@link #MIN_PLAUSIBILITY}: a pair the table does not support is never linked, however close in time and
 * topology (otherwise every two warnings of one pod would link).
 */
public final class CausalRules {

    /** Plausibility of a pair the table does not know. */
    public static final double UNKNOWN = 0.1;
    /** Plausibility of one signal causing another of the same type. */
    public static final double SAME_TYPE = 0.2;
    /** Pairs less plausible than this are never linked. */
    public static final double MIN_PLAUSIBILITY = 0.3;

    /** Failures that make a component unavailable to its callers. */
    private static final Set<SignalType> COMPONENT_DOWN = Set.of(OOM_KILLED, CRASH_LOOP, CONTAINER_FAILED,
            FATAL_ERROR, CONFIG_ERROR, LIVENESS_FAILED, EVICTED, NODE_NOT_READY, VOLUME_MOUNT_FAILED,
            IMAGE_PULL_FAILED, READINESS_FAILED, ENDPOINTS_NOT_READY);

    private final Map<SignalType, Map<SignalType, Double>> table = new EnumMap<>(SignalType.class);

    private static final CausalRules DEFAULT = new CausalRules();

    private CausalRules() {
        for (SignalType down : COMPONENT_DOWN) {
            put(down, CONNECTION_REFUSED, 0.75);
            put(down, HTTP_5XX, 0.65);
            put(down, TIMEOUT, 0.6);
            put(down, DNS_FAILURE, 0.75);
            put(down, APPLICATION_ERROR, 0.45);
        }
        put(OOM_KILLED, CRASH_LOOP, 0.95);
        put(OOM_KILLED, CONTAINER_FAILED, 0.9);
        put(OOM_KILLED, READINESS_FAILED, 0.7);
        put(OOM_KILLED, LIVENESS_FAILED, 0.6);
        put(OOM_KILLED, ENDPOINTS_NOT_READY, 0.65);
        put(OOM_KILLED, EVICTED, 0.3);
        put(CONFIG_ERROR, CRASH_LOOP, 0.9);
        put(CONFIG_ERROR, CONTAINER_FAILED, 0.9);
        put(CONFIG_ERROR, READINESS_FAILED, 0.7);
        put(CONFIG_ERROR, LIVENESS_FAILED, 0.6);
        put(CONFIG_ERROR, ENDPOINTS_NOT_READY, 0.6);
        put(FATAL_ERROR, CRASH_LOOP, 0.85);
        put(FATAL_ERROR, CONTAINER_FAILED, 0.85);
        put(FATAL_ERROR, READINESS_FAILED, 0.6);
        put(CONTAINER_FAILED, CRASH_LOOP, 0.85);
        put(CONTAINER_FAILED, READINESS_FAILED, 0.6);
        put(CRASH_LOOP, READINESS_FAILED, 0.8);
        put(CRASH_LOOP, ENDPOINTS_NOT_READY, 0.75);
        put(CRASH_LOOP, LIVENESS_FAILED, 0.4);
        put(LIVENESS_FAILED, CONTAINER_FAILED, 0.7);
        put(LIVENESS_FAILED, CRASH_LOOP, 0.8);
        put(LIVENESS_FAILED, READINESS_FAILED, 0.6);
        put(READINESS_FAILED, ENDPOINTS_NOT_READY, 0.85);
        put(ENDPOINTS_NOT_READY, HTTP_5XX, 0.8);
        put(ENDPOINTS_NOT_READY, CONNECTION_REFUSED, 0.75);
        put(NODE_NOT_READY, EVICTED, 0.9);
        put(NODE_NOT_READY, READINESS_FAILED, 0.6);
        put(NODE_NOT_READY, NETWORK_SETUP_FAILED, 0.6);
        put(NODE_NOT_READY, CONTAINER_FAILED, 0.5);
        put(NODE_NOT_READY, SCHEDULING_FAILED, 0.6);
        put(NODE_NOT_READY, ENDPOINTS_NOT_READY, 0.55);
        put(NODE_PRESSURE, EVICTED, 0.9);
        put(NODE_PRESSURE, OOM_KILLED, 0.6);
        put(NODE_PRESSURE, SCHEDULING_FAILED, 0.5);
        put(EVICTED, ENDPOINTS_NOT_READY, 0.6);
        put(EVICTED, SCHEDULING_FAILED, 0.5);
        put(IMAGE_PULL_FAILED, IMAGE_PULL_BACKOFF, 0.95);
        put(IMAGE_PULL_FAILED, ROLLOUT_STUCK, 0.8);
        put(IMAGE_PULL_FAILED, ENDPOINTS_NOT_READY, 0.5);
        put(IMAGE_PULL_FAILED, SCHEDULING_FAILED, 0.3);
        put(IMAGE_PULL_BACKOFF, ROLLOUT_STUCK, 0.7);
        put(SCHEDULING_FAILED, SCALE_UP_FAILED, 0.85);
        put(SCHEDULING_FAILED, ROLLOUT_STUCK, 0.8);
        put(SCHEDULING_FAILED, ENDPOINTS_NOT_READY, 0.5);
        put(SCALE_UP_FAILED, ROLLOUT_STUCK, 0.5);
        put(VOLUME_MOUNT_FAILED, CONTAINER_FAILED, 0.6);
        put(VOLUME_MOUNT_FAILED, ROLLOUT_STUCK, 0.6);
        put(VOLUME_MOUNT_FAILED, READINESS_FAILED, 0.5);
        put(VOLUME_MOUNT_FAILED, ENDPOINTS_NOT_READY, 0.55);
        put(NETWORK_SETUP_FAILED, READINESS_FAILED, 0.5);
        put(NETWORK_SETUP_FAILED, CONTAINER_FAILED, 0.5);
        put(DEPENDENCY_SLOW, TIMEOUT, 0.9);
        put(DEPENDENCY_SLOW, LIVENESS_FAILED, 0.7);
        put(DEPENDENCY_SLOW, READINESS_FAILED, 0.65);
        put(DEPENDENCY_SLOW, HTTP_5XX, 0.7);
        put(TIMEOUT, LIVENESS_FAILED, 0.8);
        put(TIMEOUT, READINESS_FAILED, 0.75);
        put(TIMEOUT, HTTP_5XX, 0.7);
        put(CONNECTION_REFUSED, HTTP_5XX, 0.7);
        put(CONNECTION_REFUSED, READINESS_FAILED, 0.6);
        put(CONNECTION_REFUSED, LIVENESS_FAILED, 0.5);
        put(CONNECTION_REFUSED, CRASH_LOOP, 0.5);
        put(DNS_FAILURE, HTTP_5XX, 0.7);
        put(DNS_FAILURE, APPLICATION_ERROR, 0.6);
        put(DNS_FAILURE, READINESS_FAILED, 0.6);
        put(DNS_FAILURE, CRASH_LOOP, 0.5);
        put(DNS_FAILURE, TIMEOUT, 0.4);
        put(APPLICATION_ERROR, HTTP_5XX, 0.45);
        put(APPLICATION_ERROR, APPLICATION_ERROR, 0.35);
        // Resource state and the newer classes: a restart is the visible end of most container failures.
        for (SignalType t : Set.of(OOM_KILLED, CONTAINER_FAILED, FATAL_ERROR, CONFIG_ERROR, LIVENESS_FAILED,
                DISK_FULL, CERTIFICATE_INVALID)) {
            put(t, CONTAINER_RESTARTED, 0.85);
        }
        put(CONTAINER_RESTARTED, CRASH_LOOP, 0.6);
        put(CONTAINER_RESTARTED, READINESS_FAILED, 0.6);
        put(CONTAINER_RESTARTED, ENDPOINTS_NOT_READY, 0.55);
        put(CRASH_LOOP, CONTAINER_RESTARTED, 0.4);
        put(DISK_FULL, CONTAINER_FAILED, 0.8);
        put(DISK_FULL, CRASH_LOOP, 0.7);
        put(DISK_FULL, FATAL_ERROR, 0.75);
        put(DISK_FULL, APPLICATION_ERROR, 0.7);
        put(DISK_FULL, READINESS_FAILED, 0.6);
        put(DISK_FULL, EVICTED, 0.7);
        put(DISK_FULL, NODE_PRESSURE, 0.7);
        put(DISK_FULL, TIMEOUT, 0.5);
        put(NODE_PRESSURE, DISK_FULL, 0.5);
        put(CLAIM_PENDING, SCHEDULING_FAILED, 0.85);
        put(CLAIM_PENDING, VOLUME_MOUNT_FAILED, 0.8);
        put(CLAIM_PENDING, ROLLOUT_STUCK, 0.6);
        put(VOLUME_MOUNT_FAILED, CLAIM_PENDING, 0.3);
        put(RESOURCE_EXHAUSTED, TIMEOUT, 0.65);
        put(RESOURCE_EXHAUSTED, HTTP_5XX, 0.65);
        put(RESOURCE_EXHAUSTED, CONNECTION_REFUSED, 0.6);
        put(RESOURCE_EXHAUSTED, APPLICATION_ERROR, 0.6);
        put(RESOURCE_EXHAUSTED, READINESS_FAILED, 0.55);
        put(RESOURCE_EXHAUSTED, LIVENESS_FAILED, 0.55);
        put(DEPENDENCY_SLOW, RESOURCE_EXHAUSTED, 0.75);
        put(DEPENDENCY_SLOW, APPLICATION_ERROR, 0.5);
        put(TIMEOUT, RESOURCE_EXHAUSTED, 0.5);
        put(CERTIFICATE_INVALID, APPLICATION_ERROR, 0.65);
        put(CERTIFICATE_INVALID, HTTP_5XX, 0.6);
        put(CERTIFICATE_INVALID, CONNECTION_REFUSED, 0.45);
        put(CERTIFICATE_INVALID, READINESS_FAILED, 0.5);
        put(CERTIFICATE_INVALID, CRASH_LOOP, 0.5);
        put(CONTAINER_FAILED, JOB_FAILED, 0.85);
        put(CRASH_LOOP, JOB_FAILED, 0.7);
        put(OOM_KILLED, JOB_FAILED, 0.8);
        put(CONFIG_ERROR, JOB_FAILED, 0.8);
        put(IMAGE_PULL_FAILED, CONTAINER_FAILED, 0.5);
        put(IMAGE_PULL_BACKOFF, ENDPOINTS_NOT_READY, 0.4);
        put(AUTOSCALER_LIMITED, DEPENDENCY_SLOW, 0.6);
        put(AUTOSCALER_LIMITED, TIMEOUT, 0.6);
        put(NODE_NOT_READY, CONTAINER_RESTARTED, 0.5);
        put(NODE_PRESSURE, CONTAINER_RESTARTED, 0.5);
        put(NODE_PRESSURE, READINESS_FAILED, 0.5);
        put(LIVENESS_FAILED, CONTAINER_RESTARTED, 0.85);
    }

    /** The table used in production. */
    public static CausalRules standard() {
        return DEFAULT;
    }

    private void put(SignalType cause, SignalType effect, double score) {
        table.computeIfAbsent(cause, k -> new EnumMap<>(SignalType.class)).put(effect, score);
    }

    /** How plausible it is that a {@code cause} signal causes an {@code effect} signal. */
    public double plausibility(SignalType cause, SignalType effect) {
        Map<SignalType, Double> row = table.get(cause);
        Double known = row == null ? null : row.get(effect);
        if (known != null) {
            return known;
        }
        return cause == effect ? SAME_TYPE : UNKNOWN;
    }
}
