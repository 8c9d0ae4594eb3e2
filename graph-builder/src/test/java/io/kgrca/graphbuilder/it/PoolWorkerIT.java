package io.kgrca.graphbuilder.it;

import io.kgrca.common.config.Env;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.GraphBuilderMain;
import io.kgrca.graphbuilder.GraphPoolFactory;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import io.kgrca.testsupport.Offsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.kgrca.graphbuilder.it.GraphTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool graph-builder instance as its container's main starts it ({@code PLACEMENT=shared}, real broker, real
 * Neo4j): the tenants placed in the pool get their graphs from one consumer group, a tenant placed in its dedicated
 * workers is left to them, and the pooled tenants' RCA answers on the instance.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class PoolWorkerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static void place(KafkaBroker broker, TenantId tenant, PlacementMode mode) throws Exception {
        Placement p = Placement.initial(tenant.value(), mode, Instant.now());
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            producer.send(new ProducerRecord<>(Topics.CLUSTER_PLACEMENT, tenant.value().getBytes(
                    StandardCharsets.UTF_8), JsonCodec.shared().encode(p))).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPoolInstanceBuildsThePooledTenantsGraphsAndLeavesADedicatedTenantAlone(KafkaBroker broker,
                                                                                 Neo4jServer neo4j) throws Exception {
        WorkerHarness.createTopics(broker);
        broker.createTopic(Topics.CLUSTER_PLACEMENT, 1, Map.of("cleanup.policy", "compact"));
        String run = UUID.randomUUID().toString().substring(0, 6);
        TenantId a = TenantId.of("wa-" + run);
        TenantId b = TenantId.of("wb-" + run);
        TenantId dedicated = TenantId.of("wd-" + run);
        place(broker, a, PlacementMode.SHARED);
        place(broker, b, PlacementMode.SHARED);
        place(broker, dedicated, PlacementMode.DEDICATED);
        Map<String, String> env = new HashMap<>(Map.of("PLACEMENT", "shared",
                "GROUP_INSTANCE_ID", PoolNames.instance(GraphBuilderMain.WORKER, 0),
                "KAFKA_BROKERS", broker.bootstrapServers(), "NEO4J_URI", neo4j.boltUri(), "METRICS_PORT", "0",
                "POLL_TIMEOUT", "200ms", "TIME_WINDOW_BEHIND", "3650d", "SHUTDOWN_TIMEOUT", "10s",
                "API_TOKEN_SHA256", WorkerHarness.OPERATOR.digestHex()));
        env.put("RCA_READ_KEY", ApiTokens.rcaReadKey(WorkerHarness.OPERATOR).reveal());
        // The module's shared broker holds the records of every IT that ran before, of tenants never placed: with the
        // default wait (15 s per such tenant and partition, one after another) the pool would need minutes to pass
        // them. This test places its tenants before the pool starts, so it needs no wait at all.
        env.put("PLACEMENT_WAIT", "50ms");
        WorkerSettings settings = WorkerSettings.fromEnv(GraphBuilderMain.WORKER, GraphBuilderMain.TOPICS,
                new Env(env));
        List<Fixtures.Wire> wires = new ArrayList<>();
        for (TenantId t : List.of(a, b, dedicated)) {
            wires.add(Fixtures.resource(t, "Pod", "shop", "api"));
            wires.add(Fixtures.resource(t, "Pod", "shop", "web"));
            wires.add(Fixtures.resource(t, "Service", "shop", "api"));
        }

        try (WorkerLauncher.Running pool = WorkerLauncher.startPool(settings, GraphPoolFactory::start)) {
            WorkerHarness.produce(broker, wires);
            String group = PoolNames.group(GraphBuilderMain.WORKER);
            Awaitility.await("pool group caught up").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                    .until(() -> Offsets.lag(broker.admin(), group, GraphBuilderMain.TOPICS) == 0);

            for (TenantId t : List.of(a, b)) {
                assertThat(count(neo4j, "MATCH (r:Resource {tenant: $t}) RETURN count(r)", Map.of("t", t.value())))
                        .as("tenant %s's graph", t).isEqualTo(3);
            }
            assertThat(count(neo4j, "MATCH (r:Resource {tenant: $t}) RETURN count(r)",
                    Map.of("t", dedicated.value()))).as("a tenant placed in its dedicated workers").isZero();

            String base = "http://127.0.0.1:" + pool.httpPort();
            assertThat(WorkerHarness.get(HTTP, base + "/tenants/" + a + "/rca/incidents",
                    ApiTokens.rcaReadToken(WorkerHarness.OPERATOR, a).reveal()).statusCode()).isEqualTo(200);
            assertThat(WorkerHarness.get(HTTP, base + "/tenants/" + b + "/rca/incidents",
                    ApiTokens.rcaReadToken(WorkerHarness.OPERATOR, a).reveal()).statusCode()).isEqualTo(403);
            assertThat(WorkerHarness.get(HTTP, base + "/tenants/" + dedicated + "/rca/incidents",
                    WorkerHarness.OPERATOR.reveal()).statusCode()).isEqualTo(404);
            assertThat(WorkerHarness.get(HTTP, base + WorkerLauncher.POOL_TENANTS_PATH, null).body())
                    .contains(a.value(), b.value());
        }
    }
}
