package io.kgrca.graphbuilder.analysis;

import io.kgrca.graphbuilder.rca.CausalRules;
import io.kgrca.graphbuilder.signal.SignalType;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.kgrca.graphbuilder.signal.SignalType.*;

/**
 * How plausible it is that one signal causes another, given the route by which a fault at the first one's
 * resource reaches the second one's ({@link DependencyGraph.Route}). Pure.
 *
 * <p>On one resource the cause → effect table of {@link CausalRules} decides. Across resources the route decides
 * which effects make sense: a fault that makes a component unavailable (OOM kill, crash loop, lost endpoints, a
 * failed node) reaches its callers as refused connections, 5xx answers and timeouts; a degradation (slow
 * statements, an exhausted pool, an autoscaler at its limit) reaches them as timeouts and exhausted pools of
 * their own; a symptom that a middle tier relays (its own 5xx) reaches the tier above; a node's fault reaches the
 * pods on it; a pod's failure reaches its controller only as a rollout or job failure, never a sibling pod; a
 * change reaches what it changes. Types are classes, never names.
 */
public final class Propagation {

    /** Faults that make a component unavailable to its callers. */
    static final Set<SignalType> DOWN = EnumSet.of(OOM_KILLED, CRASH_LOOP, CONTAINER_FAILED, FATAL_ERROR,
            CONFIG_ERROR, LIVENESS_FAILED, EVICTED, NODE_NOT_READY, VOLUME_MOUNT_FAILED, CLAIM_PENDING,
            IMAGE_PULL_FAILED, IMAGE_PULL_BACKOFF, READINESS_FAILED, ENDPOINTS_NOT_READY, SCHEDULING_FAILED,
            CONTAINER_RESTARTED, DISK_FULL, NETWORK_SETUP_FAILED);
    /** Faults that make a component slow or short of capacity. */
    static final Set<SignalType> DEGRADED = EnumSet.of(DEPENDENCY_SLOW, RESOURCE_EXHAUSTED, AUTOSCALER_LIMITED,
            NODE_PRESSURE, CERTIFICATE_INVALID, DEPENDENCY_UNRESPONSIVE);
    /** Symptoms a middle tier passes on to its own callers. */
    static final Set<SignalType> RELAYED = EnumSet.of(TIMEOUT, HTTP_5XX, CONNECTION_REFUSED, APPLICATION_ERROR,
            DNS_FAILURE);
    /** Faults that reach the pods of a node through the node alone. */
    static final Set<SignalType> NODE_LEVEL = EnumSet.of(NODE_NOT_READY, NODE_PRESSURE, NETWORK_SETUP_FAILED,
            DISK_FULL, OOM_KILLED);
    /** Faults of a storage object that reach the pods mounting it. */
    static final Set<SignalType> STORAGE_FAULTS = EnumSet.of(CLAIM_PENDING, VOLUME_MOUNT_FAILED, DISK_FULL);
    /** What a controller's members' failures show as on the controller. */
    static final Set<SignalType> ON_CONTROLLER = EnumSet.of(ROLLOUT_STUCK, JOB_FAILED, AUTOSCALER_LIMITED,
            ENDPOINTS_NOT_READY);

    private static final Map<SignalType, Double> FROM_DOWN = table(
            CONNECTION_REFUSED, 0.75, HTTP_5XX, 0.7, TIMEOUT, 0.6, DNS_FAILURE, 0.55, APPLICATION_ERROR, 0.5,
            READINESS_FAILED, 0.55, LIVENESS_FAILED, 0.5, CRASH_LOOP, 0.5, CONTAINER_RESTARTED, 0.45,
            CONTAINER_FAILED, 0.45, FATAL_ERROR, 0.45, RESOURCE_EXHAUSTED, 0.35, OTHER_WARNING, 0.35,
            ENDPOINTS_NOT_READY, 0.4);
    private static final Map<SignalType, Double> FROM_DEGRADED = table(
            TIMEOUT, 0.85, HTTP_5XX, 0.7, RESOURCE_EXHAUSTED, 0.75, READINESS_FAILED, 0.65, LIVENESS_FAILED, 0.65,
            CONNECTION_REFUSED, 0.55, APPLICATION_ERROR, 0.55, CRASH_LOOP, 0.5, CONTAINER_RESTARTED, 0.5,
            DEPENDENCY_SLOW, 0.6, OTHER_WARNING, 0.35, ENDPOINTS_NOT_READY, 0.4);
    private static final Map<SignalType, Double> FROM_RELAYED = table(
            HTTP_5XX, 0.65, TIMEOUT, 0.6, APPLICATION_ERROR, 0.5, CONNECTION_REFUSED, 0.4, READINESS_FAILED, 0.5,
            LIVENESS_FAILED, 0.5, OTHER_WARNING, 0.3, RESOURCE_EXHAUSTED, 0.4, CRASH_LOOP, 0.35,
            CONTAINER_RESTARTED, 0.35, DEPENDENCY_SLOW, 0.4);
    private static final Map<SignalType, Map<SignalType, Double>> FROM_CHANGE = new EnumMap<>(SignalType.class);

    static {
        FROM_CHANGE.put(CHANGE_ROLLOUT, table(IMAGE_PULL_FAILED, 0.9, IMAGE_PULL_BACKOFF, 0.85, CRASH_LOOP, 0.85,
                CONTAINER_FAILED, 0.85, CONFIG_ERROR, 0.9, FATAL_ERROR, 0.8, READINESS_FAILED, 0.75,
                LIVENESS_FAILED, 0.75, CONTAINER_RESTARTED, 0.75, APPLICATION_ERROR, 0.65,
                ROLLOUT_STUCK, 0.8, HTTP_5XX, 0.6, CONNECTION_REFUSED, 0.6, TIMEOUT, 0.5, DNS_FAILURE, 0.5,
                ENDPOINTS_NOT_READY, 0.7, SCHEDULING_FAILED, 0.6, CERTIFICATE_INVALID, 0.4, RESOURCE_EXHAUSTED, 0.45,
                DEPENDENCY_SLOW, 0.45, OTHER_WARNING, 0.4, VOLUME_MOUNT_FAILED, 0.5, CLAIM_PENDING, 0.4));
        FROM_CHANGE.put(CHANGE_CONFIG, table(CONFIG_ERROR, 0.9, CRASH_LOOP, 0.85, CONTAINER_FAILED, 0.85,
                FATAL_ERROR, 0.8, READINESS_FAILED, 0.75, LIVENESS_FAILED, 0.75, CONTAINER_RESTARTED, 0.75,
                APPLICATION_ERROR, 0.7, HTTP_5XX, 0.6, CONNECTION_REFUSED, 0.65, DNS_FAILURE, 0.6, TIMEOUT, 0.5,
                CERTIFICATE_INVALID, 0.6, RESOURCE_EXHAUSTED, 0.4, OTHER_WARNING, 0.4, ENDPOINTS_NOT_READY, 0.6,
                ROLLOUT_STUCK, 0.6));
        FROM_CHANGE.put(CHANGE_SCALE, table(SCHEDULING_FAILED, 0.85, RESOURCE_EXHAUSTED, 0.7, ROLLOUT_STUCK, 0.7,
                CLAIM_PENDING, 0.6, SCALE_UP_FAILED, 0.7, EVICTED, 0.3, DEPENDENCY_SLOW, 0.4, TIMEOUT, 0.4,
                HTTP_5XX, 0.4, ENDPOINTS_NOT_READY, 0.4));
        FROM_CHANGE.put(CHANGE_NODE, table(EVICTED, 0.85, SCHEDULING_FAILED, 0.8, READINESS_FAILED, 0.5,
                ENDPOINTS_NOT_READY, 0.5, CONTAINER_RESTARTED, 0.4, ROLLOUT_STUCK, 0.5));
        FROM_CHANGE.put(CHANGE_POLICY, table(TIMEOUT, 0.85, CONNECTION_REFUSED, 0.7, DNS_FAILURE, 0.75,
                HTTP_5XX, 0.65, READINESS_FAILED, 0.6, LIVENESS_FAILED, 0.6, APPLICATION_ERROR, 0.55,
                CRASH_LOOP, 0.45, CONTAINER_RESTARTED, 0.45, OTHER_WARNING, 0.35, RESOURCE_EXHAUSTED, 0.3,
                DEPENDENCY_UNRESPONSIVE, 0.85));
        FROM_CHANGE.get(CHANGE_ROLLOUT).put(DEPENDENCY_UNRESPONSIVE, 0.6);
        FROM_CHANGE.get(CHANGE_CONFIG).put(DEPENDENCY_UNRESPONSIVE, 0.6);
        FROM_CHANGE.get(CHANGE_SCALE).put(DEPENDENCY_UNRESPONSIVE, 0.5);
    }

    /** Decay per hop beyond the first. */
    static final double HOP_DECAY = 0.97;

    private final CausalRules rules;

    /** A model over {@code rules}. */
    public Propagation(CausalRules rules) {
        this.rules = rules;
    }

    /**
     * The plausibility in [0, 1] that {@code cause} causes {@code effect}, where {@code route} leads from the
     * cause's resource to the effect's, and {@code calleeIsDns} says that the route starts at a DNS service.
     */
    public double plausibility(Fact cause, Fact effect, DependencyGraph.Route route, boolean calleeIsDns) {
        SignalType c = cause.type();
        SignalType e = effect.type();
        if (!e.isAbnormal()) {
            return 0;
        }
        if (c.isChange()) {
            if (route.first() == Channel.MEMBER || route.first() == Channel.CALL) {
                return 0;
            }
            return FROM_CHANGE.getOrDefault(c, Map.of()).getOrDefault(e, 0.0) * decay(route.distance());
        }
        if (route.hops() == 0) {
            return rules.plausibility(c, e);
        }
        double p = switch (route.first()) {
            case HOST -> NODE_LEVEL.contains(c) ? onPodOrCallers(c, e, route, 0.5) : 0;
            case MEMBER -> ON_CONTROLLER.contains(e) && (DOWN.contains(c) || DEGRADED.contains(c)) ? 0.8 : 0;
            case ROLLOUT -> c == CONFIG_ERROR || c == IMAGE_PULL_FAILED || c == AUTOSCALER_LIMITED
                    ? onPodOrCallers(c, e, route, 0.6) : 0;
            case CONFIG -> c == CONFIG_ERROR ? onPodOrCallers(c, e, route, 0.7) : 0;
            case STORAGE -> STORAGE_FAULTS.contains(c) ? onPodOrCallers(c, e, route, 0.75) : 0;
            case AUTOSCALE -> c == AUTOSCALER_LIMITED ? onPodOrCallers(c, e, route, 0.6) : 0;
            case POLICY -> 0;
            case BACKEND -> route.crossesCall() ? toCaller(c, e, calleeIsDns) : rules.plausibility(c, e);
            case CALL -> toCaller(c, e, calleeIsDns);
        };
        return p * decay(route.distance());
    }

    /** For a fault that enters a pod: the table on the pod, or the caller view past a call. */
    private double onPodOrCallers(SignalType c, SignalType e, DependencyGraph.Route route, double otherwise) {
        if (route.crossesCall()) {
            return toCaller(DOWN.contains(c) ? c : DEPENDENCY_SLOW, e, false);
        }
        double known = rules.plausibility(c, e);
        return known >= CausalRules.MIN_PLAUSIBILITY ? known : otherwise;
    }

    /** What a callee's fault {@code c} means for a caller's signal {@code e}. */
    static double toCaller(SignalType c, SignalType e, boolean calleeIsDns) {
        if (calleeIsDns && e == DNS_FAILURE && (DOWN.contains(c) || DEGRADED.contains(c) || c == FATAL_ERROR)) {
            return 0.85;
        }
        if (c == CERTIFICATE_INVALID && e == CERTIFICATE_INVALID) {
            return 0.85;
        }
        if (DOWN.contains(c)) {
            return FROM_DOWN.getOrDefault(e, 0.0);
        }
        if (DEGRADED.contains(c)) {
            return FROM_DEGRADED.getOrDefault(e, 0.0);
        }
        if (RELAYED.contains(c)) {
            return FROM_RELAYED.getOrDefault(e, 0.0);
        }
        return 0;
    }

    private static double decay(double distance) {
        return distance <= 1 ? 1.0 : Math.pow(HOP_DECAY, distance - 1);
    }

    private static Map<SignalType, Double> table(Object... pairs) {
        Map<SignalType, Double> m = new EnumMap<>(SignalType.class);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((SignalType) pairs[i], (Double) pairs[i + 1]);
        }
        return m;
    }
}
