package io.kgrca.graphbuilder.it;

import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.analysis.Analysis;
import io.kgrca.graphbuilder.query.RcaService;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.write.GraphBatchProcessor;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant fed 30,000 unrelated low-severity events (normal life-cycle events, generic warnings, one-off probe
 * failures, spread over six hours and 3,000 pods behind 600 services) lists at most a few dozen incidents: isolated
 * low-evidence signals stay out of the list, and unrelated signals do not chain into one another. Real Neo4j,
 * through the graph-builder's processor.
 */
@ExtendWith(Neo4jExtension.class)
class NoiseFloodIT {

    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private static final int SERVICES = 600;
    private static final int PODS_PER_SERVICE = 5;
    private static final int EVENTS = 30_000;
    private static final List<String> NORMAL = List.of("Scheduled", "Pulled", "Created", "Started", "Killing",
            "SuccessfulCreate", "ScalingReplicaSet");
    private static final List<String> WARNINGS = List.of("DNSConfigForming", "FailedPreStopHook",
            "ExceededGracePeriod", "Rebooted");

    @Test
    void thirtyThousandUnrelatedLowSeverityEventsListAtMostAFewDozenIncidents(Neo4jServer neo4j) throws Exception {
        TenantId t = TenantId.of("flood-" + UUID.randomUUID().toString().substring(0, 6));
        TenantGraph graph = GraphTestSupport.open(neo4j, t);
        Random random = new Random(42);
        Analysis analysis;
        try (GraphBatchProcessor p = GraphTestSupport.processor(graph, GraphTestSupport.settings(neo4j, Map.of()))) {
            List<Fixtures.Wire> state = new ArrayList<>();
            for (int s = 0; s < SERVICES; s++) {
                String ns = "ns" + (s % 30);
                ResourceRef svc = ResourceRef.of("Service", ns, "svc" + s);
                state.add(Fixtures.resource(t, "Service", ns, "svc" + s));
                for (int i = 0; i < PODS_PER_SERVICE; i++) {
                    state.add(Fixtures.resource(t, "Pod", ns, "svc" + s + "-" + i));
                    state.add(Fixtures.edge(t, EdgeType.SELECTS, svc, ResourceRef.of("Pod", ns, "svc" + s + "-" + i)));
                }
            }
            feedInBatches(p, state);
            List<Fixtures.Wire> events = new ArrayList<>();
            for (int e = 0; e < EVENTS; e++) {
                int s = random.nextInt(SERVICES);
                ResourceRef pod = ResourceRef.of("Pod", "ns" + (s % 30), "svc" + s + "-" + random.nextInt(PODS_PER_SERVICE));
                Instant at = T0.plusSeconds(random.nextInt(6 * 3600));
                double roll = random.nextDouble();
                if (roll < 0.80) {
                    events.add(Fixtures.event(t, "e" + e, NORMAL.get(random.nextInt(NORMAL.size())), Severity.INFO,
                            pod, at, "normal life-cycle event"));
                } else if (roll < 0.95) {
                    events.add(Fixtures.event(t, "e" + e, WARNINGS.get(random.nextInt(WARNINGS.size())),
                            Severity.WARNING, pod, at, "an unrelated warning"));
                } else {
                    events.add(Fixtures.event(t, "e" + e, "Unhealthy", Severity.WARNING, pod, at,
                            "Readiness probe failed: HTTP probe failed with statuscode: 503"));
                }
            }
            feedInBatches(p, events);
            long started = System.nanoTime();
            analysis = new RcaService(GraphHandle.of(graph)).analysis(T0, T0.plusSeconds(6 * 3600));
            System.out.printf("noise flood: one analysis of the six hours took %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
        }
        System.out.printf("noise flood: %d signals analysed, %d incidents (%d listed), %d quiet signals%n",
                analysis.signals(), analysis.incidents().size(), analysis.listed().size(), analysis.quiet().size());
        assertThat(analysis.signals()).as("the warnings and probe failures were analysed").isGreaterThan(5_000);
        assertThat(analysis.truncated()).isFalse();
        assertThat(analysis.listed()).as("listed incidents").hasSizeLessThanOrEqualTo(36);
    }

    private static void feedInBatches(GraphBatchProcessor p, List<Fixtures.Wire> wires) throws Exception {
        for (int from = 0; from < wires.size(); from += 2000) {
            GraphTestSupport.feed(p, wires.subList(from, Math.min(wires.size(), from + 2000))
                    .toArray(new Fixtures.Wire[0]));
        }
    }
}
