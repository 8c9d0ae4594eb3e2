package io.kgrca.graphbuilder.it;

import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.DeadLetterPublisher;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.GraphBuilderMain;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kgrca.graphbuilder.it.GraphTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Neo4j is stopped in the middle of a stream and started again (a private server, so the shared one is not
 * disturbed): the worker stops committing, backs off, and once Neo4j is back everything that was sent is in the
 * graph, with nothing dead-lettered.
 */
@ExtendWith(KafkaBrokerExtension.class)
class Neo4jOutageIT {

    private static final int PODS = 20;
    private static final int EVENTS_PER_CHUNK = 400;

    @Test
    void everythingSentDuringANeo4jOutageEndsUpInTheGraph(KafkaBroker broker, @TempDir Path data) throws Exception {
        WorkerHarness.createTopics(broker);
        TenantId t = TenantId.of("outage-" + UUID.randomUUID().toString().substring(0, 6));
        String group = GraphBuilderMain.WORKER + "-" + t.value();
        try (Neo4jServer neo4j = Neo4jServer.startStandalone(data)) {
            WorkerLauncher.Running worker = WorkerHarness.start(broker, neo4j.boltUri(), t);
            try {
                List<Fixtures.Wire> first = new ArrayList<>(state(t));
                first.addAll(events(t, 0));
                WorkerHarness.produce(broker, first);
                WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
                assertThat(events(neo4j, t)).isEqualTo(EVENTS_PER_CHUNK);

                neo4j.stop();
                WorkerHarness.produce(broker, events(t, 1));
                Awaitility.await("the worker notices").atMost(Duration.ofMinutes(1))
                        .until(() -> metric(worker, "kg_worker_sink_unavailable_total") >= 1);
                WorkerHarness.produce(broker, events(t, 2));
                Awaitility.await("nothing committed while Neo4j is down").during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> WorkerHarness.lag(broker, group) >= 2L * EVENTS_PER_CHUNK);
                assertThat(WorkerHarness.get(worker.httpPort(), "/readyz").statusCode()).isEqualTo(503);

                neo4j.start();
                WorkerHarness.awaitCaughtUp(broker, t, Duration.ofMinutes(2));
                assertThat(events(neo4j, t)).isEqualTo(3L * EVENTS_PER_CHUNK);
                assertThat(count(neo4j, "MATCH (r:Resource {tenant: $t}) RETURN count(r)", Map.of("t", t.value())))
                        .isEqualTo(PODS + 1);
                assertThat(count(neo4j, "MATCH (:Event {tenant: $t})-[a:ABOUT]->(:Resource) RETURN count(a)",
                        Map.of("t", t.value()))).isEqualTo(3L * EVENTS_PER_CHUNK);
                assertThat(metric(worker, "kg_graph_neo4j_errors_total\\{kind=\"unavailable\"")).isPositive();
                assertThat(WorkerHarness.get(worker.httpPort(), "/readyz").statusCode()).isEqualTo(200);
            } finally {
                worker.close();
            }
        }
        assertThat(broker.readAll(Topics.DLQ_NORMALIZED, Duration.ofSeconds(30))).noneMatch(r ->
                r.headers().lastHeader(DeadLetterPublisher.TENANT) != null && new String(
                        r.headers().lastHeader(DeadLetterPublisher.TENANT).value(), StandardCharsets.UTF_8)
                        .equals(t.value()));
    }

    private static List<Fixtures.Wire> state(TenantId t) {
        List<Fixtures.Wire> out = new ArrayList<>();
        out.add(Fixtures.resource(t, "Node", "", "n1"));
        for (int p = 0; p < PODS; p++) {
            out.add(Fixtures.resource(t, "Pod", "load", "pod-" + p));
            out.add(Fixtures.edge(t, EdgeType.RUNS_ON, ResourceRef.of("Pod", "load", "pod-" + p),
                    ResourceRef.of("Node", "", "n1")));
        }
        return out;
    }

    private static List<Fixtures.Wire> events(TenantId t, int chunk) {
        List<Fixtures.Wire> out = new ArrayList<>();
        Instant base = Instant.parse("2025-05-01T00:00:00Z").plusSeconds(chunk * 3600L);
        for (int i = 0; i < EVENTS_PER_CHUNK; i++) {
            ResourceRef pod = ResourceRef.of("Pod", "load", "pod-" + (i % PODS));
            boolean warning = i % 5 == 0;
            out.add(Fixtures.event(t, "e-" + chunk + "-" + i, warning ? "BackOff" : "Pulled",
                    warning ? Severity.WARNING : Severity.INFO, pod, base.plusSeconds(i),
                    warning ? "Back-off restarting failed container" : "Successfully pulled image"));
        }
        return out;
    }

    private static long events(Neo4jServer neo4j, TenantId t) {
        return count(neo4j, "MATCH (e:Event {tenant: $t}) RETURN count(e)", Map.of("t", t.value()));
    }

    /** Sum of the samples of a metric family whose line matches {@code prefixRegex}. */
    private static double metric(WorkerLauncher.Running worker, String prefixRegex) throws Exception {
        String body = WorkerHarness.get(worker.httpPort(), "/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + prefixRegex + "[^\\n]* ([0-9.eE+-]+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
