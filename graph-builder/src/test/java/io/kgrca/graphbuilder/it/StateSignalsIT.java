package io.kgrca.graphbuilder.it;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.write.GraphBatchProcessor;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.kgrca.graphbuilder.it.GraphTestSupport.count;
import static io.kgrca.graphbuilder.it.GraphTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * State and change signals derived from successive resource records, through a real worker on a real broker into a
 * real Neo4j: an OOM kill and restarts, a readiness drop, a node NotReady episode (one signal, extended, closed), an
 * image change, a ConfigMap data change, a new NetworkPolicy, a Pending claim, and a replay that changes nothing.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class StateSignalsIT {

    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
    /** Where the input is split into two rounds: after the node's first two records (ready, then NotReady). */
    private static final int SPLIT = 7;

    private static ResourceRecord record(String kind, String ns, String name, long seconds, String image,
                                         Integer replicas, Map<String, Object> status, Map<String, Object> spec) {
        return new ResourceRecord(Op.UPSERT, T0.plusSeconds(seconds), ResourceRef.of(kind, ns, name), "uid-" + name,
                "c1", Map.of(), null, null, null, image, replicas, status, spec);
    }

    private static Fixtures.Wire wire(TenantId t, ResourceRecord r) {
        return new Fixtures.Wire(Topics.STATE_K8S_RESOURCE, KeyCodec.encode(t, "resource", r.ref().id()),
                JsonCodec.shared().encode(r));
    }

    private static Map<String, Object> container(String state, String reason, Integer exit, int restarts,
                                                 String last) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "api");
        c.put("ready", "running".equals(state));
        c.put("restart_count", restarts);
        c.put("state", state);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (exit != null) {
            c.put("exit_code", exit);
        }
        if (last != null) {
            c.put("last_terminated_reason", last);
        }
        return c;
    }

    private static Map<String, Object> pod(boolean ready, Map<String, Object> container) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("phase", "Running");
        s.put("ready", ready);
        s.put("restarts", container.get("restart_count"));
        s.put("containers", List.of(container));
        return s;
    }

    static List<Fixtures.Wire> input(TenantId t) {
        List<ResourceRecord> r = new ArrayList<>();
        String api = "shop/api:1.4";
        r.add(record("Pod", "shop", "api-1", 0, api, null, pod(true, container("running", null, null, 3, null)), null));
        r.add(record("Pod", "shop", "api-1", 30, api, null,
                pod(false, container("terminated", "OOMKilled", 137, 3, null)), null));
        r.add(record("Pod", "shop", "api-1", 45, api, null,
                pod(true, container("running", null, null, 4, "OOMKilled")), null));
        Map<String, Object> running = container("running", null, null, 0, null);
        r.add(record("Pod", "shop", "web-1", 0, "web:2", null, pod(true, running), null));
        r.add(record("Pod", "shop", "web-1", 50, "web:2", null, pod(false, running), null));
        Map<String, Object> nodeSpec = Map.of("created_at", "2024-01-01T00:00:00Z");
        for (long s : new long[] {0, 60, 90, 120, 200}) {
            r.add(record("Node", "", "n1", s, null, null, Map.of("ready", s == 0 || s == 200), nodeSpec));
        }
        Map<String, Object> healthy = Map.of("ready_replicas", 2, "unavailable_replicas", 0);
        r.add(record("Deployment", "shop", "api", 0, api, 2, healthy, Map.of("template_hash", "a1")));
        r.add(record("Deployment", "shop", "api", 20, "shop/api:1.5", 2, healthy, Map.of("template_hash", "b2")));
        String old = "2025-01-01T00:00:00Z";
        r.add(record("ConfigMap", "shop", "cfg", 0, null, null, Map.of(), Map.of("data_hash", "h1",
                "created_at", old)));
        r.add(record("ConfigMap", "shop", "cfg", 25, null, null, Map.of(), Map.of("data_hash", "h2",
                "created_at", old)));
        r.add(record("NetworkPolicy", "shop", "deny-all", 40, null, null, Map.of(), Map.of("hash", "p1",
                "created_at", T0.plusSeconds(10).toString())));
        r.add(record("PersistentVolumeClaim", "db", "data", 35, null, null, Map.of("phase", "Pending"),
                Map.of("storage_class", "fast")));
        return r.stream().map(x -> wire(t, x)).toList();
    }

    private static long ms(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    private static Map<String, Record> signals(Neo4jServer neo4j, TenantId t) {
        Map<String, Record> out = new TreeMap<>();
        for (Record r : rows(neo4j, """
                MATCH (s:Signal {tenant: $t})-[:ABOUT]->(r:Resource {tenant: $t})
                WHERE s:State OR s:Change
                RETURN s.id AS id, s.type AS type, s.kind AS kind, s.reason AS reason, s.message AS message,
                       s.severity AS severity, s.first_seen AS first, s.last_seen AS last, s.count AS count,
                       s.abnormal AS abnormal, s.change AS change, s.open AS open, s.closed_at AS closed,
                       s.resource_id AS rid, s.detail_json AS detail, r.id AS about, labels(s) AS labels
                """, Map.of("t", t.value()))) {
            out.put(r.get("id").asString(), r);
        }
        return out;
    }

    private static Record one(Map<String, Record> signals, String type, String about) {
        List<Record> of = signals.values().stream().filter(r -> r.get("type").asString().equals(type)
                && r.get("about").asString().equals(about)).toList();
        assertThat(of).as("%s about %s in %s", type, about, signals.keySet()).hasSize(1);
        return of.get(0);
    }

    @Test
    void resourceRecordsBecomeStateAndChangeSignalsAndAReplayChangesNothing(KafkaBroker broker, Neo4jServer neo4j)
            throws Exception {
        WorkerHarness.createTopics(broker);
        TenantId t = TenantId.of("state-" + UUID.randomUUID().toString().substring(0, 6));
        WorkerLauncher.Running worker = WorkerHarness.start(broker, neo4j.boltUri(), t);
        try {
            // In two rounds, the second in the middle of the node's episode: it continues from the stored snapshot.
            List<Fixtures.Wire> input = input(t);
            WorkerHarness.produce(broker, input.subList(0, SPLIT));
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            WorkerHarness.produce(broker, input.subList(SPLIT, input.size()));
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            Map<String, Record> first = signals(neo4j, t);

            Record oom = one(first, "OOM_KILLED", "pod/shop/api-1");
            assertThat(oom.get("id").asString()).isEqualTo("pod/shop/api-1#state:OOM_KILLED@" + ms(30));
            assertThat(oom.get("labels").asList()).contains("Signal", "State");
            assertThat(oom.get("abnormal").asBoolean()).isTrue();
            assertThat(oom.get("change").asBoolean()).isFalse();
            assertThat(oom.get("kind").asString()).isEqualTo("state");
            assertThat(oom.get("reason").asString()).isEqualTo("OOMKilled");
            assertThat(oom.get("rid").asString()).isEqualTo("pod/shop/api-1");
            Record restarted = one(first, "CONTAINER_RESTARTED", "pod/shop/api-1");
            assertThat(restarted.get("message").asString()).isEqualTo("restarts 3 → 4 (last terminated: OOMKilled)");
            assertThat(restarted.get("detail").asString()).contains("\"restarts\":4");

            Record readiness = one(first, "READINESS_FAILED", "pod/shop/web-1");
            assertThat(readiness.get("open").asBoolean()).isTrue();
            assertThat(readiness.get("first").asLong()).isEqualTo(ms(50));

            Record node = one(first, "NODE_NOT_READY", "node//n1");
            assertThat(node.get("id").asString()).isEqualTo("node//n1#state:NODE_NOT_READY@" + ms(60));
            assertThat(node.get("first").asLong()).isEqualTo(ms(60));
            assertThat(node.get("last").asLong()).isEqualTo(ms(120));
            assertThat(node.get("count").asLong()).isEqualTo(3);
            assertThat(node.get("open").asBoolean()).isFalse();
            assertThat(node.get("closed").asLong()).isEqualTo(ms(200));

            Record rollout = one(first, "CHANGE_ROLLOUT", "deployment/shop/api");
            assertThat(rollout.get("labels").asList()).contains("Signal", "Change");
            assertThat(rollout.get("message").asString()).isEqualTo("image shop/api:1.4 → shop/api:1.5");
            assertThat(rollout.get("abnormal").asBoolean()).isFalse();
            assertThat(rollout.get("change").asBoolean()).isTrue();
            assertThat(rollout.get("first").asLong()).isEqualTo(ms(20));
            assertThat(one(first, "CHANGE_CONFIG", "configmap/shop/cfg").get("message").asString())
                    .isEqualTo("ConfigMap cfg data h1 → h2");
            assertThat(one(first, "CHANGE_POLICY", "networkpolicy/shop/deny-all").get("reason").asString())
                    .isEqualTo("Created");
            assertThat(one(first, "CLAIM_PENDING", "persistentvolumeclaim/db/data").get("open").asBoolean()).isTrue();
            assertThat(first).hasSize(9);
            assertThat(count(neo4j, "MATCH (n:Resource {tenant: $t}) WHERE n.open_conditions IS NOT NULL "
                    + "RETURN count(n)", Map.of("t", t.value())))
                    .as("pod api-1 (restarts), web-1, the claim").isEqualTo(3);
            String conditions = fingerprintConditions(neo4j, t);

            WorkerHarness.produce(broker, input(t));
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));

            assertThat(fingerprint(signals(neo4j, t))).isEqualTo(fingerprint(first));
            assertThat(fingerprintConditions(neo4j, t)).isEqualTo(conditions);
        } finally {
            worker.close();
        }
    }

    private static Map<String, Map<String, Object>> fingerprint(Map<String, Record> signals) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        signals.forEach((id, r) -> out.put(id, new TreeMap<>(r.asMap())));
        return out;
    }

    private static String fingerprintConditions(Neo4jServer neo4j, TenantId t) {
        return rows(neo4j, "MATCH (n:Resource {tenant: $t}) RETURN n.id AS id, n.open_conditions AS c, "
                + "n.updated_at AS u ORDER BY id", Map.of("t", t.value())).stream()
                .map(r -> r.get("id").asString() + "=" + r.get("c") + "@" + r.get("u")).toList().toString();
    }

    @Test
    void everyEdgeTypeIsARelationshipOfItsNameAndGoesWithTheResourcesTopology(Neo4jServer neo4j) throws Exception {
        TenantId t = TenantId.of("edges-" + UUID.randomUUID().toString().substring(0, 6));
        TenantGraph graph = GraphTestSupport.open(neo4j, t);
        try (GraphBatchProcessor p = GraphTestSupport.processor(graph, GraphTestSupport.settings(neo4j, Map.of()))) {
            ResourceRef hub = ResourceRef.of("Pod", "shop", "hub");
            List<Fixtures.Wire> edges = new ArrayList<>();
            edges.add(Fixtures.resource(t, "Pod", "shop", "hub"));
            for (EdgeType type : EdgeType.values()) {
                ResourceRef to = ResourceRef.of("Thing", "shop", type.name().toLowerCase(Locale.ROOT));
                edges.add(Fixtures.edge(t, type, hub, to));
            }
            GraphTestSupport.feed(p, edges.toArray(Fixtures.Wire[]::new));
            for (EdgeType type : EdgeType.values()) {
                assertThat(count(neo4j, "MATCH (:Resource {tenant: $t, id: 'pod/shop/hub'})-[r]->(:Resource "
                        + "{tenant: $t}) WHERE type(r) = $type AND r.tenant = $t RETURN count(r)",
                        Map.of("t", t.value(), "type", type.name()))).as(type.name()).isEqualTo(1);
            }

            GraphTestSupport.feed(p, Fixtures.resourceTombstone(t, "Pod", "shop", "hub"));

            assertThat(count(neo4j, "MATCH (:Resource {tenant: $t, id: 'pod/shop/hub'})-[r]-() RETURN count(r)",
                    Map.of("t", t.value()))).isZero();
        }
    }
}
