package io.kgrca.graphbuilder.query;

import io.kgrca.graphbuilder.rca.CausalLink;
import io.kgrca.graphbuilder.rca.RootCauseRanker;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.store.TenantTx;
import io.kgrca.graphbuilder.write.GraphHandle;
import org.neo4j.driver.Record;
import org.neo4j.driver.types.Node;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answers root-cause questions about the tenant's graph: the recent incidents, and for an incident or a single
 * signal the ranked candidate root causes with the path that explains each. Reads the causal subgraph (the
 * incident's members and the links among them) and ranks it with {@link RootCauseRanker}.
 */
public final class RcaService {

    /** Members read per incident at most; the earliest are kept. */
    static final int MAX_MEMBERS = 2000;

    // The tenant's incidents are read through the (tenant, last_seen) index, never by scanning every tenant's.
    private static final String INCIDENTS = """
            MATCH (i:Incident)
            WHERE i.tenant = $tenant AND i.last_seen IS NOT NULL AND i.size >= $minSize
            RETURN i ORDER BY i.last_seen DESC, i.id LIMIT $limit
            """;
    private static final String FIND_INCIDENT = """
            MATCH (i:Incident {tenant: $tenant, id: $id})
            RETURN i
            """;
    private static final String FIND_ALIAS = """
            MATCH (i:Incident)
            WHERE i.tenant = $tenant AND i.last_seen IS NOT NULL AND $id IN i.aliases
            RETURN i LIMIT 1
            """;
    private static final String FIND_SIGNAL = """
            MATCH (s:Signal {tenant: $tenant, id: $id})
            OPTIONAL MATCH (s)-[:PART_OF]->(i:Incident)
            RETURN s, i
            """;
    private static final String MEMBERS = """
            MATCH (m:Signal)-[:PART_OF]->(i:Incident {tenant: $tenant, id: $id})
            RETURN m ORDER BY m.first_seen, m.id LIMIT $max
            """;
    private static final String LINKS = """
            MATCH (c:Signal {tenant: $tenant})-[l:POTENTIAL_CAUSE]->(e:Signal {tenant: $tenant})
            WHERE c.id IN $ids AND e.id IN $ids
            RETURN c.id AS cause, e.id AS effect, l.confidence AS confidence, l.temporal_score AS temporal,
                   l.distance_score AS distance, l.domain_score AS domain, l.hops AS hops
            """;

    private final GraphHandle graph;
    private final RootCauseRanker ranker = new RootCauseRanker();

    /** A service reading {@code graph}. */
    public RcaService(GraphHandle graph) {
        this.graph = graph;
    }

    /** The most recently active incidents with at least {@code minSize} members. */
    public List<IncidentSummary> incidents(int limit, int minSize) throws GraphUnavailableException,
            GraphRejectedException {
        return open().read(tx -> tx.query(INCIDENTS, Map.of("limit", limit, "minSize", minSize)).stream()
                .map(r -> IncidentSummary.of(r.get("i").asNode())).toList());
    }

    /** The ranked root causes of an incident, found by its id or a former id. */
    public Optional<RcaAnswer> incident(String id, int limit) throws GraphUnavailableException,
            GraphRejectedException {
        return open().read(tx -> {
            List<Record> found = tx.query(FIND_INCIDENT, Map.of("id", id));
            if (found.isEmpty()) {
                found = tx.query(FIND_ALIAS, Map.of("id", id));
            }
            if (found.isEmpty()) {
                return Optional.empty();
            }
            IncidentSummary incident = IncidentSummary.of(found.get(0).get("i").asNode());
            Map<String, SignalDetails> members = members(tx, incident.id());
            return Optional.of(answer(tx, incident, null, members, members.keySet(), limit));
        });
    }

    /** The ranked root causes of one signal (an event id or a log template id). */
    public Optional<RcaAnswer> signal(String id, int limit) throws GraphUnavailableException, GraphRejectedException {
        return open().read(tx -> {
            List<Record> found = tx.query(FIND_SIGNAL, Map.of("id", id));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            SignalDetails target = SignalDetails.of(found.get(0).get("s").asNode());
            Map<String, SignalDetails> members = new LinkedHashMap<>();
            IncidentSummary incident = null;
            if (!found.get(0).get("i").isNull()) {
                incident = IncidentSummary.of(found.get(0).get("i").asNode());
                members.putAll(members(tx, incident.id()));
            }
            members.put(target.id(), target);
            return Optional.of(answer(tx, incident, target, members, Set.of(target.id()), limit));
        });
    }

    private RcaAnswer answer(TenantTx tx, IncidentSummary incident, SignalDetails target,
                             Map<String, SignalDetails> members, Set<String> targets, int limit) {
        List<CausalLink> links = links(tx, members.keySet());
        List<RootCauseRanker.RankedCause> ranked = ranker.rank(
                members.values().stream().map(SignalDetails::window).toList(), links, targets, limit);
        List<RcaAnswer.Cause> causes = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            RootCauseRanker.RankedCause r = ranked.get(i);
            List<RcaAnswer.Step> path = new ArrayList<>();
            for (int s = 0; s < r.path().size(); s++) {
                Double confidence = s < r.pathLinks().size() ? r.pathLinks().get(s).confidence() : null;
                Integer hops = s < r.pathLinks().size() ? r.pathLinks().get(s).hops() : null;
                path.add(new RcaAnswer.Step(members.get(r.path().get(s)), confidence, hops));
            }
            causes.add(new RcaAnswer.Cause(i + 1, r.score(), r.explanation(), r.rootness(), r.explains(),
                    members.get(r.signal().id()), path));
        }
        return new RcaAnswer(tx.tenant().value(), Instant.now(), incident, target, links.size(), causes);
    }

    private static Map<String, SignalDetails> members(TenantTx tx, String incidentId) {
        Map<String, SignalDetails> members = new LinkedHashMap<>();
        for (Record r : tx.query(MEMBERS, Map.of("id", incidentId, "max", MAX_MEMBERS))) {
            Node n = r.get("m").asNode();
            SignalDetails d = SignalDetails.of(n);
            members.put(d.id(), d);
        }
        return members;
    }

    private static List<CausalLink> links(TenantTx tx, Set<String> ids) {
        if (ids.size() < 2) {
            return List.of();
        }
        return tx.query(LINKS, Map.of("ids", List.copyOf(ids))).stream()
                .map(r -> new CausalLink(r.get("cause").asString(), r.get("effect").asString(),
                        r.get("confidence").asDouble(0), r.get("temporal").asDouble(0), r.get("distance").asDouble(0),
                        r.get("domain").asDouble(0), r.get("hops").asInt(0)))
                .collect(Collectors.toList());
    }

    private TenantGraph open() throws GraphUnavailableException {
        return graph.get();
    }
}
