package io.kgrca.eventnormalizer;

import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.NormalizedEvent;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.DeadLetterPublisher;
import io.kgrca.common.worker.TransformingProcessor;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Offsets;
import io.kgrca.testsupport.Records;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The event-normalizer worker on a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class EventNormalizerIT {

    @BeforeAll
    static void topics(KafkaBroker broker) {
        broker.createTopic(Topics.RAW_K8S_EVENTS, 3, Map.of());
        broker.createTopic(Topics.EVENTS_NORMALIZED, 3, Map.of());
        broker.createTopic(Topics.DLQ_RAW, 1, Map.of("max.message.bytes", String.valueOf(Topics.DLQ_MAX_MESSAGE_BYTES)));
    }

    private static String event(String uid, String pod, String clientId) {
        return event(uid, pod, clientId, 2);
    }

    private static String event(String uid, String pod, String clientId, int count) {
        return "{\"metadata\":{\"name\":\"" + pod + ".1\",\"namespace\":\"shop\",\"uid\":\"" + uid + "\"},"
                + "\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"shop\",\"name\":\"" + pod + "\"},"
                + "\"reason\":\"BackOff\",\"message\":\"Back-off restarting failed container\",\"type\":\"Warning\","
                + "\"firstTimestamp\":\"2026-11-25T09:59:00Z\",\"lastTimestamp\":\"2026-11-25T10:0" + count + ":00Z\","
                + "\"count\":" + count
                + (clientId == null ? "" : ",\"client_id\":\"" + clientId + "\"") + "}";
    }

    private static WorkerLauncher.Running start(KafkaBroker broker, String tenant) throws Exception {
        WorkerSettings s = WorkerSettings.fromEnv("event-normalizer", List.of(Topics.RAW_K8S_EVENTS), new Env(Map.of(
                "CLIENT_ID", tenant, "KAFKA_BROKERS", broker.bootstrapServers(), "POLL_TIMEOUT", "200ms")));
        return WorkerLauncher.start(s, ctx -> new TransformingProcessor(new EventNormalizer(), ctx.producer()));
    }

    /**
     * Three tenants (two of them a prefix pair) interleaved on the raw topic, each with 40 events and three updates
     * of one aggregated event (same uid, count 2, 3, 4). Each worker outputs exactly its tenant's events, keyed
     * {@code <client>::event::<id>}, without {@code client_id}; the updates share one id and keep their rising
     * counts; and closing a worker (what SIGTERM does) leaves its group committed to the end of the topic.
     */
    @Test
    void eachTenantsNormalizerOutputsExactlyItsOwnEventsKeyedAndWithoutClientId(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> tenants = List.of("a-" + run, "a-" + run + "0", "b-" + run);
        Map<String, Set<String>> sentUids = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            BiConsumer<String, String> send = (k, v) -> Records.sendAndWait(p, Topics.RAW_K8S_EVENTS, k, v);
            for (int i = 0; i < 40; i++) {
                for (String t : tenants) {
                    String uid = t + "-uid-" + i;
                    send.accept(t + "::event::" + uid, event(uid, "web-" + i, i % 5 == 0 ? t : null));
                    sentUids.computeIfAbsent(t, k -> new HashSet<>()).add(uid);
                    if (i % 13 == 1) {
                        String aggregated = t + "-aggregated";
                        send.accept(t + "::event::" + aggregated, event(aggregated, "db-0", null, 2 + i / 13));
                    }
                }
            }
        }
        tenants.forEach(t -> sentUids.get(t).add(t + "-aggregated"));
        List<WorkerLauncher.Running> workers = new ArrayList<>();
        for (String t : tenants) {
            workers.add(start(broker, t));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> ours(broker, tenants).size() >= 129);
        } finally {
            for (WorkerLauncher.Running w : workers) {
                w.close();
            }
        }
        long end = Offsets.end(broker.admin(), Topics.RAW_K8S_EVENTS);
        for (String t : tenants) {
            assertThat(Offsets.committed(broker.admin(), "event-normalizer-" + t)).as(t).isEqualTo(end);
        }

        Map<String, Set<String>> outputUids = new HashMap<>();
        Map<String, List<Integer>> aggregatedCounts = new HashMap<>();
        Map<String, Set<String>> aggregatedIds = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : ours(broker, tenants)) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            String value = new String(r.value(), StandardCharsets.UTF_8);
            NormalizedEvent e = JsonCodec.shared().decode(r.value(), NormalizedEvent.class);
            String tenant = key.substring(0, key.indexOf("::"));
            assertThat(key).isEqualTo(tenant + "::event::" + e.eventId());
            assertThat(value).doesNotContain("client_id");
            outputUids.computeIfAbsent(tenant, k -> new HashSet<>()).add(e.rawUid());
            if (e.rawUid().endsWith("-aggregated")) {
                aggregatedCounts.computeIfAbsent(tenant, k -> new ArrayList<>()).add(e.count());
                aggregatedIds.computeIfAbsent(tenant, k -> new HashSet<>()).add(e.eventId());
            }
        }
        assertThat(outputUids).isEqualTo(sentUids);
        for (String t : tenants) {
            assertThat(aggregatedCounts.get(t)).as(t).containsExactly(2, 3, 4);
            assertThat(aggregatedIds.get(t)).as(t).hasSize(1);
        }
    }

    @Test
    void badInputIsDeadLetteredWithItsReasonAndTheLoopGoesOn(KafkaBroker broker) throws Exception {
        String t = "bad-" + UUID.randomUUID().toString().substring(0, 6);
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            BiConsumer<String, String> send = (k, v) -> Records.sendAndWait(p, Topics.RAW_K8S_EVENTS, k, v);
            send.accept(t + "::event::1", "this is not json");
            send.accept(t + "::event::2", "{\"metadata\":{\"uid\":\"2\"},\"involvedObject\":{");
            send.accept(t + "::event::3", "{\"metadata\":{\"uid\":\"3\"},\"reason\":\"BackOff\"}");
            String good = event("4", "web", null);
            String oneMegabyte = ",\"pad\":\"" + "x".repeat(1 << 20) + "\"}";
            send.accept(t + "::event::4", good.substring(0, good.length() - 1) + oneMegabyte);
            send.accept(t + "::event::5", event("5", "web", "someone-else"));
            send.accept(t + "::event::6", event("6", "web", null));
        }

        Supplier<List<ConsumerRecord<byte[], byte[]>>> deadLetters =
                () -> Records.readWithHeader(broker, Topics.DLQ_RAW, DeadLetterPublisher.TENANT, t);
        try (WorkerLauncher.Running w = start(broker, t)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.get().size() >= 5
                    && ours(broker, List.of(t)).size() >= 1);
        }

        assertThat(deadLetters.get()).extracting(r -> Records.header(r, DeadLetterPublisher.REASON))
                .containsExactlyInAnyOrder("not-json", "truncated-json", "missing-field:involvedObject", "oversized",
                        "tenant-mismatch");
        assertThat(ours(broker, List.of(t))).hasSize(1);
    }

    private static List<ConsumerRecord<byte[], byte[]>> ours(KafkaBroker broker, List<String> tenants) {
        return Records.readTenants(broker, Topics.EVENTS_NORMALIZED, tenants);
    }
}
