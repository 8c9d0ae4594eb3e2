package io.kgrca.graphbuilder.write;

import io.kgrca.graphbuilder.rca.Candidate;
import io.kgrca.graphbuilder.rca.CausalLinker;
import io.kgrca.graphbuilder.rca.CausalLink;
import io.kgrca.graphbuilder.rca.SignalWindow;
import io.kgrca.graphbuilder.signal.SignalType;
import io.kgrca.graphbuilder.store.TenantTx;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import io.kgrca.graphbuilder.rca.Neighbourhood;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds causal candidates around the batch's abnormal signals and writes the links the linker chose.
 *
 * <p>Candidates are found topology first: the resources within {@code maxHops} of the signal's resource (over
 * {@code RUNS_ON}, {@code CONTROLS}, {@code SELECTS} and the inferred {@code DEPENDS_ON}, in either direction,
 * including the resource itself at distance 0), then the abnormal signals about them whose activity lies within
 * the window of the signal's, earlier or later. So a cause that arrives after its effect is found when it arrives.
 *
 * <p>The topology is read one level at a time with simple statements and the distances are computed by
 * {@link Neighbourhood}: a single variable-length Cypher pattern did the same, but Neo4j 5.26 spent seconds of
 * CPU planning it on every cold start.
 */
final class CausalStatements {

    /** Candidates per signal, nearest first: bounds the work around hubs such as a node with many pods. */
    static final int MAX_CANDIDATES = 100;

    /**
     * Writes the links from seeks on both ends. A pair's direction may flip when later updates move an onset: the
     * link of the old direction goes in the same statement (earlier, a statement of its own whose anonymous ends
     * Neo4j 5.26 planned as a scan of every signal of the database per link).
     */
    private static final String WRITE_LINKS = """
            UNWIND $links AS l
            MATCH (c:Signal {tenant: $tenant, id: l.cause})
            MATCH (e:Signal {tenant: $tenant, id: l.effect})
            OPTIONAL MATCH (e)-[back:POTENTIAL_CAUSE]->(c)
            DELETE back
            MERGE (c)-[p:POTENTIAL_CAUSE {tenant: $tenant}]->(e)
            SET p.confidence = l.confidence, p.temporal_score = l.temporal, p.distance_score = l.distance,
                p.domain_score = l.domain, p.hops = l.hops
            """;

    private CausalStatements() {
    }

    private static final String SUBJECTS = """
            UNWIND $ids AS sid
            MATCH (s:Signal {tenant: $tenant, id: sid})-[:ABOUT]->(r:Resource)
            WHERE s.abnormal
            RETURN s.id AS id, s.type AS type, r.id AS rid, s.first_seen AS first, s.last_seen AS last,
                   r:Node AS isNode
            """;

    private static final String EXPAND = """
            UNWIND $ids AS rid
            MATCH (r:Resource {tenant: $tenant, id: rid})-[:RUNS_ON|CONTROLS|SELECTS|DEPENDS_ON]-(n:Resource)
            RETURN rid, collect(DISTINCT [n.id, n:Node]) AS next
            """;

    /**
     * The abnormal signals of a resource active within a time window: a seek on the {@code (tenant, resource_id,
     * last_seen)} index, so the cost depends on the window, not on the resource's history.
     */
    private static final String SIGNALS_ABOUT = """
            UNWIND $rows AS row
            CALL (row) {
              MATCH (c:Signal)
              USING INDEX c:Signal(tenant, resource_id, last_seen)
              WHERE c.tenant = $tenant AND c.resource_id = row.rid AND c.last_seen >= row.from
                AND c.first_seen <= row.to AND c.abnormal
              RETURN c ORDER BY c.last_seen DESC LIMIT $perResource
            }
            RETURN row.rid AS rid, c.id AS id, c.type AS type, c.first_seen AS first, c.last_seen AS last
            """;

    /** Abnormal signals read per resource at most, the most recent first. */
    static final int PER_RESOURCE = 50;

    /** Adds the abnormal signals among {@code signalIds}, as stored, to {@code out}. */
    static void subjects(TenantTx tx, List<String> signalIds, Subjects out) {
        if (!signalIds.isEmpty()) {
            out.addAll(tx.query(SUBJECTS, Map.of("ids", signalIds)));
        }
    }

    /**
     * The candidates around {@code subjectSignals}: the abnormal signals about resources within {@code maxHops}
     * whose activity lies within {@code windowMillis} of the subject's, at most {@link #MAX_CANDIDATES} per subject.
     */
    static List<Candidate> candidates(TenantTx tx, Subjects subjectSignals, int maxHops, long windowMillis) {
        if (subjectSignals.isEmpty()) {
            return List.of();
        }
        List<SignalWindow> subjects = subjectSignals.windows();
        Neighbourhood topology = new Neighbourhood();
        for (SignalWindow s : subjects) {
            if (subjectSignals.onNode(s.resourceId())) {
                topology.markNode(s.resourceId());
            }
        }
        boolean throughNodes = subjects.stream().anyMatch(s -> CausalLinker.isNodeLevel(s.type()));
        expand(tx, topology, subjects.stream().map(SignalWindow::resourceId).collect(Collectors.toSet()), maxHops,
                throughNodes);
        Map<SignalWindow, Map<String, Neighbourhood.Distance>> reach = new LinkedHashMap<>();
        Map<String, long[]> windows = new HashMap<>();
        for (SignalWindow s : subjects) {
            Map<String, Neighbourhood.Distance> d = topology.from(s.resourceId(), maxHops);
            if (!CausalLinker.isNodeLevel(s.type())) {
                // Resources only co-located on a node matter for node-level causes alone (see CausalLinker).
                d.values().removeIf(x -> x.direct() == null);
            }
            reach.put(s, d);
            for (String rid : d.keySet()) {
                long[] w = windows.computeIfAbsent(rid, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                w[0] = Math.min(w[0], s.firstSeen() - windowMillis);
                w[1] = Math.max(w[1], s.lastSeen() + windowMillis);
            }
        }
        Map<String, List<SignalWindow>> about = signalsAbout(tx, windows);
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<SignalWindow, Map<String, Neighbourhood.Distance>> e : reach.entrySet()) {
            out.addAll(nearest(e.getKey(), e.getValue(), about, windowMillis));
        }
        return out;
    }

    /** Reads the adjacency level by level; a node's pods are read only when {@code throughNodes} or it is a start. */
    private static void expand(TenantTx tx, Neighbourhood topology, Set<String> start, int maxHops,
                               boolean throughNodes) {
        Set<String> frontier = new HashSet<>(start);
        Set<String> nodes = new HashSet<>();
        for (int level = 0; level < maxHops && !frontier.isEmpty(); level++) {
            boolean first = level == 0;
            List<String> ids = frontier.stream().filter(id -> !topology.expanded(id))
                    .filter(id -> first || throughNodes || !nodes.contains(id)).toList();
            Set<String> next = new HashSet<>();
            Map<String, List<Neighbourhood.Neighbour>> found = new HashMap<>();
            ids.forEach(id -> found.put(id, new ArrayList<>()));
            if (!ids.isEmpty()) {
                for (Record r : tx.query(EXPAND, Map.of("ids", ids))) {
                    for (Value pair : r.get("next").values()) {
                        Neighbourhood.Neighbour n = new Neighbourhood.Neighbour(pair.get(0).asString(),
                                pair.get(1).asBoolean(false));
                        found.get(r.get("rid").asString()).add(n);
                        next.add(n.id());
                        if (n.isNode()) {
                            nodes.add(n.id());
                        }
                    }
                }
            }
            found.forEach(topology::add);
            frontier = next;
        }
    }

    private static Map<String, List<SignalWindow>> signalsAbout(TenantTx tx, Map<String, long[]> windows) {
        List<Map<String, Object>> rows = new ArrayList<>();
        windows.forEach((rid, w) -> rows.add(Map.of("rid", rid, "from", w[0], "to", w[1])));
        Map<String, List<SignalWindow>> about = new HashMap<>();
        for (Record r : tx.query(SIGNALS_ABOUT, Map.of("rows", rows, "perResource", PER_RESOURCE))) {
            about.computeIfAbsent(r.get("rid").asString(), k -> new ArrayList<>())
                    .add(window(r.get("id"), r.get("type"), r.get("rid"), r.get("first"), r.get("last")));
        }
        return about;
    }

    private static List<Candidate> nearest(SignalWindow s, Map<String, Neighbourhood.Distance> reach,
                                           Map<String, List<SignalWindow>> about, long windowMillis) {
        List<Candidate> found = new ArrayList<>();
        reach.forEach((rid, d) -> {
            for (SignalWindow c : about.getOrDefault(rid, List.of())) {
                if (!c.id().equals(s.id()) && c.firstSeen() <= s.lastSeen() + windowMillis
                        && s.firstSeen() <= c.lastSeen() + windowMillis) {
                    found.add(new Candidate(s, c, d.hops(), d.direct()));
                }
            }
        });
        found.sort(Comparator.comparingInt(Candidate::hops)
                .thenComparingLong(c -> Math.abs(c.other().firstSeen() - s.firstSeen())));
        return found.size() > MAX_CANDIDATES ? found.subList(0, MAX_CANDIDATES) : found;
    }

    static int writeLinks(TenantTx tx, List<CausalLink> links) {
        if (links.isEmpty()) {
            return 0;
        }
        List<Map<String, Object>> rows = links.stream().map(l -> Map.<String, Object>of(
                "cause", l.causeId(), "effect", l.effectId(), "confidence", l.confidence(),
                "temporal", l.temporal(), "distance", l.distance(), "domain", l.domain(), "hops", l.hops())).toList();
        return tx.update(WRITE_LINKS, Map.of("links", rows)).relationshipsCreated();
    }

    static SignalWindow window(Value id, Value type, Value resource, Value first, Value last) {
        return new SignalWindow(id.asString(), typeOf(type), resource.asString(""), first.asLong(0),
                last.asLong(0));
    }

    static SignalType typeOf(Value v) {
        return CausalValues.typeOf(v.isNull() ? null : v.asString());
    }
}
