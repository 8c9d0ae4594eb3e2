package io.kgrca.graphbuilder.it;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.kgrca.common.config.Env;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.PlacementOptions;
import io.kgrca.common.worker.PoolProgress;
import io.kgrca.common.worker.TenantMetrics;
import io.kgrca.common.worker.TenantRouter;
import io.kgrca.common.worker.WorkerContext;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.GraphBuilderMain;
import io.kgrca.graphbuilder.GraphPoolFactory;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.kgrca.graphbuilder.it.GraphTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One pool graph-builder instance (shared placement) against a real Neo4j: its factory's processors write three
 * tenants' identical clusters into three disjoint graphs over one driver, the schema is applied once, and the
 * pooled tenants' RCA routes answer each tenant with its own read token and refuse another's.
 */
@ExtendWith(Neo4jExtension.class)
class PoolGraphBuilderIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ResourceRef API = ResourceRef.of("Pod", "shop", "api");

    private static List<Fixtures.Wire> cluster(TenantId t, String marker) {
        Instant at = Instant.parse("2025-01-01T00:01:00Z");
        return List.of(Fixtures.resource(t, "Pod", "shop", "api"),
                Fixtures.resource(t, "Pod", "kube-system", "coredns"),
                Fixtures.resource(t, "Pod", "shop", "only-" + marker),
                Fixtures.event(t, "evt-crash", "BackOff", Severity.ERROR, API, at, "Back-off restarting api"));
    }

    @Test
    void aTurnOfSeveralTenantsIsOneTransactionWithEachTenantInItsOwnScope(Neo4jServer neo4j) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<TenantId> tenants = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tenants.add(TenantId.of("tt" + i + "-" + run));
        }
        Map<String, String> env = new HashMap<>(Map.of("NEO4J_URI", neo4j.boltUri(), "PLACEMENT", "shared",
                "GROUP_INSTANCE_ID", PoolNames.instance(GraphBuilderMain.WORKER, 0), "KAFKA_BROKERS", "127.0.0.1:1"));
        WorkerSettings settings = WorkerSettings.fromEnv(GraphBuilderMain.WORKER, GraphBuilderMain.TOPICS,
                new Env(env));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        try (HealthHttpServer http = new HealthHttpServer(new InetSocketAddress("127.0.0.1", 0), meters,
                new HealthCheckRegistry(), Set.of());
             GraphPoolFactory pool = GraphPoolFactory.start(new WorkerContext(settings, null, meters,
                     new HealthCheckRegistry(), http, new PlacementView()));
             TenantRouter router = new TenantRouter(pool, PlacementOptions.defaults(), clock,
                     new PoolProgress("graph-builder.pool-0", "graph-builder.pool", 100, clock), TenantMetrics.NOOP)) {
            assertThat(pool.turns()).isPresent();
            router.process(cluster(tenants.get(0), "warm").stream().map(Fixtures.Wire::inbound).toList());
            List<InboundRecord> turn = new ArrayList<>();
            for (int i = 0; i < tenants.size(); i++) {
                cluster(tenants.get(i), "t" + i).stream().map(Fixtures.Wire::inbound).forEach(turn::add);
            }
            long before = pool.turnProcessor().transactions();

            BatchOutcome outcome = router.process(turn);

            assertThat(outcome.outputs()).isEqualTo(4 * tenants.size());
            assertThat(outcome.rejections()).isEmpty();
            assertThat(pool.turnProcessor().transactions() - before).as("transactions committed for the turn of "
                    + "5 tenants").isEqualTo(1);
            assertThat(pool.turnProcessor().refused()).isZero();
            for (int i = 0; i < tenants.size(); i++) {
                Map<String, Object> p = Map.of("t", tenants.get(i).value());
                assertThat(count(neo4j, "MATCH (r:Resource {tenant: $t}) RETURN count(r)", p))
                        .isEqualTo(i == 0 ? 4 : 3);
                assertThat(count(neo4j, "MATCH (r:Resource {tenant: $t, id: 'pod/shop/only-t" + i + "'}) "
                        + "RETURN count(r)", p)).as("tenant %d's own node", i).isEqualTo(1);
                assertThat(count(neo4j, "MATCH (s:Signal {tenant: $t}) RETURN count(s)", p)).isEqualTo(1);
            }
            assertThat(count(neo4j, "MATCH (x)-[r]-(y) WHERE x.tenant IN $all AND (y.tenant <> x.tenant "
                    + "OR r.tenant <> x.tenant) RETURN count(r)", Map.of("all",
                    tenants.stream().map(TenantId::value).toList()))).as("relationships across tenants").isZero();
        }
    }

    @Test
    void onePoolInstanceWritesEachTenantsGraphInItsOwnScopeAndServesItsRca(Neo4jServer neo4j) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<TenantId> tenants = List.of(TenantId.of("pa-" + run), TenantId.of("pb-" + run),
                TenantId.of("pc-" + run));
        TenantId unplaced = TenantId.of("pz-" + run);
        TenantId dedicated = TenantId.of("pd-" + run);
        Map<String, String> env = new HashMap<>(Map.of("NEO4J_URI", neo4j.boltUri(), "PLACEMENT", "shared",
                "GROUP_INSTANCE_ID", PoolNames.instance(GraphBuilderMain.WORKER, 0), "KAFKA_BROKERS", "127.0.0.1:1",
                "API_TOKEN_SHA256", WorkerHarness.OPERATOR.digestHex(),
                "RCA_READ_KEY", ApiTokens.rcaReadKey(WorkerHarness.OPERATOR).reveal()));
        WorkerSettings settings = WorkerSettings.fromEnv(GraphBuilderMain.WORKER, GraphBuilderMain.TOPICS,
                new Env(env));
        PlacementView placements = new PlacementView();
        Instant now = Instant.now();
        tenants.forEach(t -> placements.put(Placement.initial(t.value(), PlacementMode.SHARED, now)));
        placements.put(Placement.initial(dedicated.value(), PlacementMode.DEDICATED, now));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (HealthHttpServer http = new HealthHttpServer(new InetSocketAddress("127.0.0.1", 0), meters,
                new HealthCheckRegistry(), Set.of());
             GraphPoolFactory pool = GraphPoolFactory.start(new WorkerContext(settings, null, meters,
                     new HealthCheckRegistry(), http, placements))) {
            http.start();
            List<BatchProcessor> processors = new ArrayList<>();
            for (TenantId t : tenants) {
                processors.add(pool.create(t));
            }
            for (int i = 0; i < tenants.size(); i++) {
                BatchOutcome outcome = processors.get(i).process(cluster(tenants.get(i), "t" + i).stream()
                        .map(Fixtures.Wire::inbound).toList());
                assertThat(outcome.outputs()).isEqualTo(4);
                assertThat(outcome.rejections()).isEmpty();
            }
            processors.forEach(BatchProcessor::close);

            for (int i = 0; i < tenants.size(); i++) {
                Map<String, Object> p = Map.of("t", tenants.get(i).value());
                assertThat(count(neo4j, "MATCH (r:Resource {tenant: $t}) RETURN count(r)", p)).isEqualTo(3);
                assertThat(count(neo4j, "MATCH (r:Resource {tenant: $t}) WHERE r.id STARTS WITH 'pod/shop/only-' "
                        + "AND r.id <> 'pod/shop/only-t" + i + "' RETURN count(r)", p))
                        .as("another tenant's node in tenant %d's graph", i).isZero();
                assertThat(count(neo4j, "MATCH (s:Signal {tenant: $t}) RETURN count(s)", p)).isEqualTo(1);
            }
            assertThat(count(neo4j, "MATCH (x)-[r]-(y) WHERE x.tenant IN $all AND (y.tenant <> x.tenant "
                    + "OR r.tenant <> x.tenant) RETURN count(r)", Map.of("all",
                    tenants.stream().map(TenantId::value).toList()))).as("relationships across tenants").isZero();
            assertThat(pool.graphs().schemaApplications()).as("schema applied once per database").isEqualTo(1);

            String base = "http://127.0.0.1:" + http.port() + "/tenants/";
            TenantId a = tenants.get(0);
            TenantId b = tenants.get(1);
            String tokenA = ApiTokens.rcaReadToken(WorkerHarness.OPERATOR, a).reveal();
            HttpResponse<String> own = WorkerHarness.get(HTTP, base + a + "/rca/incidents?include_quiet=true",
                    tokenA);
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(own.body()).contains("\"tenant\":\"" + a + "\"").doesNotContain(b.value());
            assertThat(WorkerHarness.get(HTTP, base + b + "/rca/incidents", tokenA).statusCode())
                    .as("tenant a's token on tenant b's API").isEqualTo(403);
            assertThat(WorkerHarness.get(HTTP, base + b + "/rca/incidents", null).statusCode()).isEqualTo(401);
            assertThat(WorkerHarness.get(HTTP, base + b + "/rca/incidents", "rca." + b + ".forged-token-1234567")
                    .statusCode()).as("a forged token naming the tenant").isEqualTo(401);
            assertThat(WorkerHarness.get(HTTP, base + b + "/rca/incidents", WorkerHarness.OPERATOR.reveal())
                    .statusCode()).isEqualTo(200);
            assertThat(WorkerHarness.get(HTTP, base + unplaced + "/rca/incidents",
                    ApiTokens.rcaReadToken(WorkerHarness.OPERATOR, unplaced).reveal()).statusCode())
                    .as("a tenant not placed anywhere").isEqualTo(404);
            assertThat(WorkerHarness.get(HTTP, base + dedicated + "/rca/incidents",
                    ApiTokens.rcaReadToken(WorkerHarness.OPERATOR, dedicated).reveal()).statusCode())
                    .as("a tenant placed in its dedicated workers").isEqualTo(404);
            assertThat(WorkerHarness.get(HTTP, base + "NOT_A_TENANT/rca/incidents", tokenA).statusCode())
                    .isEqualTo(404);
        }
    }
}
