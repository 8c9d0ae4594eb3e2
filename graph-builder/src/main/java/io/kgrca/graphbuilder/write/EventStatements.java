package io.kgrca.graphbuilder.write;

import io.kgrca.graphbuilder.store.TenantTx;
import org.neo4j.driver.Record;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the batch's events, new ones and updates apart. One read finds which event ids exist; a new event is a
 * plain {@code CREATE} of the node with its properties and its {@code ABOUT} relationship (no lock-taking
 * {@code MERGE}, no per-property {@code CASE}); only an update of a stored event merges monotonically: first-seen
 * only moves earlier, last-seen and count only grow, and the text is the one of the latest occurrence, so replays
 * and out-of-order updates of an aggregated event never regress it.
 *
 * <p>The existence read and the writes run in the same transaction, and a tenant's events are written by its one
 * worker, so no other writer creates them in between; if one did, the uniqueness constraint would refuse the batch
 * and the batch would be retried in halves like any refused batch.
 */
final class EventStatements {

    private static final String EXISTING = """
            UNWIND $ids AS id
            MATCH (e:Signal {tenant: $tenant, id: id})
            WHERE e:Event
            RETURN e.id AS id
            """;

    /** New events, grouped by resource: one seek per resource, then one node and one relationship per event. */
    private static final String CREATE_EVENTS = """
            UNWIND $groups AS g
            MATCH (r:Resource {tenant: $tenant, id: g.rid})
            UNWIND g.rows AS row
            CREATE (e:Signal:Event {tenant: $tenant, id: row.id, first_seen: row.first_seen,
                                    last_seen: row.last_seen, count: row.count, reason: row.reason,
                                    message: row.message, severity: row.severity, type: row.type,
                                    abnormal: row.abnormal, abstract_type: row.abstract_type, etype: row.etype,
                                    resource_id: g.rid})
            CREATE (e)-[:ABOUT {tenant: $tenant}]->(r)
            """;

    /** Updates of stored events; returns the stored state of the abnormal ones the batch may link. */
    private static final String UPDATE_EVENTS = """
            UNWIND $rows AS row
            MATCH (r:Resource {tenant: $tenant, id: row.resource.id})
            MATCH (e:Signal {tenant: $tenant, id: row.id})
            WHERE e:Event
            WITH r, e, row, (e.last_seen IS NULL OR row.last_seen >= e.last_seen) AS newer
            SET e.first_seen = CASE WHEN e.first_seen IS NULL OR row.first_seen < e.first_seen
                                    THEN row.first_seen ELSE e.first_seen END,
                e.last_seen = CASE WHEN newer THEN row.last_seen ELSE e.last_seen END,
                e.count = CASE WHEN e.count IS NULL OR row.count > e.count THEN row.count ELSE e.count END,
                e.reason = CASE WHEN newer THEN row.reason ELSE e.reason END,
                e.message = CASE WHEN newer THEN row.message ELSE e.message END,
                e.severity = CASE WHEN newer THEN row.severity ELSE e.severity END,
                e.type = CASE WHEN newer THEN row.type ELSE e.type END,
                e.abnormal = CASE WHEN newer THEN row.abnormal ELSE e.abnormal END,
                e.abstract_type = row.abstract_type, e.etype = row.etype, e.resource_id = row.resource.id
            MERGE (e)-[:ABOUT {tenant: $tenant}]->(r)
            WITH e, r, row WHERE row.abnormal AND e.abnormal
            RETURN e.id AS id, e.type AS type, r.id AS rid, e.first_seen AS first, e.last_seen AS last,
                   r:Node AS isNode
            """;

    private EventStatements() {
    }

    /** Writes the events (after the resources they are about exist). */
    @SuppressWarnings("unchecked")
    static void write(TenantTx tx, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Set<String> existing = new HashSet<>();
        for (Record r : tx.query(EXISTING, Map.of("ids", rows.stream().map(r -> r.get("id")).toList()))) {
            existing.add(r.get("id").asString());
        }
        List<Map<String, Object>> updates = new ArrayList<>();
        Map<String, List<Map<String, Object>>> created = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            if (existing.contains((String) row.get("id"))) {
                updates.add(row);
                continue;
            }
            Map<String, Object> resource = (Map<String, Object>) row.get("resource");
            String rid = (String) resource.get("id");
            created.computeIfAbsent(rid, k -> new ArrayList<>()).add(row);
        }
        if (!created.isEmpty()) {
            List<Map<String, Object>> groups = new ArrayList<>();
            created.forEach((rid, group) -> groups.add(Map.of("rid", rid, "rows", group)));
            tx.update(CREATE_EVENTS, Map.of("groups", groups));
        }
        if (!updates.isEmpty()) {
            tx.update(UPDATE_EVENTS, Map.of("rows", updates));
        }
    }
}
