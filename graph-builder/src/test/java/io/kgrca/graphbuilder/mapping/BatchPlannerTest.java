package io.kgrca.graphbuilder.mapping;

import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.signal.DependencyHints;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BatchPlannerTest {

    private static final TenantId T = TenantId.of("acme");
    private static final ResourceRef POD = ResourceRef.of("Pod", "shop", "api-1");
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");
    private final RecordMapper mapper = new RecordMapper();
    private final BatchPlanner planner = new BatchPlanner(
            new DependencyHints(ResourceRef.of("Service", "kube-system", "kube-dns")));

    private BatchPlan plan(Fixtures.Wire... wires) throws Exception {
        List<Mutation> mutations = new ArrayList<>();
        long offset = 100;
        for (Fixtures.Wire w : wires) {
            mutations.add(mapper.map(w.inbound(2, offset++)));
        }
        return planner.plan(mutations);
    }

    @Test
    void theLastChangeOfAResourceOrEdgeInABatchWins() throws Exception {
        ResourceRef node = ResourceRef.of("Node", "", "n1");
        BatchPlan plan = plan(Fixtures.resource(T, "Pod", "shop", "api-1"),
                Fixtures.resourceTombstone(T, "Pod", "shop", "api-1"),
                Fixtures.resourceTombstone(T, "Pod", "shop", "api-2"),
                Fixtures.resource(T, "Pod", "shop", "api-2"),
                Fixtures.edge(T, EdgeType.RUNS_ON, POD, node), Fixtures.edgeTombstone(T, EdgeType.RUNS_ON, POD, node));

        assertThat(plan.resourceDeletes()).extracting(r -> r.get("id")).containsExactly("pod/shop/api-1");
        // api-1 is deleted last, but its stub keeps the state it had before, as in two separate batches.
        assertThat(plan.resourceUpserts()).extracting(r -> r.get("id")).containsExactly("pod/shop/api-1",
                "pod/shop/api-2");
        assertThat(plan.edgeUpserts()).isEmpty();
        assertThat(plan.edgeDeletes().get(EdgeType.RUNS_ON)).containsExactly("RUNS_ON:pod/shop/api-1->node//n1");
        assertThat(plan.records()).isEqualTo(6);
    }

    @Test
    void everyResourceChangeIsKeptInBatchOrderForTheStateSignals() throws Exception {
        BatchPlan plan = plan(Fixtures.resource(T, "Pod", "shop", "api-1"),
                Fixtures.resource(T, "Node", "", "n1"),
                Fixtures.resource(T, "Pod", "shop", "api-1"),
                Fixtures.resourceTombstone(T, "Pod", "shop", "api-1"),
                Fixtures.event(T, "e", "BackOff", Severity.WARNING, POD, AT, "x"));

        assertThat(plan.resourceChanges()).extracting(c -> c.id() + (c.record() == null ? " deleted" : ""))
                .containsExactly("pod/shop/api-1", "node//n1", "pod/shop/api-1", "pod/shop/api-1 deleted");
        assertThat(plan.resourceUpserts()).extracting(r -> r.get("id")).containsExactly("pod/shop/api-1", "node//n1");
        assertThat(plan.resourceDeletes()).extracting(r -> r.get("id")).containsExactly("pod/shop/api-1");
    }

    @Test
    void updatesOfOneAggregatedEventMergeMonotonically() throws Exception {
        BatchPlan plan = plan(
                Fixtures.event(T, "e", "BackOff", Severity.WARNING, POD, AT, AT.plusSeconds(300), 5, "five"),
                Fixtures.event(T, "e", "BackOff", Severity.WARNING, POD, AT.minusSeconds(10), AT.plusSeconds(60), 2,
                        "two"));

        assertThat(plan.events()).singleElement().satisfies(row -> {
            assertThat(row.get("count")).isEqualTo(5L);
            assertThat(row.get("first_seen")).isEqualTo(AT.minusSeconds(10).toEpochMilli());
            assertThat(row.get("last_seen")).isEqualTo(AT.plusSeconds(300).toEpochMilli());
            assertThat(row.get("message")).isEqualTo("five");
            assertThat(row.get("type")).isEqualTo("CRASH_LOOP");
            assertThat(row.get("abnormal")).isEqualTo(true);
        });
    }

    @Test
    void logRecordsGroupByPodAndTemplateWithDistinctOccurrences() throws Exception {
        Fixtures.Wire a = Fixtures.log(T, "l1", POD, AT, Severity.ERROR, null, "t1",
                "upstream returned 503 from api.shop.svc");
        BatchPlan plan = plan(a, a, Fixtures.log(T, "l2", POD, AT.plusSeconds(3), Severity.ERROR, null, "t1",
                        "upstream returned 503 from api.shop.svc"),
                Fixtures.log(T, "l3", POD, AT, Severity.INFO, null, "t2", "GET /healthz"));

        assertThat(plan.logs()).hasSize(2);
        Map<String, Object> errors = plan.logs().get(0);
        assertThat(errors.get("id")).isEqualTo("pod/shop/api-1#t1");
        assertThat((List<?>) errors.get("occurrences")).hasSize(2);
        assertThat(errors.get("type")).isEqualTo("HTTP_5XX");
        assertThat(errors.get("last_seen")).isEqualTo(AT.plusSeconds(3).toEpochMilli());
        assertThat(plan.logs().get(1).get("abnormal")).isEqualTo(false);
        assertThat(plan.dependencies()).singleElement().satisfies(d ->
                assertThat(d.get("id")).isEqualTo("DEPENDS_ON:pod/shop/api-1->service/shop/api"));
        assertThat(plan.logSources()).containsExactly(Map.entry("logs.normalized/2", 103L));
    }
}
