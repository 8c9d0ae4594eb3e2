package io.kgrca.eventnormalizer;

import io.kgrca.common.config.Env;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.DeadLetterPublisher;
import io.kgrca.common.worker.TransformingProcessor;
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
 * Issue 12 acceptance, the event-normalizer's share of the bad-input corpus: {@link #corpus} publishes more than a
 * hundred distinct bad (and a few good) inputs by category to {@code raw.k8s.events} on the real broker, then one
 * valid event, and runs the real worker. Every input is accounted for by the outcome its row expects: an output on
 * {@code events.normalized}, a dead letter on {@code dlq.raw} whose reason header starts with the expected code, or a
 * count in {@code kg_worker_records_skipped_total{reason}}. No crash (the loop still runs), no silent drop (the sums
 * match), and the partition moves on (the valid event after the bad ones is output and the group is committed to
 * the end). The table it prints is the one in docs/hardening.md.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BadInputCorpusIT {

    private static final String WORKER = "event-normalizer";

    @BeforeAll
    static void topics(KafkaBroker broker) {
        broker.createTopic(Topics.RAW_K8S_EVENTS, 3, Map.of());
        broker.createTopic(Topics.EVENTS_NORMALIZED, 3, Map.of());
        broker.createTopic(Topics.DLQ_RAW, 1, Map.of("max.message.bytes", String.valueOf(Topics.DLQ_MAX_MESSAGE_BYTES)));
    }

    static String event(String uid, String extra) {
        Instant t = Instant.now().minusSeconds(60);
        return "{\"metadata\":{\"name\":\"web-0." + uid + "\",\"namespace\":\"shop\",\"uid\":\"" + uid + "\"},"
                + "\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"shop\",\"name\":\"web-0\"},"
                + "\"reason\":\"BackOff\",\"message\":\"Back-off restarting failed container\",\"type\":\"Warning\","
                + "\"firstTimestamp\":\"" + t + "\",\"lastTimestamp\":\"" + t + "\",\"count\":2" + extra + "}";
    }

    private static String withTimes(String uid, String first, String last) {
        return "{\"metadata\":{\"namespace\":\"shop\",\"uid\":\"" + uid + "\"},\"involvedObject\":{\"kind\":\"Pod\","
                + "\"name\":\"web-0\"},\"reason\":\"BackOff\",\"firstTimestamp\":" + first + ",\"lastTimestamp\":"
                + last + "}";
    }

    /** The corpus for tenant {@code t}; {@code other} is a valid tenant that is not {@code t}. */
    static List<Input> corpus(String t, String other) {
        List<Input> in = new ArrayList<>();
        String k = t + "::event::";
        // Keys of this tenant that do not decode: dead-lettered by the loop.
        in.add(new Input("malformed key", utf8(t + "::"), utf8(event("k1", "")), "dlq:invalid-id"));
        in.add(new Input("malformed key", utf8(k), utf8(event("k2", "")), "dlq:invalid-id"));
        in.add(new Input("malformed key", utf8(t + "::::x"), utf8(event("k3", "")), "dlq:invalid-type"));
        in.add(new Input("malformed key", utf8(t + "::Event::x"), utf8(event("k4", "")), "dlq:invalid-type"));
        in.add(new Input("malformed key", utf8(t + "::e_v::x"), utf8(event("k5", "")), "dlq:invalid-type"));
        in.add(new Input("malformed key", utf8(t + "::" + "e".repeat(33) + "::x"), utf8(event("k6", "")),
                "dlq:invalid-type"));
        in.add(new Input("malformed key", utf8(k + "a\u0001b"), utf8(event("k7", "")), "dlq:invalid-id"));
        in.add(new Input("malformed key", utf8(k + "a\nb"), utf8(event("k8", "")), "dlq:invalid-id"));
        byte[] notUtf8 = (k + "x").getBytes(StandardCharsets.UTF_8);
        notUtf8[notUtf8.length - 1] = (byte) 0xFF;
        in.add(new Input("malformed key", notUtf8, utf8(event("k9", "")), "dlq:key-not-utf8"));
        in.add(new Input("malformed key", utf8(k + "x".repeat(5000)), utf8(event("k10", "")), "dlq:key-too-long"));
        in.add(new Input("malformed key", utf8(t + "::event::"), null, "dlq:invalid-id"));
        // Keys no tenant owns: counted by reason, not dead-lettered N times.
        in.add(new Input("no tenant's key", null, utf8(event("n1", "")), "skip:no-key"));
        in.add(new Input("no tenant's key", null, null, "skip:no-key"));
        for (String bad : List.of("", t.toUpperCase() + "::event::x", "../x", "..", "/etc/passwd", "\u00e4::event::x",
                "a".repeat(41) + "::event::x", "-a::event::x", "a-::event::x", "a_b::event::x", "::event::x",
                " " + t + "::event::x", t + " ::event::x", t + ":event:x", "\u0000", "a.b::event::x", "\ud83d\ude00::x",
                "A", t + "\t::event::x", "caf\u00e9::event::x")) {
            in.add(new Input("no tenant's key", utf8(bad), utf8(event("n" + in.size(), "")), "skip:invalid-key"));
        }
        // Another tenant's records: foreign.
        for (String foreign : List.of(other + "::event::x", t + "0::event::x", t + "-x::event::x", other,
                other + "::x", other + "::", other + "::log::x")) {
            in.add(new Input("wrong tenant", utf8(foreign), utf8(event("f" + in.size(), "")), "skip:foreign"));
        }
        // Key types that raw.k8s.events does not carry.
        for (String key : List.of(t + "::log::x", t + "::resource::pod/a/b", t + "::edge::x", t + "::alert::x",
                t + "::anything::x", t + "::events::x", t + "::event.v2::x", t)) {
            in.add(new Input("wrong key type", utf8(key), utf8(event("w" + in.size(), "")), "dlq:unexpected-key-type"));
        }
        // Values that are not one JSON object.
        Map<String, String> notJson = new LinkedHashMap<>();
        notJson.put("not json", "not-json");
        notJson.put("{", "truncated-json");
        notJson.put("{\"metadata\":", "truncated-json");
        notJson.put("{\"metadata\":{\"uid\":\"x\"", "truncated-json");
        notJson.put("[]", "not-a-json-object");
        notJson.put("[{\"metadata\":{}}]", "not-a-json-object");
        notJson.put("\"a string\"", "not-a-json-object");
        notJson.put("null", "not-a-json-object");
        notJson.put("42", "not-a-json-object");
        notJson.put("true", "not-a-json-object");
        notJson.put("{'metadata':{}}", "not-json");
        notJson.put("{\"count\":NaN}", "not-json");
        notJson.put("{\"metadata\":{},}", "not-json");
        notJson.put("<xml/>", "not-json");
        notJson.put("   ", "truncated-json");
        for (Map.Entry<String, String> e : notJson.entrySet()) {
            in.add(new Input("invalid JSON", utf8(k + "j" + in.size()), utf8(e.getKey()), "dlq:" + e.getValue()));
        }
        byte[] badUtf8 = utf8(event("u-bad", ",\"note\":\"xx\""));
        badUtf8[badUtf8.length - 4] = (byte) 0xC3;
        in.add(new Input("invalid JSON", utf8(k + "j-utf8"), badUtf8, "dlq:invalid-field:note"));
        // What a lenient reader accepts and a strict one does not.
        String good = event("s0", "");
        in.add(new Input("strict JSON", utf8(k + "s1"), utf8(good + good), "dlq:trailing-data"));
        in.add(new Input("strict JSON", utf8(k + "s2"), utf8(good + " garbage"), "dlq:trailing-data"));
        in.add(new Input("strict JSON", utf8(k + "s3"), utf8(good + "}"), "dlq:trailing-data"));
        in.add(new Input("strict JSON", utf8(k + "s4"), utf8(good + "\n" + good), "dlq:trailing-data"));
        in.add(new Input("strict JSON", utf8(k + "s5"), utf8(good + ",1"), "dlq:trailing-data"));
        byte[] bom = utf8("\ufeff" + good);
        in.add(new Input("strict JSON", utf8(k + "s6"), bom, "dlq:byte-order-mark"));
        in.add(new Input("strict JSON", utf8(k + "s7"), good.getBytes(StandardCharsets.UTF_16LE), "dlq:not-utf8"));
        in.add(new Input("strict JSON", utf8(k + "s8"), good.getBytes(StandardCharsets.UTF_16), "dlq:byte-order-mark"));
        in.add(new Input("strict JSON", utf8(k + "s9"), utf8(event("s9", ",\"reason\":\"Other\"")),
                "dlq:duplicate-field"));
        in.add(new Input("strict JSON", utf8(k + "s10"), utf8(event("s10", ",\"x\":1,\"x\":2")), "dlq:duplicate-field"));
        in.add(new Input("strict JSON", utf8(k + "s11"), utf8(event("s11", ",\"count\":3")), "dlq:duplicate-field"));
        in.add(new Input("strict JSON", utf8(k + "s12"), utf8(good.replace("\"namespace\":\"shop\",\"uid\"",
                "\"namespace\":\"shop\",\"namespace\":\"x\",\"uid\"")), "dlq:duplicate-field"));
        // Scalars of the wrong type: no coercion.
        for (String[] wrong : new String[][]{{"\"reason\":\"BackOff\"", "\"reason\":7"},
                {"\"reason\":\"BackOff\"", "\"reason\":true"}, {"\"reason\":\"BackOff\"", "\"reason\":1.5"},
                {"\"count\":2", "\"count\":-1"}, {"\"count\":2", "\"count\":\"2\""}, {"\"count\":2", "\"count\":2.5"},
                {"\"count\":2", "\"count\":true"}, {"\"count\":2", "\"count\":99999999999"},
                {"\"count\":2", "\"count\":{}"}, {"\"type\":\"Warning\"", "\"type\":[\"Warning\"]"},
                {"\"message\":\"Back-off restarting failed container\"", "\"message\":{\"text\":\"x\"}"},
                {"\"name\":\"web-0\"}", "\"name\":5}"}, {"\"kind\":\"Pod\"", "\"kind\":false"},
                {"\"count\":2", "\"count\":2,\"series\":{\"count\":-5}"},
                {"\"count\":2", "\"count\":2,\"deprecatedCount\":-1"},
                {"\"count\":2", "\"count\":2,\"firstTimestamp\":\"yesterday\""}}) {
            String v = event("t" + in.size(), "").replace(wrong[0], wrong[1]);
            in.add(new Input("wrong types", utf8(k + "t" + in.size()), utf8(v), "dlq:"
                    + (wrong[1].contains("yesterday") ? "duplicate-field" : "invalid-field")));
        }
        in.add(new Input("wrong types", utf8(k + "t-meta"), utf8("{\"metadata\":\"x\",\"reason\":\"BackOff\"}"),
                "dlq:invalid-field"));
        in.add(new Input("wrong types", utf8(k + "t-time"), utf8(withTimes("tt", "\"2026-13-01T00:00:00Z\"", "null")),
                "dlq:invalid-field"));
        // Required fields absent, null or blank.
        in.add(new Input("missing fields", utf8(k + "m1"), utf8("{}"), "dlq:missing-field:metadata"));
        in.add(new Input("missing fields", utf8(k + "m2"), utf8("{\"metadata\":null,\"reason\":\"X\"}"),
                "dlq:missing-field:metadata"));
        in.add(new Input("missing fields", utf8(k + "m3"), utf8("{\"metadata\":{},\"reason\":\"X\"}"),
                "dlq:missing-field:involvedObject"));
        in.add(new Input("missing fields", utf8(k + "m4"), utf8("{\"metadata\":{},\"reason\":\"X\",\"involvedObject\":"
                + "{\"name\":\"a\"}}"), "dlq:missing-field:involvedObject.kind"));
        in.add(new Input("missing fields", utf8(k + "m5"), utf8("{\"metadata\":{},\"reason\":\"X\",\"involvedObject\":"
                + "{\"kind\":\"Pod\",\"name\":\" \"}}"), "dlq:missing-field:involvedObject.name"));
        in.add(new Input("missing fields", utf8(k + "m6"), utf8("{\"metadata\":{},\"involvedObject\":"
                + "{\"kind\":\"Pod\",\"name\":\"a\"}}"), "dlq:missing-field:reason"));
        in.add(new Input("missing fields", utf8(k + "m7"), utf8("{\"metadata\":{},\"reason\":\"\",\"regarding\":"
                + "{\"kind\":\"Pod\",\"name\":\"a\"}}"), "dlq:missing-field:reason"));
        in.add(new Input("missing fields", utf8(k + "m8"), utf8("{\"metadata\":{},\"reason\":\"X\",\"regarding\":"
                + "{\"kind\":\"\",\"name\":\"a\"}}"), "dlq:missing-field:regarding.kind"));
        // The payload names another tenant than the key.
        for (String id : List.of(other, t.toUpperCase(), t + " ", "", t + "0", "../" + t)) {
            in.add(new Input("tenant mismatch", utf8(k + "c" + in.size()),
                    utf8(event("c" + in.size(), ",\"client_id\":\"" + id + "\"")), "dlq:tenant-mismatch"));
        }
        in.add(new Input("tenant mismatch", utf8(k + "c-num"), utf8(event("c-num", ",\"client_id\":5")),
                "dlq:invalid-field"));
        // Times outside the window around the broker timestamp.
        Instant now = Instant.now();
        for (String[] times : new String[][]{{"\"+99999-01-01T00:00:00Z\"", "\"+99999-01-01T00:00:00Z\""},
                {"\"" + now.minusSeconds(60) + "\"", "\"+99999-01-01T00:00:00Z\""},
                {"\"" + now.minusSeconds(60) + "\"", "\"" + now.plusSeconds(3600) + "\""},
                {"\"1970-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\""},
                {"\"2000-01-01T00:00:00Z\"", "\"" + now.minusSeconds(60) + "\""},
                {"\"" + now.minus(Duration.ofDays(400)) + "\"", "\"" + now.minus(Duration.ofDays(400)) + "\""},
                {"\"0001-01-01T00:00:00Z\"", "\"" + now + "\""}, {"0", "0"}, {"32503680000", "32503680000"}}) {
            in.add(new Input("absurd times", utf8(k + "a" + in.size()), utf8(withTimes("a" + in.size(), times[0],
                    times[1])), "dlq:time-out-of-window"));
        }
        // Tombstones where none is expected.
        in.add(new Input("tombstone", utf8(k + "d1"), null, "dlq:tombstone"));
        in.add(new Input("tombstone", utf8(t + "::d2"), null, "dlq:tombstone"));
        // Oversized values.
        in.add(new Input("oversized", utf8(k + "o1"), utf8(event("o1", ",\"note\":\"" + "x".repeat(600_000) + "\"")),
                "dlq:oversized"));
        in.add(new Input("oversized", utf8(k + "o2"), new byte[700_000], "dlq:oversized"));
        // Empty values.
        in.add(new Input("empty values", utf8(k + "e1"), new byte[0], "dlq:empty-value"));
        in.add(new Input("empty values", utf8(k + "e2"), utf8("{\"metadata\":{},\"reason\":\"X\",\"involvedObject\":{}}"),
                "dlq:missing-field:involvedObject.kind"));
        // Unicode and odd but valid inputs: they are output.
        in.add(new Input("unicode (valid)", utf8(k + "\u00e9v\u00e9nement-\ud83d\ude00"), utf8(event("u1",
                ",\"note\":\"caf\u00e9 \ud83d\ude00 \u4e2d\u6587\"")), "output"));
        in.add(new Input("unicode (valid)", utf8(k + "u2"), utf8(event("u2", "").replace("web-0\"}",
                "w\u00e9b-\u00e0\"}")), "output"));
        in.add(new Input("unicode (valid)", utf8(k + "u3"), utf8(event("u3", ",\"note\":\"\\u0000\\ud83d\\ude00\"")),
                "output"));
        in.add(new Input("valid", utf8(t + "::legacy-u4"), utf8(event("u4", "")), "output"));
        in.add(new Input("valid", utf8(k + "u5"), utf8(" \n" + event("u5", ",\"client_id\":\"" + t + "\"") + "\n "),
                "output"));
        in.add(new Input("valid", utf8(k + "u6"), utf8(event("u6", ",\"count\":0,\"unknown\":{\"deep\":[1,2]}")
                .replace("\"count\":2,", "")), "output"));
        return in;
    }

    @Test
    void everyBadInputIsOutputDeadLetteredOrCountedAndThePartitionMovesOn(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String t = "corpus-" + run;
        BadInputCorpus.Published published = BadInputCorpus.publish(broker, Topics.RAW_K8S_EVENTS, corpus(t, "other-" + run),
                utf8(t + "::event::last"), utf8(event("last", "")));

        WorkerSettings s = WorkerSettings.fromEnv(WORKER, List.of(Topics.RAW_K8S_EVENTS), new Env(Map.of(
                "CLIENT_ID", t, "KAFKA_BROKERS", broker.bootstrapServers(), "POLL_TIMEOUT", "200ms")));
        try (WorkerLauncher.Running w = WorkerLauncher.start(s, ctx -> new TransformingProcessor(new EventNormalizer(),
                ctx.producer()))) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Offsets.lag(broker.admin(), WORKER + "-" + t, List.of(Topics.RAW_K8S_EVENTS)) == 0);
            assertThat(w.loop().status().running()).as("no crash: the loop still runs").isTrue();

            Map<Long, String> dead = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : broker.readAll(Topics.DLQ_RAW, Duration.ofSeconds(20))) {
                if (t.equals(Records.header(r, DeadLetterPublisher.TENANT))
                        && Topics.RAW_K8S_EVENTS.equals(Records.header(r, DeadLetterPublisher.SOURCE_TOPIC))) {
                    dead.put(Long.parseLong(Records.header(r, DeadLetterPublisher.SOURCE_OFFSET)),
                            Records.header(r, DeadLetterPublisher.REASON));
                }
            }
            long outputs = broker.readAll(Topics.EVENTS_NORMALIZED, Duration.ofSeconds(20)).stream()
                    .filter(r -> new String(r.key(), StandardCharsets.UTF_8).startsWith(t + "::event::")).count();
            Map<String, Double> skipped = PrometheusText.byLabel(w.httpPort(), "kg_worker_records_skipped_total", t,
                    "reason");
            Map<String, Double> consumed = Map.of();
            BadInputCorpus.verify(WORKER, t, published, new BadInputCorpus.Outcome(dead, outputs, skipped, consumed),
                    100);
        }
    }
}
