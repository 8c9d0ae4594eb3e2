package io.kgrca.graphbuilder.query;

import io.kgrca.graphbuilder.analysis.Relation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology a deleted pod had. A resource tombstone removes the resource's relationships from the graph (so a
 * late edge cannot revive them), but its stub keeps its node and labels; an analysis of the time before the
 * deletion needs the pod on its node and behind its services again (an evicted pod of a failed node). Pure.
 */
final class DeletedTopology {

    /**
     * What a resource row says about placement.
     *
     * @param id        resource id
     * @param namespace namespace
     * @param node      the node a pod ran on, or null
     * @param labels    {@code key=value} labels
     * @param selector  a service's selector (empty otherwise)
     * @param deleted   true for the stub of a deleted resource
     */
    record Placement(String id, String namespace, String node, List<String> labels, Map<String, String> selector,
                     boolean deleted) {
    }

    private DeletedTopology() {
    }

    /** {@code RUNS_ON} and {@code SELECTS} of deleted pods that the stored relations no longer hold. */
    static List<Relation> restore(List<Placement> rows, List<Relation> stored) {
        Set<String> present = new HashSet<>();
        stored.forEach(r -> present.add(r.from() + "|" + r.type() + "|" + r.to()));
        Map<String, List<Placement>> servicesByNamespace = new HashMap<>();
        for (Placement p : rows) {
            if (p.id().startsWith("service/") && !p.selector().isEmpty()) {
                servicesByNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Relation> out = new ArrayList<>();
        for (Placement p : rows) {
            if (!p.deleted() || !p.id().startsWith("pod/")) {
                continue;
            }
            if (p.node() != null && !p.node().isBlank()) {
                add(out, present, new Relation(p.id(), "RUNS_ON", "node//" + p.node()));
            }
            Set<String> labels = new HashSet<>(p.labels());
            for (Placement svc : servicesByNamespace.getOrDefault(p.namespace(), List.of())) {
                boolean selects = svc.selector().entrySet().stream()
                        .allMatch(e -> labels.contains(e.getKey() + "=" + e.getValue()));
                if (selects) {
                    add(out, present, new Relation(svc.id(), "SELECTS", p.id()));
                }
            }
        }
        return out;
    }

    private static void add(List<Relation> out, Set<String> present, Relation r) {
        if (present.add(r.from() + "|" + r.type() + "|" + r.to())) {
            out.add(r);
        }
    }
}
