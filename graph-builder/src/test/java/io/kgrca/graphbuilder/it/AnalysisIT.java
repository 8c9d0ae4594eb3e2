package io.kgrca.graphbuilder.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query-time analysis through a real graph-builder worker, a real Kafka broker and a real Neo4j: each test
 * feeds one small fault through the topics and asks the worker's HTTP API. One mechanism per test: dependency edges
 * from log lines and from the environment, the onset of a quietly degrading dependency, a change (a new
 * NetworkPolicy, derived from its resource record) reaching callers through the pods it selects, incidents that merge
 * when a late cause arrives in another batch, and the API's shape.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class AnalysisIT {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @BeforeAll
    static void topics(KafkaBroker broker) {
        WorkerHarness.createTopics(broker);
    }

    private static TenantId tenant(String prefix) {
        return TenantId.of(prefix + "-" + UUID.randomUUID().toString().substring(0, 6));
    }

    private static Fixtures.Wire resource(TenantId t, String kind, String ns, String name, Map<String, Object> spec) {
        ResourceRef ref = ResourceRef.of(kind, ns, name);
        ResourceRecord r = new ResourceRecord(Op.UPSERT, T0.minusSeconds(600), ref, "uid-" + name, "c1",
                Map.of("app", name), null, kind.equals("Pod") ? "n1" : null, null, null, null, Map.of(), spec);
        return Fixtures.raw(Topics.STATE_K8S_RESOURCE, KeyCodec.encodeToString(t, "resource", ref.id()),
                JsonCodec.shared().encodeToString(r));
    }

    /** A service {@code name} selecting one pod {@code name-1} on node n1. */
    private static List<Fixtures.Wire> service(TenantId t, String ns, String name, List<String> envHosts) {
        ResourceRef svc = ResourceRef.of("Service", ns, name);
        ResourceRef pod = ResourceRef.of("Pod", ns, name + "-1");
        List<Fixtures.Wire> out = new ArrayList<>();
        out.add(resource(t, "Service", ns, name, Map.of("type", "ClusterIP", "ports", List.of(Map.of("port", 80)))));
        out.add(resource(t, "Pod", ns, name + "-1", envHosts.isEmpty() ? Map.of() : Map.of("env_hosts", envHosts)));
        out.add(Fixtures.edge(t, EdgeType.SELECTS, svc, pod));
        out.add(Fixtures.edge(t, EdgeType.RUNS_ON, pod, ResourceRef.of("Node", "", "n1")));
        return out;
    }

    private static JsonNode get(WorkerLauncher.Running w, String path) throws Exception {
        HttpResponse<String> r = WorkerHarness.get(w.httpPort(), path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JsonCodec.shared().mapper().readTree(r.body());
    }

    private static JsonNode mainIncident(WorkerLauncher.Running w) throws Exception {
        JsonNode list = get(w, "/rca/incidents");
        assertThat(list.path("incidents").size()).as(list.toPrettyString()).isGreaterThanOrEqualTo(1);
        JsonNode first = list.path("incidents").get(0);
        assertThat(first.path("main").asBoolean()).isTrue();
        return get(w, "/rca/incidents/" + first.path("id").asText());
    }

    @Test
    void aCallerNamingItsDependencyByHostAndPortLinksToTheDependencysQuietDegradation(KafkaBroker broker,
                                                                                       Neo4jServer neo4j)
            throws Exception {
        TenantId t = tenant("an-log");
        List<Fixtures.Wire> wires = new ArrayList<>(service(t, "shop", "orders", List.of()));
        wires.addAll(service(t, "shop", "pgmain", List.of()));
        ResourceRef caller = ResourceRef.of("Pod", "shop", "orders-1");
        ResourceRef db = ResourceRef.of("Pod", "shop", "pgmain-1");
        // The database only logs slow statements at LOG level first; its refusals come after the callers' timeouts.
        wires.add(Fixtures.log(t, "l1", db, T0, Severity.INFO, null, "tslow",
                "duration: 5234.117 ms  statement: SELECT * FROM orders WHERE id = 42"));
        wires.add(Fixtures.log(t, "l2", caller, T0.plusSeconds(30), Severity.ERROR, null, "ttimeout",
                "query to pgmain:5432 timed out after 5000ms"));
        wires.add(Fixtures.log(t, "l3", db, T0.plusSeconds(90), Severity.ERROR, null, "tclients",
                "FATAL: sorry, too many clients already"));
        try (WorkerLauncher.Running w = WorkerHarness.start(broker, neo4j.boltUri(), t)) {
            WorkerHarness.produce(broker, wires);
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            JsonNode answer = mainIncident(w);
            JsonNode top = answer.path("root_causes").get(0);
            assertThat(top.path("signal").path("id").asText()).isEqualTo("pod/shop/pgmain-1#tslow");
            assertThat(answer.path("members").size()).isEqualTo(3);
            assertThat(answer.toString()).contains("log names pgmain:5432");
            assertThat(answer.path("range").path("to").asText()).isNotEmpty();
        }
    }

    @Test
    void aServiceNamedInTheCallersEnvironmentIsADependency(KafkaBroker broker, Neo4jServer neo4j) throws Exception {
        TenantId t = tenant("an-env");
        List<Fixtures.Wire> wires = new ArrayList<>(service(t, "pay", "gateway", List.of("ledger:8443")));
        wires.addAll(service(t, "pay", "ledger", List.of()));
        wires.add(Fixtures.event(t, "oom", "OOMKilled", Severity.ERROR, ResourceRef.of("Pod", "pay", "ledger-1"),
                T0, "Container ledger was OOMKilled"));
        // The caller's error names no host: only its environment ties it to the ledger.
        wires.add(Fixtures.log(t, "g1", ResourceRef.of("Pod", "pay", "gateway-1"), T0.plusSeconds(20),
                Severity.ERROR, null, "t503", "upstream returned 503 Service Unavailable"));
        try (WorkerLauncher.Running w = WorkerHarness.start(broker, neo4j.boltUri(), t)) {
            WorkerHarness.produce(broker, wires);
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            JsonNode answer = mainIncident(w);
            assertThat(answer.path("root_causes").get(0).path("signal").path("id").asText()).isEqualTo("oom");
            assertThat(answer.path("members").size()).isEqualTo(2);
            assertThat(answer.toString()).contains("env names ledger:8443");
        }
    }

    @Test
    void aCauseArrivingLaterInAnotherBatchJoinsTheIncidentAndLeadsIt(KafkaBroker broker, Neo4jServer neo4j)
            throws Exception {
        TenantId t = tenant("an-late");
        List<Fixtures.Wire> state = new ArrayList<>(service(t, "web", "front", List.of()));
        state.addAll(service(t, "web", "cart", List.of()));
        ResourceRef front = ResourceRef.of("Pod", "web", "front-1");
        ResourceRef cart = ResourceRef.of("Pod", "web", "cart-1");
        try (WorkerLauncher.Running w = WorkerHarness.start(broker, neo4j.boltUri(), t)) {
            WorkerHarness.produce(broker, state);
            WorkerHarness.produce(broker, List.of(Fixtures.log(t, "f1", front, T0.plusSeconds(15), Severity.ERROR,
                    null, "trefused", "dial tcp cart:8080: connect: connection refused")));
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            JsonNode before = get(w, "/rca/incidents?include_quiet=true");
            assertThat(before.path("incidents").size()).isEqualTo(1);
            WorkerHarness.produce(broker, List.of(
                    Fixtures.event(t, "crash", "BackOff", Severity.WARNING, cart, T0, T0.plusSeconds(60), 4,
                            "Back-off restarting failed container"),
                    Fixtures.event(t, "oom", "OOMKilled", Severity.ERROR, cart, T0.minusSeconds(5),
                            "Container cart was OOMKilled")));
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            JsonNode list = get(w, "/rca/incidents");
            assertThat(list.path("incidents").size()).as(list.toPrettyString()).isEqualTo(1);
            JsonNode incident = list.path("incidents").get(0);
            assertThat(incident.path("size").asInt()).isEqualTo(3);
            assertThat(incident.path("anchor").asText()).isEqualTo("oom");
            assertThat(incident.path("top_cause").path("id").asText()).isEqualTo("oom");
            JsonNode forSymptom = get(w, "/rca/root-causes?signal=" + WorkerHarness.enc("pod/web/front-1#trefused"));
            assertThat(forSymptom.path("root_causes").get(0).path("signal").path("id").asText()).isEqualTo("oom");
            assertThat(forSymptom.path("target").path("id").asText()).isEqualTo("pod/web/front-1#trefused");
        }
    }

    @Test
    void aNewNetworkPolicyIsTheCauseOfTheTimeoutsOfTheCallersOfThePodsItSelects(KafkaBroker broker,
                                                                             Neo4jServer neo4j) throws Exception {
        TenantId t = tenant("an-policy");
        List<Fixtures.Wire> wires = new ArrayList<>(service(t, "shop", "checkout", List.of()));
        wires.addAll(service(t, "shop", "ledger", List.of()));
        ResourceRef policy = ResourceRef.of("NetworkPolicy", "shop", "deny-ledger");
        ResourceRecord created = new ResourceRecord(Op.UPSERT, T0, policy, "uid-np", "c1", Map.of(), null, null, null,
                null, null, Map.of(), Map.of("created_at", T0.minusSeconds(20).toString(), "hash", "1a2b3c4d"));
        wires.add(Fixtures.raw(Topics.STATE_K8S_RESOURCE, KeyCodec.encodeToString(t, "resource", policy.id()),
                JsonCodec.shared().encodeToString(created)));
        wires.add(Fixtures.edge(t, EdgeType.APPLIES_TO, policy, ResourceRef.of("Pod", "shop", "ledger-1")));
        ResourceRef caller = ResourceRef.of("Pod", "shop", "checkout-1");
        wires.add(Fixtures.log(t, "c1", caller, T0.plusSeconds(30), Severity.ERROR, null, "tto1",
                "POST http://ledger:8080/entries: dial tcp: i/o timeout"));
        wires.add(Fixtures.log(t, "c2", caller, T0.plusSeconds(45), Severity.ERROR, null, "tto2",
                "request to ledger.shop.svc.cluster.local timed out after 5s"));
        try (WorkerLauncher.Running w = WorkerHarness.start(broker, neo4j.boltUri(), t)) {
            WorkerHarness.produce(broker, wires);
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            JsonNode answer = mainIncident(w);
            JsonNode top = answer.path("root_causes").get(0).path("signal");
            assertThat(top.path("kind").asText()).as(answer.toPrettyString()).isEqualTo("change");
            assertThat(top.path("type").asText()).isEqualTo("CHANGE_POLICY");
            assertThat(top.path("resource").asText()).isEqualTo(policy.id());
            assertThat(answer.toString()).contains("POLICY: " + policy.id() + " APPLIES_TO pod/shop/ledger-1");
            assertThat(answer.path("changes_before").toString()).contains(policy.id());
        }
    }

    @Test
    void badParametersAreRefusedAndUnknownIncidentsAreNotFound(KafkaBroker broker, Neo4jServer neo4j)
            throws Exception {
        TenantId t = tenant("an-api");
        try (WorkerLauncher.Running w = WorkerHarness.start(broker, neo4j.boltUri(), t)) {
            assertThat(WorkerHarness.get(w.httpPort(), "/rca/incidents?from=yesterday").statusCode()).isEqualTo(400);
            assertThat(WorkerHarness.get(w.httpPort(), "/rca/incidents?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z")
                    .statusCode()).isEqualTo(400);
            assertThat(WorkerHarness.get(w.httpPort(), "/rca/incidents/inc-0000000000000000").statusCode())
                    .isEqualTo(404);
            JsonNode empty = get(w, "/rca/incidents?from=1700000000000&to=1700003600000");
            assertThat(empty.path("incidents").size()).isZero();
            assertThat(empty.path("range").path("from").asText()).isEqualTo("2023-11-14T22:13:20Z");
        }
    }
}
