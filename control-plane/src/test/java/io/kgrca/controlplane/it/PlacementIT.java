package io.kgrca.controlplane.it;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Placements on the real broker, workers in memory, the groups' offsets driven by real consumers: a registered
 * tenant is placed shared (no workers); a move to dedicated through the API writes the handoff record and starts
 * its workers; a move back is refused until the pools' groups have passed {@code since + overlap}; after it, the
 * dedicated workers stay until their groups' commits pass {@code since + overlap}, then they are removed and their
 * groups deleted; the cleanup of the deregistered tenant ends with a tombstone.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PlacementIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration LEAD = Duration.ofSeconds(1);
    private static final Duration OVERLAP = Duration.ofSeconds(2);
    private static final Map<WorkerKind, List<String>> TOPICS = Map.of(
            WorkerKind.EVENT_NORMALIZER, List.of(Topics.RAW_K8S_EVENTS),
            WorkerKind.LOG_NORMALIZER, List.of(Topics.RAW_K8S_LOGS),
            WorkerKind.GRAPH_BUILDER, List.of(Topics.EVENTS_NORMALIZED, Topics.LOGS_NORMALIZED,
                    Topics.STATE_K8S_RESOURCE, Topics.STATE_K8S_TOPOLOGY));

    @Test
    void aTenantMovedBothWaysIsHandedOffAtTheBrokerTimeAndCleanedUpWithATombstone(KafkaBroker broker)
            throws Exception {
        Map<String, String> env = ControlPlaneHarness.env(broker, Map.of("DEFAULT_PLACEMENT", "shared",
                "PLACEMENT_LEAD", "1s", "PLACEMENT_OVERLAP", "2s", "HEARTBEAT_TIMEOUT", "5m",
                "CLEANUP_TIMEOUT", "10m", "STARTUP_GRACE", "5m"));
        String tenant = "pl-" + UUID.randomUUID().toString().substring(0, 8);
        InMemoryWorkerRuntime runtime = new InMemoryWorkerRuntime(Clock.systemUTC());
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            Main.Running cp = Main.start(ControlPlaneHarness.config(broker, env), runtime);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> cp.plane().ready());
                produceOnEveryTopic(p, tenant);

                ControlPlaneHarness.register(p, tenant);
                Placement initial = awaitPlacement(broker, tenant, 0);
                assertThat(initial.mode()).isEqualTo(PlacementMode.SHARED);
                assertThat(initial.previous()).isNull();
                await("a shared tenant has no workers of its own").during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(5)).until(() -> workers(runtime, tenant).isEmpty());

                Instant beforeMove = Instant.now();
                assertThat(move(cp, tenant, "{\"placement\":\"dedicated\"}").statusCode()).isEqualTo(202);
                Placement toDedicated = awaitPlacement(broker, tenant, 1);
                assertThat(toDedicated.mode()).isEqualTo(PlacementMode.DEDICATED);
                assertThat(toDedicated.previous()).isEqualTo(PlacementMode.SHARED);
                assertThat(toDedicated.since()).isBetween(beforeMove.plus(LEAD), Instant.now().plus(LEAD));
                await().atMost(Duration.ofSeconds(20)).until(() -> workers(runtime, tenant).size() == 3);
                assertThat(workers(runtime, tenant)).allSatisfy(w -> assertThat(w.running()).isTrue());

                HttpResponse<String> refused = move(cp, tenant, "{\"placement\":\"shared\"}");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
                assertThat(move(cp, tenant, "{\"placement\":\"elsewhere\"}").statusCode()).isEqualTo(400);
                sleepUntil(toDedicated.since().plus(OVERLAP));
                for (WorkerKind k : WorkerKind.values()) {
                    commit(broker, PoolNames.group(k.id()), TOPICS.get(k), true);
                }
                await("the pools passed since + overlap").atMost(Duration.ofSeconds(20))
                        .until(() -> !Boolean.TRUE.equals(placementView(cp, tenant).get("draining")));

                assertThat(move(cp, tenant, "{\"placement\":\"shared\"}").statusCode()).isEqualTo(202);
                Placement toShared = awaitPlacement(broker, tenant, 2);
                assertThat(toShared.mode()).isEqualTo(PlacementMode.SHARED);
                assertThat(toShared.previous()).isEqualTo(PlacementMode.DEDICATED);
                produceOnEveryTopic(p, tenant);
                for (WorkerKind k : WorkerKind.values()) {
                    commit(broker, k.consumerGroup(TenantId.of(tenant)), TOPICS.get(k), false);
                }
                sleepUntil(toShared.since().plus(OVERLAP).plusSeconds(5));
                assertThat(workers(runtime, tenant)).as("their commits are behind since + overlap").hasSize(3);
                assertThat(placementView(cp, tenant)).containsEntry("draining", true);

                for (WorkerKind k : WorkerKind.values()) {
                    commit(broker, k.consumerGroup(TenantId.of(tenant)), TOPICS.get(k), true);
                }
                await("drained: the dedicated workers are removed").atMost(Duration.ofSeconds(20))
                        .until(() -> workers(runtime, tenant).isEmpty());
                await("and their groups deleted").atMost(Duration.ofSeconds(20)).until(() -> {
                    for (WorkerKind k : WorkerKind.values()) {
                        if (!broker.admin().listConsumerGroupOffsets(k.consumerGroup(TenantId.of(tenant)))
                                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                });
                assertThat(ControlPlaneHarness.get(cp, "/api/placements").body())
                        .contains("\"tenant\":\"" + tenant + "\",\"placement\":\"shared\"");

                ControlPlaneHarness.deregister(p, tenant);
                await("the cleanup ends with a tombstone").atMost(Duration.ofSeconds(30))
                        .until(() -> last(broker, tenant).map(r -> r.value() == null).orElse(false));
                assertThat(ControlPlaneHarness.get(cp, "/api/placements").body()).doesNotContain(tenant);
            } finally {
                ControlPlaneHarness.deregister(p, tenant);
                cp.close();
            }
        }
    }

    private static void produceOnEveryTopic(KafkaProducer<byte[], byte[]> p, String tenant) throws Exception {
        for (List<String> topics : TOPICS.values()) {
            for (String topic : topics) {
                ControlPlaneHarness.send(p, topic, tenant, "{\"it\":\"" + Instant.now() + "\"}");
            }
        }
    }

    /** Commits {@code group}'s offsets on every partition of {@code topics}: at their ends, or at 0. */
    private static void commit(KafkaBroker broker, String group, List<String> topics, boolean atEnd) {
        try (KafkaConsumer<byte[], byte[]> c = broker.newConsumer(group)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (String topic : topics) {
                List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(10));
                parts.forEach(tp -> offsets.put(tp, new OffsetAndMetadata(atEnd ? end.get(tp) : 0)));
            }
            c.assign(offsets.keySet());
            c.commitSync(offsets, Duration.ofSeconds(10));
        }
    }

    private static Placement awaitPlacement(KafkaBroker broker, String tenant, long epoch) {
        Placement[] found = new Placement[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Optional<ConsumerRecord<byte[], byte[]>> r = last(broker, tenant);
            found[0] = r.isEmpty() || r.get().value() == null ? null
                    : JsonCodec.shared().decode(r.get().value(), Placement.class);
            return found[0] != null && found[0].epoch() == epoch;
        });
        return found[0];
    }

    private static Optional<ConsumerRecord<byte[], byte[]>> last(KafkaBroker broker, String tenant) {
        Optional<ConsumerRecord<byte[], byte[]>> last = Optional.empty();
        for (ConsumerRecord<byte[], byte[]> r : broker.readAll(Topics.CLUSTER_PLACEMENT, Duration.ofSeconds(10))) {
            if (tenant.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                last = Optional.of(r);
            }
        }
        return last;
    }

    private static List<WorkerInstance> workers(InMemoryWorkerRuntime runtime, String tenant) throws Exception {
        return runtime.list().stream().filter(w -> w.tenant().value().equals(tenant)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> placementView(Main.Running cp, String tenant) throws Exception {
        Object v = ControlPlaneHarness.tenant(cp, tenant).get("placement");
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static HttpResponse<String> move(Main.Running cp, String tenant, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cp.http().port() + "/api/tenants/"
                        + tenant + "/placement"))
                .header("Authorization", "Bearer " + cp.operatorToken().reveal())
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
