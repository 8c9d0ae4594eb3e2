package io.kgrca.graphbuilder.write;

import io.kgrca.graphbuilder.rca.IncidentGrouper;
import io.kgrca.graphbuilder.store.TenantTx;
import org.neo4j.driver.Record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the incident membership of signals and applies {@link IncidentGrouper.Change}s. */
final class IncidentStatements {

    private static final String READ_MEMBERS = """
            UNWIND $ids AS sid
            MATCH (s:Signal {tenant: $tenant, id: sid})
            WHERE s.abnormal
            OPTIONAL MATCH (s)-[:PART_OF]->(i:Incident)
            RETURN s.id AS id, s.first_seen AS first, i.id AS iid, i.anchor_id AS anchor,
                   i.anchor_first AS anchorFirst, coalesce(i.aliases, []) AS aliases
            """;

    private static final String APPLY = """
            UNWIND $changes AS ch
            MERGE (i:Incident {tenant: $tenant, id: ch.id})
            SET i.anchor_id = ch.anchor, i.anchor_first = ch.anchorFirst, i.aliases = ch.aliases
            WITH i, ch
            CALL (i, ch) {
              UNWIND ch.absorb AS oldId
              MATCH (old:Incident {tenant: $tenant, id: oldId})
              SET i.first_seen = CASE WHEN i.first_seen IS NULL OR old.first_seen < i.first_seen
                                      THEN old.first_seen ELSE i.first_seen END,
                  i.last_seen = CASE WHEN i.last_seen IS NULL OR old.last_seen > i.last_seen
                                     THEN old.last_seen ELSE i.last_seen END
              WITH old
              MATCH (m:Signal)-[p:PART_OF]->(old)
              MERGE (m)-[:PART_OF {tenant: $tenant}]->(i)
              DELETE p
            }
            CALL (i, ch) {
              UNWIND ch.absorb AS oldId
              MATCH (old:Incident {tenant: $tenant, id: oldId})
              DETACH DELETE old
            }
            CALL (i, ch) {
              UNWIND ch.attach AS sid
              MATCH (m:Signal {tenant: $tenant, id: sid})
              OPTIONAL MATCH (m)-[p:PART_OF]->(other:Incident)
              WHERE other.id <> ch.id
              DELETE p
              MERGE (m)-[:PART_OF {tenant: $tenant}]->(i)
            }
            """;

    /**
     * Members' first-seen only moves earlier and last-seen only later, and members leave an incident only when it
     * is absorbed (whose bounds are merged then), so the bounds are kept incrementally from the batch's members;
     * the size is the PART_OF degree, which Neo4j keeps. No batch re-reads a whole incident.
     */
    private static final String REFRESH = """
            UNWIND $ids AS sid
            MATCH (s:Signal {tenant: $tenant, id: sid})-[:PART_OF]->(i:Incident)
            WITH i, min(s.first_seen) AS first, max(s.last_seen) AS last
            SET i.first_seen = CASE WHEN i.first_seen IS NULL OR first < i.first_seen THEN first ELSE i.first_seen END,
                i.last_seen = CASE WHEN i.last_seen IS NULL OR last > i.last_seen THEN last ELSE i.last_seen END,
                i.size = COUNT { (i)<-[:PART_OF]-() }
            """;

    private IncidentStatements() {
    }

    /** The members and incidents of the given signals (only abnormal ones have incidents). */
    static void read(TenantTx tx, List<String> ids, List<IncidentGrouper.Member> members,
                     List<IncidentGrouper.Incident> incidents) {
        if (ids.isEmpty()) {
            return;
        }
        Map<String, IncidentGrouper.Incident> seen = new LinkedHashMap<>();
        for (Record r : tx.query(READ_MEMBERS, Map.of("ids", ids))) {
            String incident = r.get("iid").isNull() ? null : r.get("iid").asString();
            members.add(new IncidentGrouper.Member(r.get("id").asString(), r.get("first").asLong(0), incident));
            if (incident != null && !seen.containsKey(incident)) {
                seen.put(incident, new IncidentGrouper.Incident(incident, r.get("anchor").asString(incident),
                        r.get("anchorFirst").asLong(0), r.get("aliases").asList(v -> v.asString())));
            }
        }
        incidents.addAll(seen.values());
    }

    /** Applies the changes; returns how many incidents were created. */
    static int apply(TenantTx tx, List<IncidentGrouper.Change> changes) {
        if (changes.isEmpty()) {
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (IncidentGrouper.Change c : changes) {
            rows.add(Map.of("id", c.incidentId(), "anchor", c.anchorId(), "anchorFirst", c.anchorFirst(),
                    "attach", c.attach(), "absorb", c.absorb(), "aliases", c.aliases()));
        }
        return tx.update(APPLY, Map.of("changes", rows)).nodesCreated();
    }

    /** Recomputes first/last seen and size of the incidents of the given signals. */
    static void refresh(TenantTx tx, List<String> ids) {
        if (!ids.isEmpty()) {
            tx.update(REFRESH, Map.of("ids", ids));
        }
    }
}
