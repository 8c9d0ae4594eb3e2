package io.kgrca.graphbuilder.it;

import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.GraphBuilderMain;
import io.kgrca.graphbuilder.query.RcaService;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.scenario.Scenario;
import io.kgrca.graphbuilder.scenario.ScenarioStream;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.kgrca.graphbuilder.it.GraphTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replaying input changes nothing: neither the same records produced a second time (an upstream at-least-once
 * replay, new offsets) nor the same offsets consumed again (a consumer group reset, or a crash between the Neo4j
 * commit and the offset commit). Node and relationship counts, occurrence counts, links and incidents are compared.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class ReplayIdempotenceIT {

    @Test
    void replayingTheSameInputTwiceLeavesTheGraphUnchanged(KafkaBroker broker, Neo4jServer neo4j) throws Exception {
        WorkerHarness.createTopics(broker);
        TenantId t = TenantId.of("replay-" + UUID.randomUUID().toString().substring(0, 6));
        ScenarioStream stream = new ScenarioStream(Scenario.load("01-oom-crashloop-5xx.json"), t);
        List<Fixtures.Wire> input = new ArrayList<>(stream.state());
        input.addAll(stream.signals());
        List<Fixtures.Wire> deletions = List.of(Fixtures.resourceTombstone(t, "Pod", "accounts", "users-1"),
                Fixtures.edgeTombstone(t, EdgeType.RUNS_ON, ResourceRef.of("Pod", "shop", "web-2"),
                        ResourceRef.of("Node", "", "n3")));

        WorkerLauncher.Running worker = WorkerHarness.start(broker, neo4j.boltUri(), t);
        Map<String, Object> first;
        try {
            WorkerHarness.produce(broker, input);
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            // Deletions after the signals about the deleted pod: a pod with history is kept as a deleted stub.
            WorkerHarness.produce(broker, deletions);
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            first = fingerprint(neo4j, t);
            assertThat(first.get("deleted")).isEqualTo(List.of("pod/accounts/users-1"));
            assertThat((long) first.get("nodes")).isGreaterThan(50);
            assertThat(first.get("analysis").toString()).as("the analysis found linked incidents")
                    .matches(".*=\\d+/[1-9].*");

            WorkerHarness.produce(broker, input);
            WorkerHarness.produce(broker, deletions);
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            assertThat(fingerprint(neo4j, t)).as("after the same records were produced again").isEqualTo(first);
        } finally {
            worker.close();
        }

        resetGroupToEarliest(broker, GraphBuilderMain.WORKER + "-" + t.value());
        assertThat(WorkerHarness.lag(broker, GraphBuilderMain.WORKER + "-" + t.value())).isGreaterThan(0);
        worker = WorkerHarness.start(broker, neo4j.boltUri(), t);
        try {
            WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
            assertThat(fingerprint(neo4j, t)).as("after the group re-read every offset").isEqualTo(first);
        } finally {
            worker.close();
        }
    }

    private static void resetGroupToEarliest(KafkaBroker broker, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = broker.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
        committed.keySet().forEach(tp -> zero.put(tp, new OffsetAndMetadata(0)));
        broker.admin().alterConsumerGroupOffsets(group, zero).all().get();
    }

    /** The analysis of the tenant's graph: incidents with their sizes, links and top causes. */
    private static List<String> analysis(Neo4jServer neo4j, TenantId t) {
        try {
            TenantGraph graph = GraphTestSupport.open(neo4j, t);
            try (GraphHandle handle = GraphHandle.of(graph)) {
                return new RcaService(handle).analysis(null, null).incidents().stream()
                        .map(i -> i.id() + "=" + i.members().size() + "/" + i.links() + "/"
                                + (i.causes().isEmpty() ? "-" : i.causes().get(0).signal().id())).toList();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything replay could disturb, as comparable values. */
    private static Map<String, Object> fingerprint(Neo4jServer neo4j, TenantId t) {
        Map<String, Object> p = Map.of("t", t.value());
        Map<String, Object> f = new TreeMap<>();
        f.put("nodes", rows(neo4j, "MATCH (n {tenant: $t}) RETURN count(n)", p).get(0).get(0).asLong());
        rows(neo4j, "MATCH (n {tenant: $t}) UNWIND labels(n) AS l RETURN l, count(*) AS c ORDER BY l", p)
                .forEach(r -> f.put("label:" + r.get("l").asString(), r.get("c").asLong()));
        rows(neo4j, "MATCH ({tenant: $t})-[r]->() RETURN type(r) AS ty, count(r) AS c ORDER BY ty", p)
                .forEach(r -> f.put("rel:" + r.get("ty").asString(), r.get("c").asLong()));
        f.put("event-counts", rows(neo4j, "MATCH (e:Event {tenant: $t}) RETURN sum(e.count)", p).get(0).get(0)
                .asLong());
        f.put("event-last-seen", rows(neo4j, "MATCH (e:Event {tenant: $t}) RETURN sum(e.last_seen)", p).get(0)
                .get(0).asLong());
        f.put("log-counts", rows(neo4j, "MATCH (l:LogTemplate {tenant: $t}) RETURN sum(l.count)", p).get(0).get(0)
                .asLong());
        f.put("analysis", analysis(neo4j, t));
        f.put("deleted", rows(neo4j, "MATCH (r:Resource {tenant: $t}) WHERE r.deleted RETURN collect(r.id)", p)
                .get(0).get(0).asList());
        return f;
    }
}
