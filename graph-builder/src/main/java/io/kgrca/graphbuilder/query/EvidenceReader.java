package io.kgrca.graphbuilder.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.analysis.Evidence;
import io.kgrca.graphbuilder.analysis.Fact;
import io.kgrca.graphbuilder.analysis.Relation;
import io.kgrca.graphbuilder.analysis.Resource;
import io.kgrca.graphbuilder.analysis.SignalKind;
import io.kgrca.graphbuilder.signal.CausalValues;
import io.kgrca.graphbuilder.signal.SignalClassifier;
import io.kgrca.graphbuilder.signal.SignalType;
import io.kgrca.graphbuilder.store.TenantTx;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads what one analysis needs from a tenant's graph in one read transaction: the abnormal signals and changes
 * active in a time range, and the tenant's resources and topology. Events and log templates are classified again
 * from their stored reason, message, severity and error class, so that better classification applies to signals
 * stored before it; state and change signals keep their stored type.
 */
final class EvidenceReader {

    private static final String LATEST = """
            MATCH (s:Signal)
            WHERE s.tenant = $tenant AND s.last_seen IS NOT NULL AND (s.abnormal OR s.change = true OR s.type STARTS WITH 'CHANGE_')
            RETURN s.last_seen AS last ORDER BY s.last_seen DESC LIMIT 1
            """;
    private static final String SIGNALS = """
            MATCH (s:Signal)
            WHERE s.tenant = $tenant AND s.last_seen >= $from AND s.first_seen <= $to
              AND (s.abnormal OR s.change = true OR s.type STARTS WITH 'CHANGE_')
            RETURN s.id AS id, labels(s) AS labels, s.type AS type, s.resource_id AS rid, s.first_seen AS first,
                   s.last_seen AS last, s.count AS count, s.severity AS severity, s.reason AS reason,
                   s.message AS message, s.error_type AS errorType, s.abstract_type AS abstractType
            ORDER BY s.last_seen DESC, s.id LIMIT $max
            """;
    private static final String RESOURCES = """
            MATCH (r:Resource)
            WHERE r.tenant = $tenant
            RETURN r.id AS id, r.kind AS kind, r.namespace AS ns, r.name AS name, r.uid AS uid, r.pod_ip AS ip,
                   r.spec_json AS spec, r.node AS node, r.labels_kv AS labels, coalesce(r.deleted, false) AS deleted
            LIMIT $max
            """;
    private static final String RELATIONS = """
            MATCH (a:Resource)-[e]->(b:Resource)
            WHERE a.tenant = $tenant AND type(e) IN $types
            RETURN a.id AS from, type(e) AS type, b.id AS to
            LIMIT $max
            """;
    static final List<String> TOPOLOGY = List.of("RUNS_ON", "CONTROLS", "SELECTS", "DEPENDS_ON", "MOUNTS",
            "BOUND_TO", "ENDPOINT_OF", "ROUTES_TO", "SCALES", "APPLIES_TO", "EXPOSES");

    private EvidenceReader() {
    }

    /** The last time an abnormal signal or a change was active, or null when there is none. */
    static Long latest(TenantTx tx) {
        List<Record> r = tx.query(LATEST, Map.of());
        return r.isEmpty() || r.get(0).get("last").isNull() ? null : r.get(0).get("last").asLong();
    }

    /** The evidence of {@code [from, to]}, at most {@code maxSignals} signals (the most recent). */
    static Evidence read(TenantTx tx, long from, long to, int maxSignals, int maxResources) {
        List<Record> rows = tx.query(SIGNALS, Map.of("from", from, "to", to, "max", maxSignals + 1));
        boolean truncated = rows.size() > maxSignals;
        List<Fact> facts = new ArrayList<>();
        for (Record r : rows.subList(0, Math.min(maxSignals, rows.size()))) {
            facts.add(fact(r));
        }
        Map<String, Resource> resources = new HashMap<>();
        List<Record> resourceRows = tx.query(RESOURCES, Map.of("max", maxResources));
        for (Record r : resourceRows) {
            Resource res = resource(r);
            resources.put(res.id(), res);
        }
        List<Relation> relations = new ArrayList<>();
        for (Record r : tx.query(RELATIONS, Map.of("types", TOPOLOGY, "max", maxResources * 20))) {
            relations.add(new Relation(r.get("from").asString(), r.get("type").asString(), r.get("to").asString()));
        }
        relations.addAll(DeletedTopology.restore(resourceRows.stream().map(EvidenceReader::placement).toList(),
                relations));
        return new Evidence(facts, resources, relations, truncated);
    }

    static Fact fact(Record r) {
        List<String> labels = r.get("labels").asList(Value::asString);
        SignalKind kind = labels.contains("LogTemplate") ? SignalKind.LOG
                : labels.contains("Change") ? SignalKind.CHANGE
                : labels.contains("State") ? SignalKind.STATE : SignalKind.EVENT;
        Severity severity = severity(r.get("severity").asString(null));
        String message = r.get("message").asString(null);
        String reason = r.get("reason").asString(null);
        String errorType = r.get("errorType").asString(null);
        SignalType stored = CausalValues.typeOf(r.get("type").asString(null));
        SignalType type = switch (kind) {
            case EVENT -> SignalClassifier.classifyEvent(reason, r.get("abstractType").asString(null), message,
                    severity);
            case LOG -> SignalClassifier.classifyLog(errorType, message, severity);
            case STATE, CHANGE, INFERRED -> stored;
        };
        long first = r.get("first").asLong(0);
        return new Fact(r.get("id").asString(), kind, type, r.get("rid").asString(""), first,
                Math.max(first, r.get("last").asLong(first)), r.get("count").isNull() ? 1 : r.get("count").asLong(1),
                severity, kind == SignalKind.LOG && reason == null ? type.name() : reason, message, errorType, null);
    }

    private static DeletedTopology.Placement placement(Record r) {
        Map<String, String> selector = new HashMap<>();
        String spec = r.get("spec").asString(null);
        if (spec != null && spec.contains("selector")) {
            try {
                JsonCodec.shared().mapper().readTree(spec).path("selector").fields()
                        .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
            } catch (JsonProcessingException | RuntimeException e) {
                // No selector can be read: the resource selects nothing.
            }
        }
        return new DeletedTopology.Placement(r.get("id").asString(), r.get("ns").asString(""),
                r.get("node").asString(null), r.get("labels").asList(Value::asString, List.of()), selector,
                r.get("deleted").asBoolean(false));
    }

    private static Resource resource(Record r) {
        String id = r.get("id").asString();
        String kind = r.get("kind").asString(null);
        Resource fallback = Resource.of(id);
        String ip = r.get("ip").asString(null);
        Set<Integer> ports = new HashSet<>();
        List<String> envHosts = new ArrayList<>();
        Long createdAt = null;
        String spec = r.get("spec").asString(null);
        if (spec != null) {
            try {
                JsonNode s = JsonCodec.shared().mapper().readTree(spec);
                s.path("ports").forEach(p -> {
                    if (p.path("port").canConvertToInt()) {
                        ports.add(p.path("port").asInt());
                    }
                });
                if (ip == null && s.hasNonNull("cluster_ip")) {
                    ip = s.get("cluster_ip").asText();
                }
                s.path("env_hosts").forEach(h -> envHosts.add(h.asText()));
                if (s.hasNonNull("created_at")) {
                    createdAt = Instant.parse(s.get("created_at").asText()).toEpochMilli();
                }
            } catch (JsonProcessingException | RuntimeException e) {
                // A spec that does not parse names nothing; the resource still counts.
            }
        }
        return new Resource(id, kind == null ? fallback.kind() : kind.toLowerCase(Locale.ROOT),
                r.get("ns").asString(fallback.namespace()), r.get("name").asString(fallback.name()),
                r.get("uid").asString(null), ip, ports, envHosts, createdAt);
    }

    private static Severity severity(String name) {
        if (name == null) {
            return Severity.WARNING;
        }
        try {
            return Severity.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Severity.WARNING;
        }
    }
}
