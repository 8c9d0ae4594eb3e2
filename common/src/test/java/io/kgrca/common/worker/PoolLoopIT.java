package io.kgrca.common.worker;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.PrometheusText;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two pool instances of a test worker in one group against a real broker: every record of the placed tenants is
 * output, every record is read once by the pool, the others are skipped and counted by reason, and a tenant placed
 * two seconds after its first records loses nothing.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PoolLoopIT {

    private static final int PER_TENANT = 50;
    private static final int PARTITIONS = 4;

    @Test
    void twoInstancesServeThePlacedTenantsOnceAndSkipTheOthersByReason(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String worker = "pool-it-" + run;
        String in = "raw.pool-it-" + run;
        String out = "out.pool-it-" + run;
        PoolTestKit.createLogAppendTopic(broker, in, PARTITIONS);
        broker.createTopic(out, 1, Map.of());
        broker.createTopic(Topics.DLQ_RAW, 1, Map.of("max.message.bytes", String.valueOf(Topics.DLQ_MAX_MESSAGE_BYTES)));
        List<String> placed = List.of("p1-" + run, "p2-" + run, "p3-" + run);
        String unplaced = "u-" + run;
        String dedicated = "d-" + run;
        String late = "late-" + run;
        Instant now = Instant.now();
        for (String t : placed) {
            PoolTestKit.place(broker, Placement.initial(t, PlacementMode.SHARED, now));
        }
        PoolTestKit.place(broker, Placement.initial(dedicated, PlacementMode.DEDICATED, now));

        Map<String, String> extra = Map.of("PLACEMENT_WAIT", "6s");
        List<WorkerLauncher.Running> pool = new ArrayList<>();
        try {
            for (int n = 0; n < 2; n++) {
                pool.add(WorkerLauncher.startPool(PoolTestKit.poolSettings(broker, worker, n, in, extra),
                        PoolTestKit.poolCopy(out)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> assigned(pool) == PARTITIONS
                    && pool.stream().allMatch(r -> !r.pool().orElseThrow().snapshot().assigned().isEmpty()));

            List<String> all = new ArrayList<>(placed);
            all.addAll(List.of(unplaced, dedicated, late));
            produce(broker, in, all);
            Thread.sleep(2000);
            PoolTestKit.place(broker, Placement.initial(late, PlacementMode.SHARED, Instant.now()));

            Set<String> expected = new HashSet<>();
            for (String t : placed) {
                ids(t).forEach(id -> expected.add(t + "|" + id));
            }
            ids(late).forEach(id -> expected.add(late + "|" + id));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> outputKeys(broker, out).containsAll(expected)
                            && skipped(pool, worker, "unplaced") + skipped(pool, worker, "dedicated") == 2 * PER_TENANT);

            assertThat(outputKeys(broker, out)).as("only the placed tenants' records are output")
                    .isEqualTo(expected);
            assertThat(skipped(pool, worker, "unplaced")).isEqualTo(PER_TENANT);
            assertThat(skipped(pool, worker, "dedicated")).isEqualTo(PER_TENANT);
            double readByPool = 0;
            for (int n = 0; n < pool.size(); n++) {
                readByPool += PrometheusText.sum(pool.get(n).httpPort(), "kg_worker_records_in_total",
                        PoolNames.instance(worker, n));
            }
            System.out.printf("pool read %.0f records for %d produced (2 instances, %d partitions)%n", readByPool,
                    all.size() * PER_TENANT, PARTITIONS);
            assertThat(readByPool).as("each record read once by the pool").isEqualTo(all.size() * PER_TENANT);

            Map<?, ?> body = tenantsEndpoint(pool.get(0).httpPort());
            assertThat(body.get("group")).isEqualTo(PoolNames.group(worker));
            assertThat(body.get("instance")).isEqualTo(PoolNames.instance(worker, 0));
            assertThat((List<?>) body.get("assigned")).isNotEmpty();
            long recordsInEndpoints = 0;
            for (WorkerLauncher.Running r : pool) {
                for (PoolProgress.TenantProgress p : r.pool().orElseThrow().snapshot().tenants()) {
                    recordsInEndpoints += p.records();
                }
            }
            assertThat(recordsInEndpoints).as("per-tenant progress adds up").isEqualTo(4L * PER_TENANT);
        } finally {
            for (WorkerLauncher.Running r : pool) {
                r.close();
            }
        }
    }

    private static int assigned(List<WorkerLauncher.Running> pool) {
        return pool.stream().mapToInt(r -> r.pool().orElseThrow().snapshot().assigned().size()).sum();
    }

    private static long skipped(List<WorkerLauncher.Running> pool, String worker, String reason) {
        double sum = 0;
        for (int n = 0; n < pool.size(); n++) {
            sum += PrometheusText.byLabel(pool.get(n).httpPort(), "kg_worker_records_skipped_total",
                    PoolNames.instance(worker, n), "reason").getOrDefault(reason, 0.0);
        }
        return Math.round(sum);
    }

    private static List<String> ids(String tenant) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PER_TENANT; i++) {
            ids.add("n" + i);
        }
        return ids;
    }

    private static void produce(KafkaBroker broker, String in, List<String> tenants) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (int i = 0; i < PER_TENANT; i++) {
                for (String t : tenants) {
                    p.send(new ProducerRecord<>(in, (t + "::event::n" + i).getBytes(StandardCharsets.UTF_8),
                            "{}".getBytes(StandardCharsets.UTF_8)));
                }
            }
            p.flush();
        }
    }

    private static Set<String> outputKeys(KafkaBroker broker, String out) {
        Set<String> keys = new HashSet<>();
        for (String[] v : PoolTestKit.outputs(broker, out)) {
            keys.add(v[0] + "|" + v[1]);
        }
        return keys;
    }

    private static Map<?, ?> tenantsEndpoint(int port) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + WorkerLauncher.POOL_TENANTS_PATH)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return JsonCodec.shared().decode(r.body(), HashMap.class);
    }
}
