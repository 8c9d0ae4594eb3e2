package io.kgrca.lognormalizer;

import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.DeadLetterPublisher;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.lognormalizer.config.LogSettings;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Offsets;
import io.kgrca.testsupport.Records;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The log-normalizer worker on a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class LogNormalizerIT {

    private static final String TRACE = """
            2026-11-25 10:00:00.123 ERROR 1 --- [main] c.e.Api : request failed
            java.lang.IllegalStateException: payment service unavailable
            \tat com.example.Api.pay(Api.java:42)
            Caused by: java.net.ConnectException: Connection refused
            \tat java.base/sun.nio.ch.Net.connect0(Native Method)
            \t... 3 more""";

    @BeforeAll
    static void topics(KafkaBroker broker) {
        broker.createTopic(Topics.RAW_K8S_LOGS, 3, Map.of());
        broker.createTopic(Topics.LOGS_NORMALIZED, 3, Map.of());
        broker.createTopic(Topics.DLQ_RAW, 1, Map.of("max.message.bytes", String.valueOf(Topics.DLQ_MAX_MESSAGE_BYTES)));
    }

    private static WorkerLauncher.Running start(KafkaBroker broker, String tenant) throws Exception {
        WorkerSettings s = WorkerSettings.fromEnv("log-normalizer", List.of(Topics.RAW_K8S_LOGS), new Env(Map.of(
                "CLIENT_ID", tenant, "KAFKA_BROKERS", broker.bootstrapServers(), "POLL_TIMEOUT", "200ms",
                "MAX_POLL_RECORDS", "7")));
        return WorkerLauncher.start(s, Main::processor);
    }

    /** A tenant's traffic: per pod, INFO and ERROR lines and a Java trace, one record per line. */
    private static List<ProducerRecord<byte[], byte[]>> traffic(String tenant) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int pod = 0; pod < 3; pod++) {
            String name = "api-" + pod;
            String text = "INFO started " + tenant + "\nERROR cannot reach db for " + tenant + "\n" + TRACE
                    + "\nWARN slow request 1200ms\nINFO done";
            int i = 0;
            for (String line : text.split("\n")) {
                String value = Lines.value(line, name, "app", Lines.T0.plusMillis(i++), i % 4 == 0 ? tenant : null);
                out.add(new ProducerRecord<>(Topics.RAW_K8S_LOGS, (tenant + "::log::uid-" + name)
                        .getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** What the pure processor makes of a tenant's traffic in one pass: the last version of each record by key. */
    private static Map<String, String> expected(String tenant, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        List<InboundRecord> inbound = new ArrayList<>();
        long offset = 0;
        for (ProducerRecord<byte[], byte[]> r : records) {
            inbound.add(new InboundRecord(new ConsumerRecord<>(r.topic(), 0, offset++, r.key(), r.value()),
                    KeyCodec.decode(r.key())));
        }
        new LogBatchProcessor(LogSettings.defaults(), producer, LogMetrics.NOOP).process(inbound);
        return lastByKey(producer.history().stream().map(p -> new String[]{
            new String(p.key(), StandardCharsets.UTF_8), new String(p.value(), StandardCharsets.UTF_8)}).toList());
    }

    @Test
    void eachTenantsNormalizerOutputsExactlyItsOwnLogsKeyedAndWithoutClientId(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> tenants = List.of("a-" + run, "a-" + run + "0", "b-" + run);
        Map<String, List<ProducerRecord<byte[], byte[]>>> sent = new HashMap<>();
        for (String t : tenants) {
            sent.put(t, traffic(t));
        }
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            BiConsumer<String, String> send = (k, v) -> Records.sendAndWait(p, Topics.RAW_K8S_LOGS, k, v);
            for (int i = 0; i < sent.get(tenants.get(0)).size(); i++) {
                for (String t : tenants) {
                    p.send(sent.get(t).get(i));
                }
            }
            p.flush();
        }
        Map<String, Map<String, String>> expected = new HashMap<>();
        for (String t : tenants) {
            expected.put(t, expected(t, sent.get(t)));
        }
        List<WorkerLauncher.Running> workers = new ArrayList<>();
        for (String t : tenants) {
            workers.add(start(broker, t));
        }
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> byTenant(broker, tenants).equals(expected));
        } finally {
            for (WorkerLauncher.Running w : workers) {
                w.close();
            }
        }
        long end = Offsets.end(broker.admin(), Topics.RAW_K8S_LOGS);
        for (String t : tenants) {
            assertThat(Offsets.committed(broker.admin(), "log-normalizer-" + t)).as(t).isEqualTo(end);
        }

        Map<String, Map<String, String>> actual = byTenant(broker, tenants);
        assertThat(actual).isEqualTo(expected);
        for (String t : tenants) {
            List<NormalizedLog> logs = new ArrayList<>();
            for (Map.Entry<String, String> e : actual.get(t).entrySet()) {
                NormalizedLog l = JsonCodec.shared().decode(e.getValue().getBytes(StandardCharsets.UTF_8),
                        NormalizedLog.class);
                assertThat(e.getKey()).isEqualTo(t + "::log::" + l.logId());
                assertThat(e.getValue()).doesNotContain("client_id");
                logs.add(l);
            }
            assertThat(logs).extracting(NormalizedLog::lineCount).contains(6);
            assertThat(logs).allSatisfy(l -> assertThat(l.message()).doesNotContain(other(tenants, t)));
        }
    }

    private static String other(List<String> tenants, String t) {
        return tenants.stream().filter(x -> !x.equals(t) && !t.startsWith(x) && !x.startsWith(t)).findFirst()
                .orElse("\u0000");
    }

    @Test
    void badInputIsDeadLetteredWithItsReasonAndTheLoopGoesOn(KafkaBroker broker) throws Exception {
        String t = "bad-" + UUID.randomUUID().toString().substring(0, 6);
        String key = t + "::log::uid-web";
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            BiConsumer<String, String> send = (k, v) -> Records.sendAndWait(p, Topics.RAW_K8S_LOGS, k, v);
            send.accept(key, "this is not json");
            send.accept(key, "{\"message\":\"ERROR x\",\"kubernetes\":{");
            send.accept(key, "{\"message\":\"ERROR x\"}");
            send.accept(key, Lines.value("ERROR " + "x".repeat(1_000_000), "web", "app", Lines.T0, null));
            send.accept(key, Lines.value("ERROR from someone else", "web", "app", Lines.T0, "someone-else"));
            send.accept(key, Lines.value("ERROR the good one", "web", "app", Lines.T0, null));
        }

        Supplier<List<ConsumerRecord<byte[], byte[]>>> deadLetters =
                () -> Records.readWithHeader(broker, Topics.DLQ_RAW, DeadLetterPublisher.TENANT, t);
        try (WorkerLauncher.Running w = start(broker, t)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.get().size() >= 5
                    && ours(broker, List.of(t)).size() >= 1);
        }

        assertThat(deadLetters.get()).extracting(r -> Records.header(r, DeadLetterPublisher.REASON))
                .containsExactlyInAnyOrder("not-json", "truncated-json", "missing-field:kubernetes", "oversized",
                        "tenant-mismatch");
        assertThat(ours(broker, List.of(t))).hasSize(1);
    }

    private static Map<String, Map<String, String>> byTenant(KafkaBroker broker, List<String> tenants) {
        Map<String, List<String[]>> records = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : ours(broker, tenants)) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            records.computeIfAbsent(key.substring(0, key.indexOf("::")), k -> new ArrayList<>())
                    .add(new String[]{key, new String(r.value(), StandardCharsets.UTF_8)});
        }
        Map<String, Map<String, String>> out = new HashMap<>();
        records.forEach((tenant, list) -> out.put(tenant, lastByKey(list)));
        return out;
    }

    private static Map<String, String> lastByKey(List<String[]> records) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] r : records) {
            out.put(r[0], r[1]);
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> ours(KafkaBroker broker, List<String> tenants) {
        return Records.readTenants(broker, Topics.LOGS_NORMALIZED, tenants);
    }
}
