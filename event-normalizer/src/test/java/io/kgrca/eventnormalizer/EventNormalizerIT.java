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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        return "{\"metadata\":{\"name\":\"" + pod + ".1\",\"namespace\":\"shop\",\"uid\":\"" + uid + "\"},"
                + "\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"shop\",\"name\":\"" + pod + "\"},"
                + "\"reason\":\"BackOff\",\"message\":\"Back-off restarting failed container\",\"type\":\"Warning\","
                + "\"lastTimestamp\":\"2026-11-25T10:00:00Z\",\"count\":2"
                + (clientId == null ? "" : ",\"client_id\":\"" + clientId + "\"") + "}";
    }

    private static WorkerLauncher.Running start(KafkaBroker broker, String tenant) throws Exception {
        WorkerSettings s = WorkerSettings.fromEnv("event-normalizer", List.of(Topics.RAW_K8S_EVENTS), new Env(Map.of(
                "CLIENT_ID", tenant, "KAFKA_BROKERS", broker.bootstrapServers(), "POLL_TIMEOUT", "200ms")));
        return WorkerLauncher.start(s, ctx -> new TransformingProcessor(new EventNormalizer(), ctx.producer()));
    }

    @Test
    void eachTenantsNormalizerOutputsExactlyItsOwnEventsKeyedAndWithoutClientId(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> tenants = List.of("a-" + run, "a-" + run + "0", "b-" + run);
        Map<String, Set<String>> sentUids = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (int i = 0; i < 40; i++) {
                for (String t : tenants) {
                    String uid = t + "-uid-" + i;
                    send(p, t + "::event::" + uid, event(uid, "web-" + i, i % 5 == 0 ? t : null));
                    sentUids.computeIfAbsent(t, k -> new HashSet<>()).add(uid);
                }
            }
        }
        List<WorkerLauncher.Running> workers = new ArrayList<>();
        for (String t : tenants) {
            workers.add(start(broker, t));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> ours(broker, tenants).size() >= 120);
        } finally {
            for (WorkerLauncher.Running w : workers) {
                w.close();
            }
        }

        Map<String, Set<String>> outputUids = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : ours(broker, tenants)) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            String value = new String(r.value(), StandardCharsets.UTF_8);
            NormalizedEvent e = JsonCodec.shared().decode(r.value(), NormalizedEvent.class);
            String tenant = key.substring(0, key.indexOf("::"));
            assertThat(key).isEqualTo(tenant + "::event::" + e.eventId());
            assertThat(value).doesNotContain("client_id");
            outputUids.computeIfAbsent(tenant, k -> new HashSet<>()).add(e.rawUid());
        }
        assertThat(outputUids).isEqualTo(sentUids);
    }

    @Test
    void badInputIsDeadLetteredWithItsReasonAndTheLoopGoesOn(KafkaBroker broker) throws Exception {
        String t = "bad-" + UUID.randomUUID().toString().substring(0, 6);
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            send(p, t + "::event::1", "this is not json");
            send(p, t + "::event::2", "{\"metadata\":{\"uid\":\"2\"},\"involvedObject\":{");
            send(p, t + "::event::3", "{\"metadata\":{\"uid\":\"3\"},\"reason\":\"BackOff\"}");
            send(p, t + "::event::4", event("4", "web", null).replace("}", ",\"pad\":\"" + "x".repeat(1_000_000) + "\"}"));
            send(p, t + "::event::5", event("5", "web", "someone-else"));
            send(p, t + "::event::6", event("6", "web", null));
        }

        try (WorkerLauncher.Running w = start(broker, t)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(broker, t).size() >= 5
                    && ours(broker, List.of(t)).size() >= 1);
        }

        assertThat(deadLetters(broker, t)).extracting(r -> header(r, DeadLetterPublisher.REASON))
                .containsExactlyInAnyOrder("not-json", "truncated-json", "missing-field", "oversized", "tenant-mismatch");
        assertThat(ours(broker, List.of(t))).hasSize(1);
    }

    private static List<ConsumerRecord<byte[], byte[]>> ours(KafkaBroker broker, List<String> tenants) {
        return broker.readAll(Topics.EVENTS_NORMALIZED, Duration.ofSeconds(20)).stream()
                .filter(r -> tenants.contains(new String(r.key(), StandardCharsets.UTF_8).split("::")[0])).toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(KafkaBroker broker, String tenant) {
        return broker.readAll(Topics.DLQ_RAW, Duration.ofSeconds(20)).stream()
                .filter(r -> tenant.equals(header(r, DeadLetterPublisher.TENANT))).toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String key, String value) throws Exception {
        p.send(new ProducerRecord<>(Topics.RAW_K8S_EVENTS, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))).get();
    }
}
