package io.kgrca.graphbuilder.analysis;

import io.kgrca.graphbuilder.signal.SignalType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts signals on the resource they are really about before linking. Pure.
 * <ul>
 *   <li>A kernel OOM kill reported on a node (an event or a journal line of the node) is about the pod whose
 *       process was killed: the pod whose uid the line names (a {@code pod<uid>} cgroup path), else the one pod of
 *       that node whose container was OOM-killed or restarted around the same time, else the pod of that node
 *       whose container or name the killed process is named after. Unattributed, it stays on the node.</li>
 *   <li>A pod whose node is NotReady gets a {@code NodeNotReady} event of its own; it is the node's victim, a
 *       readiness failure of the pod, not a second failing node.</li>
 *   <li>The first ReplicaSet of a workload created at the same time (within {@link #NEW_WORKLOAD_MILLIS}) is the
 *       workload's creation, not a rollout of a changed template: its "new ReplicaSet" change is dropped.</li>
 * </ul>
 */
public final class Triage {

    /** How far apart a node's OOM report and a pod's OOM or restart may be to belong together. */
    static final long OOM_MATCH_MILLIS = 180_000;
    /** A ReplicaSet created this close to its owner is the owner's first. */
    static final long NEW_WORKLOAD_MILLIS = 120_000;
    private static final Pattern POD_UID = Pattern.compile(
            "pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})");
    private static final Pattern PROCESS = Pattern.compile("killed process \\d+ \\(([^)]+)\\)");

    private Triage() {
    }

    /** The facts with their resources and types corrected, and creations that are no change dropped. */
    public static List<Fact> apply(List<Fact> facts, Evidence evidence) {
        Map<String, List<String>> podsOnNode = new HashMap<>();
        for (Relation r : evidence.relations()) {
            if ("RUNS_ON".equals(r.type())) {
                podsOnNode.computeIfAbsent(r.to(), k -> new ArrayList<>()).add(r.from());
            }
        }
        podsOnNode.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        Map<String, String> ownerOf = new HashMap<>();
        for (Relation r : evidence.relations()) {
            if ("CONTROLS".equals(r.type())) {
                ownerOf.put(r.to(), r.from());
            }
        }
        Map<String, List<Fact>> byResource = new HashMap<>();
        facts.forEach(f -> byResource.computeIfAbsent(f.resourceId(), k -> new ArrayList<>()).add(f));
        List<Fact> out = new ArrayList<>(facts.size());
        for (Fact f : facts) {
            Resource r = evidence.resource(f.resourceId());
            if (f.type() == SignalType.CHANGE_ROLLOUT && firstOfNewWorkload(r, ownerOf.get(r.id()), evidence)) {
                continue;
            }
            if (r.isNode() && f.type() == SignalType.OOM_KILLED) {
                String pod = oomVictim(f, podsOnNode.getOrDefault(r.id(), List.of()), evidence, byResource);
                out.add(pod == null ? f : f.moved(pod, "kernel OOM report on " + r.id() + " attributed to " + pod));
            } else if (!r.isNode() && f.type() == SignalType.NODE_NOT_READY) {
                out.add(f.retyped(SignalType.READINESS_FAILED, "pod of a NotReady node: a victim of the node"));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean firstOfNewWorkload(Resource replicaSet, String owner, Evidence evidence) {
        if (!"replicaset".equals(replicaSet.kind()) || owner == null || replicaSet.createdAt() == null) {
            return false;
        }
        Long ownerCreated = evidence.resource(owner).createdAt();
        return ownerCreated != null && Math.abs(replicaSet.createdAt() - ownerCreated) <= NEW_WORKLOAD_MILLIS;
    }

    private static String oomVictim(Fact f, List<String> pods, Evidence evidence, Map<String, List<Fact>> facts) {
        String text = f.message() == null ? "" : f.message().toLowerCase(Locale.ROOT);
        Matcher uid = POD_UID.matcher(text);
        if (uid.find()) {
            String wanted = uid.group(1).replace('_', '-');
            for (String pod : pods) {
                if (wanted.equals(evidence.resource(pod).uid())) {
                    return pod;
                }
            }
        }
        List<String> nearby = new ArrayList<>();
        for (String pod : pods) {
            for (Fact g : facts.getOrDefault(pod, List.of())) {
                boolean related = g.type() == SignalType.OOM_KILLED || g.type() == SignalType.CONTAINER_RESTARTED
                        || g.type() == SignalType.CONTAINER_FAILED;
                if (related && Math.abs(g.first() - f.first()) <= OOM_MATCH_MILLIS) {
                    nearby.add(pod);
                    break;
                }
            }
        }
        if (nearby.size() == 1) {
            return nearby.get(0);
        }
        Matcher process = PROCESS.matcher(text);
        if (process.find()) {
            String name = process.group(1);
            List<String> named = (nearby.isEmpty() ? pods : nearby).stream()
                    .filter(p -> evidence.resource(p).name().startsWith(name) || name.startsWith(
                            evidence.resource(p).name().split("-")[0]))
                    .toList();
            if (named.size() == 1) {
                return named.get(0);
            }
        }
        return nearby.isEmpty() ? null : nearby.get(0);
    }
}
