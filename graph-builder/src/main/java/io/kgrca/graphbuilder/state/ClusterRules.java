package io.kgrca.graphbuilder.state;

import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state faults of nodes, workloads, jobs, claims, endpoints, autoscalers and certificates, from the agent's
 * summaries. A field that is absent is unknown and never makes a fault. Pure.
 */
final class ClusterRules {

    private static final List<String> PRESSURES = List.of("MemoryPressure", "DiskPressure", "PIDPressure");
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private ClusterRules() {
    }

    static void faults(Snapshot prev, ResourceRecord next, Map<String, OpenCondition> open, List<Fault> out) {
        String kind = next.ref().kind().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "node" -> node(next, out);
            case "deployment", "statefulset" -> replicaShortfall(next, out);
            case "daemonset" -> daemonShortfall(next, out);
            case "job" -> job(next, out);
            case "persistentvolumeclaim", "persistentvolume" -> claim(kind, next, out);
            case "endpointslice", "endpoints" -> endpoints(kind, prev, next, open, out);
            case "horizontalpodautoscaler" -> autoscaler(next, out);
            case "certificate" -> certificate(next, out);
            default -> { }
        }
    }

    private static void node(ResourceRecord r, List<Fault> out) {
        Map<String, Object> st = r.status();
        if (Boolean.FALSE.equals(Values.bool(st, "ready"))) {
            out.add(Fault.of(SignalType.NODE_NOT_READY, r.ref(), "NodeNotReady", "node ready → false",
                    Severity.ERROR, Map.of()));
        }
        List<String> conditions = Values.strings(st, "pressure");
        if (conditions == null) {
            return;
        }
        List<String> pressure = conditions.stream().filter(PRESSURES::contains).sorted().toList();
        if (!pressure.isEmpty()) {
            out.add(Fault.of(SignalType.NODE_PRESSURE, r.ref(), pressure.get(0), "node under "
                    + String.join(", ", pressure), Severity.ERROR, Map.of("pressure", pressure)));
        }
        if (conditions.contains("NetworkUnavailable")) {
            out.add(Fault.of(SignalType.NETWORK_SETUP_FAILED, r.ref(), "NetworkUnavailable",
                    "node network unavailable", Severity.ERROR, Map.of()));
        }
    }

    private static void replicaShortfall(ResourceRecord r, List<Fault> out) {
        Integer desired = r.replicas();
        Long ready = Values.number(r.status(), "ready_replicas");
        Long unavailable = Values.number(r.status(), "unavailable_replicas");
        boolean shortfall = desired != null && desired > 0 && ready != null && ready < desired;
        if (shortfall || (unavailable != null && unavailable > 0)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("desired", desired);
            d.put("ready", ready);
            d.put("unavailable", unavailable);
            out.add(Fault.of(SignalType.ROLLOUT_STUCK, r.ref(), "ReplicaShortfall", "ready " + ready + " of "
                    + desired + " replicas" + (unavailable == null ? "" : ", " + unavailable + " unavailable"),
                    Severity.WARNING, d));
        }
    }

    private static void daemonShortfall(ResourceRecord r, List<Fault> out) {
        Long desired = Values.number(r.status(), "desired");
        Long ready = Values.number(r.status(), "ready");
        if (desired != null && ready != null && ready < desired) {
            out.add(Fault.of(SignalType.ROLLOUT_STUCK, r.ref(), "ReplicaShortfall",
                    "ready " + ready + " of " + desired + " scheduled pods", Severity.WARNING,
                    Map.of("desired", desired, "ready", ready)));
        }
    }

    private static void job(ResourceRecord r, List<Fault> out) {
        List<String> conditions = Values.strings(r.status(), "conditions");
        if (conditions != null && conditions.contains("Failed")) {
            Long failed = Values.number(r.status(), "failed");
            out.add(Fault.of(SignalType.JOB_FAILED, r.ref(), "JobFailed",
                    "job failed" + (failed == null ? "" : " (" + failed + " failed pods)"), Severity.ERROR,
                    failed == null ? Map.of() : Map.of("failed", failed)));
        }
    }

    private static void claim(String kind, ResourceRecord r, List<Fault> out) {
        String phase = Values.text(r.status(), "phase");
        boolean bad = kind.equals("persistentvolume") ? "Failed".equals(phase)
                : "Pending".equals(phase) || "Lost".equals(phase);
        if (bad) {
            String sc = Values.text(r.spec(), "storage_class");
            String message = kind.equals("persistentvolume") ? "volume phase " + phase
                    : "claim phase " + phase + (sc == null ? "" : " (storage class " + sc + ")");
            out.add(Fault.of(SignalType.CLAIM_PENDING, r.ref(), "Claim" + phase, message, Severity.ERROR,
                    Map.of("phase", phase)));
        }
    }

    private static void endpoints(String kind, Snapshot prev, ResourceRecord r, Map<String, OpenCondition> open,
                                  List<Fault> out) {
        Long ready = Values.number(r.status(), "ready");
        Long notReady = Values.number(r.status(), "not_ready");
        Long wasReady = prev == null ? null : Values.number(prev.status(), "ready");
        boolean dropped = (notReady != null && notReady > 0) || (wasReady != null && wasReady > 0)
                || open.containsKey(SignalType.ENDPOINTS_NOT_READY.name());
        if (ready != null && ready == 0 && dropped) {
            ResourceRef service = serviceOf(kind, r);
            out.add(Fault.of(SignalType.ENDPOINTS_NOT_READY, service, "NoReadyEndpoints",
                    "service " + service.name() + ": 0 ready endpoints" + (notReady == null ? "" : ", " + notReady
                            + " not ready"), Severity.ERROR, endpointDetail(r, wasReady, notReady)));
        }
    }

    private static Map<String, Object> endpointDetail(ResourceRecord r, Long wasReady, Long notReady) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("endpoints", r.ref().id());
        d.put("ready_before", wasReady);
        d.put("not_ready", notReady);
        return d;
    }

    /** The Service an endpoints object belongs to: {@code spec.service}, its service-name label, or its name. */
    static ResourceRef serviceOf(String kind, ResourceRecord r) {
        String name = Values.text(r.spec(), "service");
        if (name == null) {
            name = r.labels().get(SERVICE_NAME_LABEL);
        }
        if (name == null && kind.equals("endpoints")) {
            name = r.ref().name();
        }
        return name == null ? r.ref() : ResourceRef.of("Service", r.ref().namespace(), name);
    }

    private static void autoscaler(ResourceRecord r, List<Fault> out) {
        Long current = Values.number(r.status(), "current_replicas");
        Long desired = Values.number(r.status(), "desired_replicas");
        Long max = Values.number(r.spec(), "max_replicas");
        List<String> conditions = Values.strings(r.status(), "conditions");
        List<String> limits = new ArrayList<>();
        if (current != null && max != null && desired != null && current.equals(max) && desired >= max) {
            limits.add("AtMaxReplicas");
        }
        if (conditions != null) {
            for (String c : conditions) {
                if (c.startsWith("ScalingLimited=True") || c.startsWith("AbleToScale=False")
                        || c.startsWith("ScalingActive=False")) {
                    limits.add(c);
                }
            }
        }
        if (!limits.isEmpty()) {
            String target = Values.text(r.spec(), "target");
            out.add(Fault.of(SignalType.AUTOSCALER_LIMITED, r.ref(), limits.get(0).split("[=:]")[0],
                    "autoscaler " + (target == null ? "" : "of " + target + " ") + "limited: "
                            + String.join(", ", limits) + " (current " + current + ", desired " + desired
                            + ", max " + max + ")", Severity.WARNING, Map.of("limits", limits)));
        }
    }

    private static void certificate(ResourceRecord r, List<Fault> out) {
        if (Boolean.FALSE.equals(Values.bool(r.status(), "ready"))) {
            String reason = Values.text(r.status(), "reason");
            out.add(Fault.of(SignalType.CERTIFICATE_INVALID, r.ref(), reason == null ? "NotReady" : reason,
                    "certificate not ready" + (reason == null ? "" : ": " + reason), Severity.ERROR, Map.of()));
        }
    }
}
