package io.kgrca.graphbuilder.write;

import io.kgrca.graphbuilder.store.TenantTx;
import org.neo4j.driver.Record;

import io.kgrca.graphbuilder.mapping.BatchPlan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Placeholders of the resources signals name, log templates, the log watermarks and inferred dependencies (events
 * are {@link EventStatements}).
 *
 * <p>A log template counts its occurrences idempotently in two ways. A watermark per {@code <topic>/<partition>}
 * (a {@code Watermark} node, written in the same transaction) holds the highest log offset already applied, so a
 * batch that is re-delivered after a crash between the Neo4j commit and the Kafka commit counts nothing twice. And
 * the template remembers the ids of its last {@code recentIds} occurrences, so a record produced twice upstream (a
 * normalizer's own at-least-once replay) is counted once while it is among them.
 */
final class SignalStatements {

    /**
     * The resources the batch's signals are about, created as placeholders when missing. A statement of its own,
     * once per distinct resource: setting a kind label computed per row in the signal statements would make Neo4j
     * materialise every row between their clauses (Eager).
     */
    private static final String ENSURE_RESOURCES = "UNWIND $rows AS row\n"
            + TopologyStatements.mergeResource("r", "row");

    private static final String UPSERT_LOGS = """
            UNWIND $rows AS row
            MATCH (r:Resource {tenant: $tenant, id: row.resource.id})
            MERGE (t:Signal:LogTemplate {tenant: $tenant, id: row.id})
              ON CREATE SET t.count = 0, t.recent_ids = []
            WITH r, t, row, (t.last_seen IS NULL OR row.last_seen >= t.last_seen) AS newer,
                 [o IN row.occurrences WHERE o.offset > coalesce($watermarks[o.src], -1)
                                         AND NOT o.log_id IN t.recent_ids] AS fresh
            SET t.count = t.count + size(fresh),
                t.recent_ids = (t.recent_ids + [o IN fresh | o.log_id])[-$recentIds..],
                t.first_seen = CASE WHEN t.first_seen IS NULL OR row.first_seen < t.first_seen
                                    THEN row.first_seen ELSE t.first_seen END,
                t.last_seen = CASE WHEN newer THEN row.last_seen ELSE t.last_seen END,
                t.template_id = row.template_id,
                t.template = CASE WHEN newer THEN row.template ELSE t.template END,
                t.message = CASE WHEN newer THEN row.message ELSE t.message END,
                t.severity = CASE WHEN newer THEN row.severity ELSE t.severity END,
                t.error_type = coalesce(row.error_type, t.error_type),
                t.container = coalesce(row.container, t.container),
                t.type = CASE WHEN t.type IS NULL OR t.type = 'NORMAL' THEN row.type ELSE t.type END,
                t.abnormal = coalesce(t.abnormal, false) OR row.abnormal,
                t.resource_id = row.resource.id
            SET t.reason = t.type
            MERGE (t)-[:ABOUT {tenant: $tenant}]->(r)
            WITH t, r, row WHERE row.abnormal AND t.abnormal
            RETURN t.id AS id, t.type AS type, r.id AS rid, t.first_seen AS first, t.last_seen AS last,
                   r:Node AS isNode
            """;

    private static final String READ_WATERMARKS = """
            MATCH (w:Watermark {tenant: $tenant}) WHERE w.id IN $ids
            RETURN w.id AS id, w.offset AS offset
            """;

    private static final String WRITE_WATERMARKS = """
            UNWIND $rows AS row
            MERGE (w:Watermark {tenant: $tenant, id: row.id})
            SET w.offset = CASE WHEN w.offset IS NULL OR row.offset > w.offset THEN row.offset ELSE w.offset END
            """;

    private static final String UPSERT_DEPENDENCIES = """
            UNWIND $rows AS row
            MATCH (a:Resource {tenant: $tenant, id: row.from.id})
            MATCH (b:Resource {tenant: $tenant, id: row.to.id})
            MERGE (a)-[d:DEPENDS_ON {tenant: $tenant, id: row.id}]->(b)
              ON CREATE SET d.inferred = true
            """;

    private SignalStatements() {
    }

    /** Creates the placeholders of the resources the plan's signals and dependencies name, when missing. */
    static void ensureResources(TenantTx tx, BatchPlan plan) {
        Map<Object, Map<String, Object>> refs = new LinkedHashMap<>();
        plan.events().forEach(r -> addRef(refs, r.get("resource")));
        plan.logs().forEach(r -> addRef(refs, r.get("resource")));
        plan.dependencies().forEach(r -> {
            addRef(refs, r.get("from"));
            addRef(refs, r.get("to"));
        });
        if (!refs.isEmpty()) {
            tx.update(ENSURE_RESOURCES, Map.of("rows", List.copyOf(refs.values())));
        }
    }

    @SuppressWarnings("unchecked")
    private static void addRef(Map<Object, Map<String, Object>> refs, Object ref) {
        Map<String, Object> r = (Map<String, Object>) ref;
        refs.putIfAbsent(r.get("id"), r);
    }

    /**
     * Writes the templates (after {@link #ensureResources}) and moves the watermarks.
     */
    static void upsertLogs(TenantTx tx, List<Map<String, Object>> rows, Map<String, Long> sources, int recentIds) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Object> watermarks = new HashMap<>();
        for (Record r : tx.query(READ_WATERMARKS, Map.of("ids", List.copyOf(sources.keySet())))) {
            watermarks.put(r.get("id").asString(), r.get("offset").asLong());
        }
        tx.update(UPSERT_LOGS, Map.of("rows", rows, "watermarks", watermarks, "recentIds", recentIds));
        List<Map<String, Object>> marks = sources.entrySet().stream()
                .map(e -> Map.<String, Object>of("id", e.getKey(), "offset", e.getValue())).toList();
        tx.update(WRITE_WATERMARKS, Map.of("rows", marks));
    }

    static void upsertDependencies(TenantTx tx, List<Map<String, Object>> rows) {
        if (!rows.isEmpty()) {
            tx.update(UPSERT_DEPENDENCIES, Map.of("rows", rows));
        }
    }
}
