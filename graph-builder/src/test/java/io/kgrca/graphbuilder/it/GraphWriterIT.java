package io.kgrca.graphbuilder.it;

import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.analysis.Analysis;
import io.kgrca.graphbuilder.analysis.Fact;
import io.kgrca.graphbuilder.mapping.RecordMapper;
import io.kgrca.graphbuilder.query.RcaService;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.write.GraphBatchProcessor;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Record;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.kgrca.graphbuilder.it.GraphTestSupport.count;
import static io.kgrca.graphbuilder.it.GraphTestSupport.feed;
import static io.kgrca.graphbuilder.it.GraphTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** The graph model on a real Neo4j 5.26 Community, driven through the processor without Kafka. */
@ExtendWith(Neo4jExtension.class)
class GraphWriterIT {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final ResourceRef POD = ResourceRef.of("Pod", "shop", "api-1");
    private static final ResourceRef NODE = ResourceRef.of("Node", "", "n1");

    private Neo4jServer neo4j;
    private TenantId t;
    private TenantGraph graph;
    private GraphBatchProcessor processor;

    @BeforeEach
    void open(Neo4jServer neo4j) throws Exception {
        this.neo4j = neo4j;
        t = TenantId.of("gw-" + UUID.randomUUID().toString().substring(0, 8));
        graph = GraphTestSupport.open(neo4j, t);
        processor = GraphTestSupport.processor(graph, GraphTestSupport.settings(neo4j, Map.of()));
    }

    @AfterEach
    void close() {
        processor.close();
    }

    private long n(String cypher) {
        return count(neo4j, cypher, Map.of("t", t.value()));
    }

    @Test
    void resourcesAndEdgesJoinOnOneIdentityWithKindLabels() throws Exception {
        feed(processor, Fixtures.edge(t, EdgeType.RUNS_ON, POD, NODE));
        assertThat(n("MATCH (r:Resource {tenant: $t}) WHERE r.placeholder RETURN count(r)")).isEqualTo(2);

        feed(processor, Fixtures.resource(t, "Pod", "shop", "api-1"), Fixtures.resource(t, "Node", "", "n1"));

        assertThat(n("MATCH (r:Resource {tenant: $t}) RETURN count(r)")).isEqualTo(2);
        assertThat(n("MATCH (:Pod:Resource {tenant: $t, id: 'pod/shop/api-1', placeholder: false})"
                + "-[:RUNS_ON {tenant: $t}]->(:Node:Resource {tenant: $t, id: 'node//n1'}) RETURN count(*)"))
                .isEqualTo(1);
    }

    @Test
    void anEdgeTombstoneDeletesTheEdgeAndPlaceholdersLeftAlone() throws Exception {
        feed(processor, Fixtures.resource(t, "Pod", "shop", "api-1"), Fixtures.edge(t, EdgeType.RUNS_ON, POD, NODE));

        feed(processor, Fixtures.edgeTombstone(t, EdgeType.RUNS_ON, POD, NODE));

        assertThat(n("MATCH (:Resource {tenant: $t})-[r]-() RETURN count(r)")).isZero();
        assertThat(n("MATCH (r:Resource {tenant: $t}) RETURN count(r)")).as("the placeholder node is gone")
                .isEqualTo(1);
    }

    @Test
    void aResourceTombstoneDeletesItsTopologyAndOlderEdgesReplayedLaterDoNotBringItBack() throws Exception {
        ResourceRef other = ResourceRef.of("Pod", "shop", "api-2");
        feed(processor, Fixtures.resource(t, "Pod", "shop", "api-1"), Fixtures.resource(t, "Pod", "shop", "api-2"),
                Fixtures.edge(t, EdgeType.RUNS_ON, POD, NODE), Fixtures.edge(t, EdgeType.RUNS_ON, other, NODE),
                Fixtures.event(t, "e1", "BackOff", Severity.WARNING, POD, T0, "Back-off restarting failed container"));
        long deletedAt = 1_000_000L;

        processor.process(List.of(Fixtures.resourceTombstone(t, "Pod", "shop", "api-1").inboundAt(deletedAt),
                Fixtures.resourceTombstone(t, "Pod", "shop", "api-2").inboundAt(deletedAt)));
        processor.process(List.of(Fixtures.edge(t, EdgeType.RUNS_ON, other, NODE).inboundAt(deletedAt - 1)));

        assertThat(n("MATCH (r:Resource {tenant: $t, deleted: true}) RETURN count(r)")).isEqualTo(2);
        assertThat(n("MATCH (:Pod {tenant: $t})-[r:RUNS_ON]-() RETURN count(r)"))
                .as("an edge older than the deletion, replayed from the other topic").isZero();
        assertThat(n("MATCH (:Event {tenant: $t, id: 'e1'})-[:ABOUT]->(:Resource) RETURN count(*)")).isEqualTo(1);

        processor.process(List.of(Fixtures.resourceTombstone(t, "Pod", "shop", "api-3")
                .inboundAt(deletedAt + Duration.ofHours(25).toMillis())));
        assertThat(n("MATCH (r:Resource {tenant: $t, id: 'pod/shop/api-2'}) RETURN count(r)"))
                .as("a stub nothing refers to, swept after its retention").isZero();
        assertThat(n("MATCH (r:Resource {tenant: $t, id: 'pod/shop/api-1', deleted: true}) RETURN count(r)"))
                .as("the stub that signals are about stays").isEqualTo(1);

        processor.process(List.of(Fixtures.edge(t, EdgeType.RUNS_ON, POD, NODE).inboundAt(deletedAt + 1)));
        assertThat(n("MATCH (:Pod {tenant: $t, id: 'pod/shop/api-1'})-[r:RUNS_ON]-() RETURN count(r)"))
                .as("an edge newer than the deletion: the pod came back").isEqualTo(1);
    }

    @Test
    void anAggregatedEventOnlyMovesForwardWhateverTheOrderOfItsUpdates() throws Exception {
        feed(processor, Fixtures.event(t, "agg", "BackOff", Severity.WARNING, POD, T0, T0.plusSeconds(300), 5,
                "Back-off restarting failed container (5)"));
        feed(processor, Fixtures.event(t, "agg", "BackOff", Severity.WARNING, POD, T0.plusSeconds(10),
                T0.plusSeconds(100), 3, "Back-off restarting failed container (3)"));

        Record r = rows(neo4j, "MATCH (e:Event {tenant: $t, id: 'agg'}) RETURN e", Map.of("t",
                t.value())).get(0);
        assertThat(r.get("e").get("count").asLong()).isEqualTo(5);
        assertThat(r.get("e").get("first_seen").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(r.get("e").get("last_seen").asLong()).isEqualTo(T0.plusSeconds(300).toEpochMilli());
        assertThat(r.get("e").get("message").asString()).endsWith("(5)");
        assertThat(n("MATCH (e:Event {tenant: $t}) RETURN count(e)")).isEqualTo(1);
    }

    private Analysis analysis() throws Exception {
        return new RcaService(GraphHandle.of(graph)).analysis(null, null);
    }

    @Test
    void anOomKillThenACrashLoopOnTheSamePodAreLinkedAtDistanceZero() throws Exception {
        feed(processor, Fixtures.resource(t, "Pod", "shop", "api-1"),
                Fixtures.event(t, "oom", "OOMKilled", Severity.ERROR, POD, T0, "Container app was OOMKilled"),
                Fixtures.event(t, "bo", "BackOff", Severity.WARNING, POD, T0.plusSeconds(20),
                        "Back-off restarting failed container"));

        Analysis a = analysis();
        assertThat(a.listed()).hasSize(1);
        var links = a.graphs().get(a.listed().get(0).id()).links();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).causeId()).isEqualTo("oom");
        assertThat(links.get(0).effectId()).isEqualTo("bo");
        assertThat(links.get(0).hops()).isZero();
        assertThat(links.get(0).confidence()).isGreaterThan(0.9);
    }

    @Test
    void aCauseThatArrivesAfterItsEffectStillLinksInTheRightDirection() throws Exception {
        feed(processor, Fixtures.resource(t, "Pod", "shop", "api-1"), Fixtures.edge(t, EdgeType.RUNS_ON, POD, NODE),
                Fixtures.event(t, "evict", "Evicted", Severity.WARNING, POD, T0.plusSeconds(60),
                        "The node was low on resource: memory"));
        assertThat(analysis().incidents()).allSatisfy(i -> assertThat(i.links()).isZero());

        feed(processor, Fixtures.event(t, "nnr", "NodeNotReady", Severity.WARNING, NODE, T0,
                "Node n1 status is now: NodeNotReady"));

        Analysis a = analysis();
        var links = a.graphs().get(a.incidentOf("evict").orElseThrow().id()).links();
        assertThat(links).anySatisfy(l -> {
            assertThat(l.causeId()).isEqualTo("nnr");
            assertThat(l.effectId()).isEqualTo("evict");
            assertThat(l.hops()).isEqualTo(1);
        });
    }

    @Test
    void logOccurrencesAreCountedOncePerLogIdAndReplaysOfOffsetsCountNothing() throws Exception {
        Fixtures.Wire a = Fixtures.log(t, "l1", POD, T0, Severity.ERROR, "TIMEOUT", "tpl-1",
                "timeout calling db.shop.svc:5432 after 5000ms");
        Fixtures.Wire b = Fixtures.log(t, "l2", POD, T0.plusSeconds(5), Severity.ERROR, "TIMEOUT", "tpl-1",
                "timeout calling db.shop.svc:5432 after 5001ms");
        processor.process(List.of(a.inbound(0, 10), b.inbound(0, 11)));
        processor.process(List.of(a.inbound(0, 10), b.inbound(0, 11)));
        processor.process(List.of(a.inbound(0, 12), b.inbound(0, 13)));

        Record r = rows(neo4j, "MATCH (l:LogTemplate {tenant: $t}) RETURN l", Map.of("t",
                t.value())).get(0);
        assertThat(r.get("l").get("count").asLong()).isEqualTo(2);
        assertThat(r.get("l").get("type").asString()).isEqualTo("TIMEOUT");
        assertThat(r.get("l").get("last_seen").asLong()).isEqualTo(T0.plusSeconds(5).toEpochMilli());
        assertThat(n("MATCH (:Resource {tenant: $t, id: 'pod/shop/api-1'})-[d:DEPENDS_ON {inferred: true}]->"
                + "(:Service {tenant: $t, id: 'service/shop/db'}) RETURN count(d)")).isEqualTo(1);
    }

    @Test
    void linkedSignalsShareAnIncidentWhoseIdFollowsItsEarliestMemberWhenAnEarlierCauseArrives() throws Exception {
        feed(processor, Fixtures.resource(t, "Pod", "shop", "api-1"),
                Fixtures.event(t, "bo", "BackOff", Severity.WARNING, POD, T0.plusSeconds(20),
                        "Back-off restarting failed container"),
                Fixtures.event(t, "unrel", "FailedScheduling", Severity.WARNING, ResourceRef.of("Pod", "x", "y"),
                        T0, "0/3 nodes are available"));
        String first = analysis().incidentOf("bo").orElseThrow().id();

        feed(processor, Fixtures.event(t, "oom", "OOMKilled", Severity.ERROR, POD, T0, "OOMKilled"));

        Analysis a = analysis();
        var incident = a.incidentOf("bo").orElseThrow();
        assertThat(incident.members()).extracting(Fact::id).containsExactlyInAnyOrder("bo", "oom");
        assertThat(incident.anchorId()).isEqualTo("oom");
        assertThat(incident.id()).isNotEqualTo(first).isNotEqualTo(a.incidentOf("unrel").orElseThrow().id());
        assertThat(a.incidents()).hasSize(2);
    }

    @Test
    void recordsThatCannotBeMappedAreRejectedWithTheirReasonAndTheRestIsWritten() throws Exception {
        BatchOutcome outcome = feed(processor,
                Fixtures.raw(Topics.EVENTS_NORMALIZED, t.value() + "::event::bad", "{not json"),
                Fixtures.raw(Topics.STATE_K8S_RESOURCE, t.value() + "::resource::pod:uid-1", null),
                Fixtures.resource(t, "Pod", "shop", "api-1"));

        assertThat(outcome.outputs()).isEqualTo(1);
        assertThat(outcome.rejections()).extracting(r -> r.reason())
                .containsExactly("not-json", RecordMapper.BAD_KEY_ID);
        assertThat(n("MATCH (r:Resource {tenant: $t}) RETURN count(r)")).isEqualTo(1);
    }
}
