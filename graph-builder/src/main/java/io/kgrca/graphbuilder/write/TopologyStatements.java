package io.kgrca.graphbuilder.write;

import io.kgrca.common.model.EdgeType;
import io.kgrca.graphbuilder.store.TenantTx;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Resources and topology edges. Endpoints that do not exist yet become placeholder resources (an edge or an event
 * can arrive before the state of what it names); the resource's own state fills them in. Deleting a resource
 * removes its topology and leaves a {@code deleted} stub: the history of what happened to it keeps its subject,
 * and edges older than the deletion cannot revive its topology; stubs nothing refers to are swept after a
 * retention.
 */
final class TopologyStatements {

    /** Creates a placeholder resource from {@code <var>} parameters when it is missing. */
    static String mergeResource(String var, String source) {
        return "MERGE (" + var + ":Resource {tenant: $tenant, id: " + source + ".id})\n"
                + "  ON CREATE SET " + var + ".placeholder = true, " + var + ".deleted = false, "
                + var + ".kind = " + source + ".kind, " + var + ".namespace = " + source + ".namespace, "
                + var + ".name = " + source + ".name, " + var + ":$(" + source + ".labels)\n";
    }

    /**
     * Resource state only moves forward: a record older than the stored one (a late or replayed record) leaves the
     * state as it is. The open conditions are always the state fold's, which already ignored such records.
     */
    private static final String UPSERT_RESOURCES = """
            UNWIND $rows AS row
            MERGE (n:Resource {tenant: $tenant, id: row.id})
            SET n.open_conditions = row.open_conditions
            WITH n, row
            WHERE n.updated_at IS NULL OR row.updated_at IS NULL OR row.updated_at >= n.updated_at
               OR coalesce(n.placeholder, false)
            SET n.kind = row.kind, n.namespace = row.namespace, n.name = row.name, n.uid = row.uid,
                n.cluster = row.cluster, n.labels_kv = row.labels_kv, n.node = row.node, n.pod_ip = row.pod_ip,
                n.image = row.image, n.replicas = row.replicas, n.status_json = row.status_json,
                n.spec_json = row.spec_json, n.updated_at = row.updated_at, n.placeholder = false,
                n.deleted = false, n.deleted_at = null, n:$(row.labels)
            """;

    /** Every topology relationship type: the agent's edge types and the inferred {@code DEPENDS_ON}. */
    static final List<String> TOPOLOGY_TYPES = Stream.concat(Arrays.stream(EdgeType.values()).map(EdgeType::name),
            Stream.of("DEPENDS_ON")).toList();

    private static final String DETACH_TOPOLOGY = "UNWIND $rows AS row\n"
            + "MATCH (n:Resource {tenant: $tenant, id: row.id})\n"
            + "OPTIONAL MATCH (n)-[t:" + String.join("|", TOPOLOGY_TYPES) + "]-()\n"
            + "DELETE t\n";

    private static final String MARK_DELETED = """
            UNWIND $rows AS row
            MATCH (n:Resource {tenant: $tenant, id: row.id})
            SET n.deleted = true, n.open_conditions = null,
                n.deleted_at = CASE WHEN n.deleted_at IS NULL OR row.at > n.deleted_at THEN row.at ELSE n.deleted_at END
            """;

    /** Stubs of deleted resources that nothing refers to any more, once their retention is over. */
    private static final String SWEEP_STUBS = """
            MATCH (n:Resource {tenant: $tenant})
            WHERE n.deleted_at < $before AND NOT EXISTS { (n)--() }
            WITH n LIMIT $limit
            DELETE n
            """;

    /** Stubs swept per batch at most, so that a backlog never makes one transaction large. */
    static final int SWEEP_LIMIT = 500;

    private TopologyStatements() {
    }

    static int upsertResources(TenantTx tx, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        tx.update(UPSERT_RESOURCES, Map.of("rows", rows));
        return rows.size();
    }

    /**
     * Deletes the topology of the given resources and marks them deleted, stamped with the deletion's time. The
     * node stays as a stub for {@code retention}: an edge replayed from the topology topic after the deletion (the
     * two topics are not ordered with each other) and stamped no later than it is then recognised as stale instead
     * of bringing the topology back. Stubs nothing refers to are swept once their retention is over.
     */
    static void deleteResources(TenantTx tx, List<Map<String, Object>> rows, Duration retention) {
        if (rows.isEmpty()) {
            return;
        }
        tx.update(DETACH_TOPOLOGY, Map.of("rows", rows));
        tx.update(MARK_DELETED, Map.of("rows", rows));
        long newest = rows.stream().mapToLong(r -> (long) r.get("at")).max().orElse(0L);
        tx.update(SWEEP_STUBS, Map.of("before", newest - retention.toMillis(), "limit", SWEEP_LIMIT));
    }

    /** Writes edges; returns the ends of the edges that did not exist before, whose signals may now link. */
    static List<String> upsertEdges(TenantTx tx, EdgeType type, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        String cypher = "UNWIND $rows AS row\n" + mergeResource("a", "row.from") + mergeResource("b", "row.to")
                + "WITH a, b, row WHERE NOT " + staleFor("a") + " AND NOT " + staleFor("b") + "\n"
                + "WITH a, b, row, EXISTS { (a)-[:" + type.name() + " {tenant: $tenant, id: row.id}]->(b) } AS known\n"
                + "MERGE (a)-[r:" + type.name() + " {tenant: $tenant, id: row.id}]->(b)\n"
                + "SET r.updated_at = row.updated_at\n"
                + "WITH a, b, known WHERE NOT known\n"
                + "UNWIND [a.id, b.id] AS end\n"
                + "RETURN DISTINCT end\n";
        return tx.query(cypher, Map.of("rows", rows)).stream().map(r -> r.get("end").asString()).toList();
    }

    /** True when {@code var} was deleted at or after the edge row's time: the edge is older than the deletion. */
    private static String staleFor(String var) {
        return "coalesce(" + var + ".deleted_at >= row.at, false)";
    }

    static int deleteEdges(TenantTx tx, EdgeType type, List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        String cypher = "UNWIND $ids AS id\n"
                + "MATCH (a:Resource)-[r:" + type.name() + " {tenant: $tenant, id: id}]->(b:Resource)\n"
                + "DELETE r\n"
                + "WITH a, b UNWIND [a, b] AS n\n"
                + "WITH DISTINCT n WHERE n.placeholder = true AND NOT EXISTS { (n)--() }\n"
                + "DELETE n\n";
        return tx.update(cypher, Map.of("ids", ids)).relationshipsDeleted();
    }
}
