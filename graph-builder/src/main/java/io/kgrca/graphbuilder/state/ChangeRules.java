package io.kgrca.graphbuilder.state;

import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The changes a record shows against the previous snapshot of the same resource. The first sight of a resource is
 * its baseline and no change, except a NetworkPolicy, ConfigMap or ReplicaSet whose {@code spec.created_at} lies
 * within {@link #NEW_WITHIN_MS} before the record: it was just created, and its creation is the change. Pure.
 */
final class ChangeRules {

    /** A resource first seen at most this long after its creation counts as newly created. */
    static final long NEW_WITHIN_MS = 10 * 60_000L;

    private ChangeRules() {
    }

    /** The changes from {@code prev} (null at first sight) to {@code next}, as faults of the change types. */
    static List<Fault> changes(Snapshot prev, ResourceRecord next) {
        List<Fault> out = new ArrayList<>();
        String kind = next.ref().kind().toLowerCase(Locale.ROOT);
        if (prev == null) {
            if (justCreated(next)) {
                created(kind, next, out);
            }
            return out;
        }
        switch (kind) {
            case "deployment", "statefulset", "daemonset" -> workload(prev, next, out);
            case "configmap", "secret" -> config(prev, next, out);
            case "node" -> node(prev, next, out);
            case "networkpolicy" -> policy(prev, next, out);
            default -> { }
        }
        return out;
    }

    private static void created(String kind, ResourceRecord r, List<Fault> out) {
        String name = r.ref().name();
        switch (kind) {
            case "replicaset" -> out.add(change(SignalType.CHANGE_ROLLOUT, r, "ReplicaSetCreated",
                    "new ReplicaSet " + name + (r.image() == null ? "" : " (image " + r.image() + ")"),
                    detail("image", null, r.image())));
            case "configmap" -> out.add(change(SignalType.CHANGE_CONFIG, r, "Created", "new ConfigMap " + name,
                    detail("data_hash", null, Values.text(r.spec(), "data_hash"))));
            case "networkpolicy" -> out.add(change(SignalType.CHANGE_POLICY, r, "Created",
                    "new NetworkPolicy " + name, detail("hash", null, Values.text(r.spec(), "hash"))));
            default -> { }
        }
    }

    private static void workload(Snapshot prev, ResourceRecord next, List<Fault> out) {
        String hashBefore = Values.text(prev.spec(), "template_hash");
        String hashNow = Values.text(next.spec(), "template_hash");
        if (differ(prev.image(), next.image())) {
            Map<String, Object> d = detail("image", prev.image(), next.image());
            if (hashNow != null) {
                d.put("template_hash", hashNow);
            }
            out.add(change(SignalType.CHANGE_ROLLOUT, next, "ImageChanged",
                    "image " + prev.image() + " → " + next.image(), d));
        } else if (differ(hashBefore, hashNow)) {
            out.add(change(SignalType.CHANGE_ROLLOUT, next, "TemplateChanged",
                    "pod template " + hashBefore + " → " + hashNow, detail("template_hash", hashBefore, hashNow)));
        }
        if (differ(prev.replicas(), next.replicas())) {
            out.add(change(SignalType.CHANGE_SCALE, next, next.replicas() > prev.replicas() ? "ScaledUp" : "ScaledDown",
                    "replicas " + prev.replicas() + " → " + next.replicas(),
                    detail("replicas", prev.replicas(), next.replicas())));
        }
    }

    private static void config(Snapshot prev, ResourceRecord next, List<Fault> out) {
        String before = Values.text(prev.spec(), "data_hash");
        String now = Values.text(next.spec(), "data_hash");
        if (differ(before, now)) {
            out.add(change(SignalType.CHANGE_CONFIG, next, "DataChanged",
                    next.ref().kind() + " " + next.ref().name() + " data " + before + " → " + now,
                    detail("data_hash", before, now)));
        }
    }

    /**
     * A cordon ({@code unschedulable} false → true; the agent writes it only when true, so absence is false) or a
     * new {@code NoSchedule}/{@code NoExecute} taint. Taints are compared only when the previous record carried a
     * spec summary at all: an agent that writes none says nothing about taints.
     */
    private static void node(Snapshot prev, ResourceRecord next, List<Fault> out) {
        boolean was = Boolean.TRUE.equals(Values.bool(prev.status(), "unschedulable"));
        if (!was && Boolean.TRUE.equals(Values.bool(next.status(), "unschedulable"))) {
            out.add(change(SignalType.CHANGE_NODE, next, "Cordoned", "node unschedulable false → true",
                    detail("unschedulable", false, true)));
        }
        if (prev.spec().isEmpty() || next.spec().isEmpty()) {
            return;
        }
        List<String> before = orEmpty(Values.strings(prev.spec(), "taints"));
        List<String> added = orEmpty(Values.strings(next.spec(), "taints")).stream()
                .filter(t -> !before.contains(t))
                .filter(t -> t.endsWith(":NoSchedule") || t.endsWith(":NoExecute")).sorted().toList();
        if (!added.isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("added", added);
            out.add(change(SignalType.CHANGE_NODE, next, "Tainted", "node tainted " + String.join(", ", added), d));
        }
    }

    private static void policy(Snapshot prev, ResourceRecord next, List<Fault> out) {
        String before = Values.text(prev.spec(), "hash");
        String now = Values.text(next.spec(), "hash");
        if (differ(before, now)) {
            out.add(change(SignalType.CHANGE_POLICY, next, "PolicyChanged",
                    "NetworkPolicy " + next.ref().name() + " " + before + " → " + now, detail("hash", before, now)));
        }
    }

    /** True when the record's {@code spec.created_at} is at most {@link #NEW_WITHIN_MS} before its {@code at}. */
    static boolean justCreated(ResourceRecord r) {
        String created = Values.text(r.spec(), "created_at");
        if (created == null || r.at() == null) {
            return false;
        }
        try {
            return Instant.parse(created).toEpochMilli() >= r.at().toEpochMilli() - NEW_WITHIN_MS;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Both known and not equal: an absent value is unknown, not a change. */
    private static boolean differ(Object before, Object now) {
        return before != null && now != null && !Objects.equals(before, now);
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static Map<String, Object> detail(String field, Object before, Object now) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (before != null) {
            d.put("old_" + field, before);
        }
        if (now != null) {
            d.put("new_" + field, now);
        }
        return d;
    }

    private static Fault change(SignalType type, ResourceRecord r, String reason, String message,
                                Map<String, Object> detail) {
        return Fault.of(type, r.ref(), reason, message, Severity.INFO, detail);
    }
}
