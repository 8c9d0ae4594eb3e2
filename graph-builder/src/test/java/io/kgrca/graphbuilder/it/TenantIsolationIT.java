package io.kgrca.graphbuilder.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.DeadLetterPublisher;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.scenario.Scenario;
import io.kgrca.graphbuilder.scenario.ScenarioStream;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.kgrca.graphbuilder.it.GraphTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two tenants with identical clusters (both have {@code kube-system/coredns}, the same node names, the same event
 * ids), fed through the same topics to their own workers: two disjoint graphs in the shared Community database.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class TenantIsolationIT {

    @Test
    void tenantsWithIdenticalResourceNamesGetDisjointGraphsAndAnswers(KafkaBroker broker, Neo4jServer neo4j)
            throws Exception {
        WorkerHarness.createTopics(broker);
        String run = UUID.randomUUID().toString().substring(0, 6);
        TenantId a = TenantId.of("iso-a-" + run);
        TenantId b = TenantId.of("iso-b-" + run);
        Scenario dns = Scenario.load("08-dns-failure.json");
        ScenarioStream streamA = new ScenarioStream(dns, a);
        ScenarioStream streamB = new ScenarioStream(dns, b);
        ResourceRef coredns = ResourceRef.of("Pod", "kube-system", "coredns-5d78c-a");
        Fixtures.Wire onlyB = Fixtures.event(b, "only-in-b", "OOMKilled", Severity.ERROR, coredns,
                ScenarioStream.BASE.minusSeconds(5), "Container coredns was OOMKilled");
        Fixtures.Wire foreignPayload = Fixtures.raw(Topics.STATE_K8S_RESOURCE,
                a.value() + "::resource::pod/kube-system/intruder", "{\"client_id\":\"" + b.value()
                        + "\",\"op\":\"UPSERT\",\"ref\":{\"kind\":\"Pod\",\"namespace\":\"kube-system\","
                        + "\"name\":\"intruder\"}}");

        List<WorkerLauncher.Running> workers = new ArrayList<>();
        try {
            workers.add(WorkerHarness.start(broker, neo4j.boltUri(), a));
            workers.add(WorkerHarness.start(broker, neo4j.boltUri(), b));
            List<Fixtures.Wire> all = new ArrayList<>(streamA.state());
            all.addAll(streamB.state());
            all.addAll(streamA.signals());
            all.addAll(streamB.signals());
            all.add(onlyB);
            all.add(foreignPayload);
            WorkerHarness.produce(broker, all);
            WorkerHarness.awaitCaughtUp(broker, a, Duration.ofMinutes(2));
            WorkerHarness.awaitCaughtUp(broker, b, Duration.ofMinutes(2));
            long signalsA = streamA.eventIds().size() + streamA.templateIds().size();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                    signals(neo4j, a) == signalsA && signals(neo4j, b) == signalsA + 1);

            Map<String, Object> both = Map.of("a", a.value(), "b", b.value());
            assertThat(count(neo4j, "MATCH (r:Resource {tenant: $a}) RETURN count(r)", both))
                    .isEqualTo(count(neo4j, "MATCH (r:Resource {tenant: $b}) RETURN count(r)", both))
                    .isEqualTo(streamA.state().stream().filter(w -> w.topic().equals(Topics.STATE_K8S_RESOURCE))
                            .count());
            assertThat(count(neo4j, "MATCH (n:Resource {id: 'deployment/kube-system/coredns'}) "
                    + "WHERE n.tenant IN [$a, $b] RETURN count(DISTINCT elementId(n))", both)).isEqualTo(2);
            assertThat(count(neo4j, "MATCH (x)-[r]-(y) WHERE x.tenant IN [$a, $b] "
                    + "AND (y.tenant <> x.tenant OR r.tenant IS NULL OR r.tenant <> x.tenant) RETURN count(r)", both))
                    .as("relationships that cross tenants or carry none").isZero();
            assertThat(count(neo4j, "MATCH (x) WHERE x.tenant IN [$a, $b] AND x.tenant IS NULL RETURN count(x)",
                    both)).isZero();
            assertThat(count(neo4j, "MATCH (r:Resource {id: 'pod/kube-system/intruder'}) RETURN count(r)", both))
                    .as("a payload naming another tenant is written nowhere").isZero();

            JsonNode answerA = json(workers.get(0), "/rca/root-causes?signal=" + WorkerHarness.enc(dns.symptom()));
            JsonNode answerB = json(workers.get(1), "/rca/root-causes?signal=" + WorkerHarness.enc(dns.symptom()));
            assertThat(answerA.path("tenant").asText()).isEqualTo(a.value());
            assertThat(ids(answerA)).doesNotContain("only-in-b");
            assertThat(ids(answerA).get(0)).isIn(dns.rootCauses());
            assertThat(ids(answerB).subList(0, 3)).as("B's own extra cause is among its top candidates")
                    .contains("only-in-b");
            assertThat(WorkerHarness.get(workers.get(0).httpPort(), "/rca/root-causes?signal=only-in-b")
                    .statusCode()).isEqualTo(404);

            List<ConsumerRecord<byte[], byte[]>> dead = broker.readAll(Topics.DLQ_NORMALIZED, Duration.ofSeconds(30))
                    .stream().filter(r -> header(r, DeadLetterPublisher.TENANT).equals(a.value())).toList();
            assertThat(dead).singleElement().satisfies(r ->
                    assertThat(header(r, DeadLetterPublisher.REASON)).isEqualTo("tenant-mismatch"));
            assertThat(WorkerHarness.get(workers.get(0).httpPort(), "/metrics").body())
                    .containsPattern("kg_worker_records_foreign_total\\{[^}]*tenant=\"" + a.value() + "\"[^}]*} [1-9]");
        } finally {
            for (WorkerLauncher.Running w : workers) {
                w.close();
            }
        }
    }

    private static long signals(Neo4jServer neo4j, TenantId t) {
        return count(neo4j, "MATCH (s:Signal {tenant: $t}) RETURN count(s)", Map.of("t", t.value()));
    }

    private static JsonNode json(WorkerLauncher.Running worker, String path) throws Exception {
        HttpResponse<String> r = WorkerHarness.get(worker.httpPort(), path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonCodec.shared().mapper().readTree(r.body());
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("root_causes").forEach(c -> ids.add(c.path("signal").path("id").asText()));
        return ids;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
