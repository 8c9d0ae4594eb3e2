package io.kgrca.lognormalizer;

import io.kgrca.common.config.Env;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.DeadLetterPublisher;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.testsupport.BadInputCorpus;
import io.kgrca.testsupport.BadInputCorpus.Input;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Offsets;
import io.kgrca.testsupport.PrometheusText;
import io.kgrca.testsupport.Records;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.kgrca.testsupport.BadInputCorpus.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 acceptance, the log-normalizer's share of the bad-input corpus: {@link #corpus} publishes distinct bad
 * (and a few good) inputs by category to {@code raw.k8s.logs} on the real broker, then one valid line, and runs the
 * real worker. Every input is accounted for by the outcome its row expects: an output on {@code logs.normalized}, a
 * dead letter on {@code dlq.raw} whose reason header starts with the expected code, a count in
 * {@code kg_worker_records_skipped_total{reason}}, or a count of lines consumed on purpose ({@code blank},
 * {@code filtered}: below {@code LOG_MIN_LEVEL}). No crash (the loop still runs), no silent drop (the sums
 * match), and the partition moves on (the valid event after the bad ones is output and the group is committed to
 * the end). The table it prints is the one in docs/hardening.md.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BadInputCorpusIT {

    private static final String WORKER = "log-normalizer";

    @BeforeAll
    static void topics(KafkaBroker broker) {
        broker.createTopic(Topics.RAW_K8S_LOGS, 3, Map.of());
        broker.createTopic(Topics.LOGS_NORMALIZED, 3, Map.of());
        broker.createTopic(Topics.DLQ_RAW, 1, Map.of("max.message.bytes", String.valueOf(Topics.DLQ_MAX_MESSAGE_BYTES)));
    }

    static String line(String pod, String message, String extra) {
        Instant t = Instant.now().minusSeconds(30);
        return "{\"message\":" + message + ",\"timestamp\":\"" + t + "\",\"stream\":\"stderr\",\"kubernetes\":"
                + "{\"pod_name\":\"" + pod + "\",\"pod_namespace\":\"shop\",\"pod_uid\":\"uid-" + pod
                + "\",\"container_name\":\"app\"}" + extra + "}";
    }

    private static String error(String pod) {
        return line(pod, "\"ERROR payment failed for order " + pod + "\"", "");
    }

    /** The corpus for tenant {@code t}; {@code other} is a valid tenant that is not {@code t}. */
    static List<Input> corpus(String t, String other) {
        List<Input> in = new ArrayList<>();
        String k = t + "::log::";
        in.add(new Input("malformed key", utf8(t + "::"), utf8(error("k1")), "dlq:invalid-id"));
        in.add(new Input("malformed key", utf8(k), utf8(error("k2")), "dlq:invalid-id"));
        in.add(new Input("malformed key", utf8(t + "::LOG::x"), utf8(error("k3")), "dlq:invalid-type"));
        in.add(new Input("malformed key", utf8(k + "\u0007"), utf8(error("k4")), "dlq:invalid-id"));
        in.add(new Input("malformed key", utf8(k + "x".repeat(4100)), utf8(error("k5")), "dlq:key-too-long"));
        in.add(new Input("no tenant's key", null, utf8(error("n0")), "skip:no-key"));
        for (String bad : List.of("", t.toUpperCase() + "::log::x", "../x", "\u00fc::log::x", "a".repeat(41) + "::log::x",
                "-x::log::x", "x y::log::x", "::log::x")) {
            in.add(new Input("no tenant's key", utf8(bad), utf8(error("n" + in.size())), "skip:invalid-key"));
        }
        for (String foreign : List.of(other + "::log::x", t + "0::log::x", other)) {
            in.add(new Input("wrong tenant", utf8(foreign), utf8(error("f" + in.size())), "skip:foreign"));
        }
        for (String key : List.of(t + "::event::x", t + "::resource::x", t + "::logs::x", t)) {
            in.add(new Input("wrong key type", utf8(key), utf8(error("w" + in.size())), "dlq:unexpected-key-type"));
        }
        Map<String, String> notJson = new LinkedHashMap<>();
        notJson.put("plain text line", "not-json");
        notJson.put("{\"message\":\"m\"", "truncated-json");
        notJson.put("[\"ERROR x\"]", "not-a-json-object");
        notJson.put("null", "not-a-json-object");
        notJson.put("{\"message\":\"m\",}", "not-json");
        for (Map.Entry<String, String> e : notJson.entrySet()) {
            in.add(new Input("invalid JSON", utf8(k + "j" + in.size()), utf8(e.getKey()), "dlq:" + e.getValue()));
        }
        String good = error("s0");
        in.add(new Input("strict JSON", utf8(k + "s1"), utf8(good + good), "dlq:trailing-data"));
        in.add(new Input("strict JSON", utf8(k + "s2"), utf8(good + " trailing"), "dlq:trailing-data"));
        in.add(new Input("strict JSON", utf8(k + "s3"), utf8("\ufeff" + good), "dlq:byte-order-mark"));
        in.add(new Input("strict JSON", utf8(k + "s4"), utf8(line("s4", "\"ERROR a\"", ",\"message\":\"ERROR b\"")),
                "dlq:duplicate-field"));
        in.add(new Input("strict JSON", utf8(k + "s5"), utf8(line("s5", "\"ERROR a\"", ",\"x\":\"1\",\"x\":\"2\"")),
                "dlq:duplicate-field"));
        in.add(new Input("strict JSON", utf8(k + "s6"), utf8(line("s6", "\"ERROR a\"", ",\"x\":{},\"x\":1")),
                "dlq:duplicate-field"));
        in.add(new Input("strict JSON", utf8(k + "s7"), utf8(line("s7", "\"ERROR a\"", "").replace(
                "\"container_name\"", "\"y\":\"1\",\"y\":\"2\",\"container_name\"")), "dlq:duplicate-field"));
        in.add(new Input("wrong types", utf8(k + "t1"), utf8(line("t1", "5", "")), "dlq:invalid-field"));
        in.add(new Input("wrong types", utf8(k + "t2"), utf8(line("t2", "true", "")), "dlq:invalid-field"));
        in.add(new Input("wrong types", utf8(k + "t3"), utf8(line("t3", "\"ERROR x\"", "").replace("\"stderr\"", "2")),
                "dlq:invalid-field"));
        in.add(new Input("wrong types", utf8(k + "t4"), utf8(line("t4", "\"ERROR x\"", "").replace(
                "\"container_name\":\"app\"", "\"pod_labels\":{\"a\":1}")), "dlq:invalid-field"));
        in.add(new Input("wrong types", utf8(k + "t5"), utf8(line("t5", "\"ERROR x\"", ",\"host\":[]")),
                "dlq:invalid-field"));
        in.add(new Input("missing fields", utf8(k + "m1"), utf8("{}"), "dlq:missing-field:message"));
        in.add(new Input("missing fields", utf8(k + "m2"), utf8("{\"message\":null}"), "dlq:missing-field:message"));
        in.add(new Input("missing fields", utf8(k + "m3"), utf8("{\"message\":\"ERROR x\"}"),
                "dlq:missing-field:kubernetes"));
        in.add(new Input("missing fields", utf8(k + "m4"), utf8("{\"message\":\"ERROR x\",\"kubernetes\":{\"pod_uid\":"
                + "\"u\"}}"), "dlq:missing-field:kubernetes.pod_name"));
        in.add(new Input("tenant mismatch", utf8(k + "c1"), utf8(line("c1", "\"ERROR x\"", ",\"client_id\":\"" + other
                + "\"")), "dlq:tenant-mismatch"));
        in.add(new Input("tenant mismatch", utf8(k + "c2"), utf8(line("c2", "\"ERROR x\"", ",\"client_id\":\"\"")),
                "dlq:tenant-mismatch"));
        Instant now = Instant.now();
        for (String time : List.of("+99999-01-01T00:00:00Z", now.plusSeconds(3600).toString(), "1970-01-01T00:00:00Z",
                now.minus(Duration.ofDays(400)).toString())) {
            in.add(new Input("absurd times", utf8(k + "a" + in.size()), utf8(line("a" + in.size(), "\"ERROR x\"", "")
                    .replaceFirst("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"" + time + "\"")),
                    "dlq:time-out-of-window"));
        }
        in.add(new Input("tombstone", utf8(k + "d1"), null, "dlq:tombstone"));
        in.add(new Input("oversized", utf8(k + "o1"), utf8(line("o1", "\"" + "x".repeat(600_000) + "\"", "")),
                "dlq:oversized"));
        in.add(new Input("empty values", utf8(k + "e1"), new byte[0], "dlq:empty-value"));
        in.add(new Input("empty values", utf8(k + "e2"), utf8(line("e2", "\"\"", "")), "blank"));
        in.add(new Input("below LOG_MIN_LEVEL", utf8(k + "i1"), utf8(line("i1", "\"INFO all good\"", "")), "filtered"));
        in.add(new Input("unicode (valid)", utf8(k + "\u00e9-u1"), utf8(line("u1", "\"ERROR caf\u00e9 \ud83d\ude00\"", "")),
                "output"));
        in.add(new Input("valid", utf8(t + "::legacy-u2"), utf8(error("u2")), "output"));
        in.add(new Input("valid", utf8(k + "u3"), utf8(line("u3", "\"ERROR x\"", ",\"client_id\":\"" + t + "\"")),
                "output"));
        return in;
    }

    @Test
    void everyBadInputIsOutputDeadLetteredOrCountedAndThePartitionMovesOn(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String t = "corpus-" + run;
        BadInputCorpus.Published published = BadInputCorpus.publish(broker, Topics.RAW_K8S_LOGS, corpus(t, "other-" + run),
                utf8(t + "::log::last"), utf8(error("last")));

        WorkerSettings s = WorkerSettings.fromEnv(WORKER, List.of(Topics.RAW_K8S_LOGS), new Env(Map.of(
                "CLIENT_ID", t, "KAFKA_BROKERS", broker.bootstrapServers(), "POLL_TIMEOUT", "200ms")));
        try (WorkerLauncher.Running w = WorkerLauncher.start(s, Main::processor)) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Offsets.lag(broker.admin(), WORKER + "-" + t, List.of(Topics.RAW_K8S_LOGS)) == 0);
            assertThat(w.loop().status().running()).as("no crash: the loop still runs").isTrue();

            Map<Long, String> dead = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : broker.readAll(Topics.DLQ_RAW, Duration.ofSeconds(20))) {
                if (t.equals(Records.header(r, DeadLetterPublisher.TENANT))
                        && Topics.RAW_K8S_LOGS.equals(Records.header(r, DeadLetterPublisher.SOURCE_TOPIC))) {
                    dead.put(Long.parseLong(Records.header(r, DeadLetterPublisher.SOURCE_OFFSET)),
                            Records.header(r, DeadLetterPublisher.REASON));
                }
            }
            long outputs = broker.readAll(Topics.LOGS_NORMALIZED, Duration.ofSeconds(20)).stream()
                    .filter(r -> new String(r.key(), StandardCharsets.UTF_8).startsWith(t + "::log::")).count();
            Map<String, Double> skipped = PrometheusText.byLabel(w.httpPort(), "kg_worker_records_skipped_total", t,
                    "reason");
            Map<String, Double> consumed = Map.of(
                    "blank", PrometheusText.sum(w.httpPort(), "kg_lognormalizer_records_blank_total", t),
                    "filtered", PrometheusText.sum(w.httpPort(), "kg_lognormalizer_records_filtered_total", t));
            BadInputCorpus.verify(WORKER, t, published, new BadInputCorpus.Outcome(dead, outputs, skipped, consumed),
                    50);
        }
    }
}
