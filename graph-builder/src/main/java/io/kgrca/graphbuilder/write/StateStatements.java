package io.kgrca.graphbuilder.write;

import io.kgrca.graphbuilder.mapping.BatchPlan;
import io.kgrca.graphbuilder.mapping.NodeRef;
import io.kgrca.graphbuilder.state.DerivedSignal;
import io.kgrca.graphbuilder.state.Snapshot;
import io.kgrca.graphbuilder.state.StateFold;
import io.kgrca.graphbuilder.store.TenantTx;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State and change signals in the batch's transaction: one read of the stored snapshots of the batch's resources
 * (before the resources are written), the pure {@link StateFold} over every resource record of the batch in order,
 * then the open conditions go onto the resource rows and the signals are written as {@code (:Signal:State)} or
 * {@code (:Signal:Change)} nodes {@code ABOUT} their resource, merged by {@code (tenant, id)} monotonically (first
 * seen only earlier, last seen and count only larger, text and open/closed state of the newest version), so that a
 * replay changes nothing.
 */
final class StateStatements {

    private static final String READ_SNAPSHOTS = """
            UNWIND $ids AS id
            MATCH (n:Resource {tenant: $tenant, id: id})
            WHERE NOT coalesce(n.placeholder, false)
            RETURN n.id AS id, n.kind AS kind, n.uid AS uid, n.image AS image, n.replicas AS replicas,
                   n.status_json AS status, n.spec_json AS spec, n.updated_at AS updatedAt,
                   n.open_conditions AS conditions
            """;

    private static final String ENSURE_SUBJECTS = "UNWIND $rows AS row\n"
            + TopologyStatements.mergeResource("r", "row");

    private static final String WRITE_SIGNALS = """
            UNWIND $rows AS row
            MATCH (r:Resource {tenant: $tenant, id: row.resource.id})
            MERGE (s:Signal {tenant: $tenant, id: row.id})
              ON CREATE SET s.first_seen = row.first_seen, s.last_seen = row.last_seen, s.count = row.count,
                            s.observed_at = -1
            WITH r, s, row, row.observed_at >= coalesce(s.observed_at, -1) AS newer
            SET s:$(row.label), s.kind = row.kind, s.type = row.type, s.abnormal = row.abnormal,
                s.change = row.change, s.resource_id = row.resource.id,
                s.first_seen = CASE WHEN row.first_seen < s.first_seen THEN row.first_seen ELSE s.first_seen END,
                s.last_seen = CASE WHEN row.last_seen > s.last_seen THEN row.last_seen ELSE s.last_seen END,
                s.count = CASE WHEN row.count > s.count THEN row.count ELSE s.count END,
                s.reason = CASE WHEN newer THEN row.reason ELSE s.reason END,
                s.message = CASE WHEN newer THEN row.message ELSE s.message END,
                s.severity = CASE WHEN newer THEN row.severity ELSE s.severity END,
                s.detail_json = CASE WHEN newer THEN row.detail_json ELSE s.detail_json END,
                s.open = CASE WHEN newer THEN row.open ELSE s.open END,
                s.closed_at = CASE WHEN newer THEN row.closed_at ELSE s.closed_at END,
                s.observed_at = CASE WHEN newer THEN row.observed_at ELSE s.observed_at END
            MERGE (s)-[:ABOUT {tenant: $tenant}]->(r)
            """;

    private StateStatements() {
    }

    /** Reads the stored snapshots of the batch's resources (one statement) and derives the batch's signals. */
    static StateFold.Outcome derive(TenantTx tx, BatchPlan plan) {
        if (plan.resourceChanges().isEmpty()) {
            return new StateFold.Outcome(List.of(), Map.of(), Map.of());
        }
        List<String> ids = plan.resourceChanges().stream().map(StateFold.Change::id).distinct().toList();
        Map<String, Snapshot> stored = new HashMap<>();
        for (Record r : tx.query(READ_SNAPSHOTS, Map.of("ids", ids))) {
            stored.put(r.get("id").asString(), Snapshot.fromStored(text(r.get("kind")), text(r.get("uid")),
                    text(r.get("image")), r.get("replicas").isNull() ? null : r.get("replicas").asLong(),
                    text(r.get("status")), text(r.get("spec")),
                    r.get("updatedAt").isNull() ? null : r.get("updatedAt").asLong(), text(r.get("conditions"))));
        }
        return StateFold.fold(stored, plan.resourceChanges());
    }

    /** The plan's resource rows with the open conditions the fold left on each resource. */
    static List<Map<String, Object>> withConditions(List<Map<String, Object>> rows, StateFold.Outcome state) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> copy = new LinkedHashMap<>(row);
            copy.put("open_conditions", state.conditions().get((String) row.get("id")));
            out.add(copy);
        }
        return out;
    }

    /** Writes the derived signals; returns how many rows were written. */
    static int write(TenantTx tx, StateFold.Outcome state) {
        if (state.signals().isEmpty()) {
            return 0;
        }
        Map<String, Map<String, Object>> subjects = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DerivedSignal s : state.signals()) {
            Map<String, Object> ref = NodeRef.of(s.subject()).params();
            subjects.putIfAbsent(s.subject().id(), ref);
            rows.add(s.row(ref));
        }
        tx.update(ENSURE_SUBJECTS, Map.of("rows", List.copyOf(subjects.values())));
        tx.update(WRITE_SIGNALS, Map.of("rows", rows));
        return rows.size();
    }

    private static String text(Value v) {
        return v == null || v.isNull() ? null : v.asString();
    }
}
