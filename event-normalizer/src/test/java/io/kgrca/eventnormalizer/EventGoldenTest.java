package io.kgrca.eventnormalizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.NormalizedEvent;
import io.kgrca.common.model.RawK8sEvent;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.TimeWindow;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: every real-world event in {@code golden/events/input} (sources in the README beside it) against
 * the reviewed output in {@code golden/events/expected}. Run with {@code -Dgolden.update=true} to rewrite the
 * expected files after a deliberate change, then review the diff.
 */
class EventGoldenTest {

    private static final Path ROOT = Path.of("src/test/resources/golden/events");
    private static final long RECORD_TIME = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    /** The base mapping table (its 21 reasons, see docs/decisions.md), copied, not derived. */
    private static final Map<String, String> ORIGINAL_TABLE = Map.ofEntries(Map.entry("Pulling", "POD_IMAGE_PULL"),
            Map.entry("Pulled", "POD_IMAGE_PULLED"), Map.entry("Created", "POD_CREATED"),
            Map.entry("Started", "POD_STARTED"), Map.entry("Killing", "POD_KILLING"), Map.entry("Failed", "POD_FAILED"),
            Map.entry("BackOff", "POD_BACKOFF"), Map.entry("CrashLoopBackOff", "POD_CRASH_LOOP"),
            Map.entry("OOMKilled", "MEMORY_OOM"), Map.entry("Evicted", "POD_EVICTED"),
            Map.entry("FailedScheduling", "SCHEDULING_FAILED"), Map.entry("FailedMount", "VOLUME_MOUNT_FAILED"),
            Map.entry("FailedCreatePodSandBox", "NETWORK_SETUP_FAILED"),
            Map.entry("NetworkNotReady", "NETWORK_NOT_READY"),
            Map.entry("Unhealthy", "HEALTH_CHECK_FAILED"), Map.entry("ProbeWarning", "PROBE_WARNING"),
            Map.entry("NodeNotReady", "NODE_NOT_READY"), Map.entry("NodeReady", "NODE_READY"),
            Map.entry("RegisteredNode", "NODE_REGISTERED"), Map.entry("FailedDiscovery", "SERVICE_DISCOVERY_FAILED"),
            Map.entry("UpdatedEndpoints", "ENDPOINTS_UPDATED"));
    private static final Set<String> ORIGINAL_REASONS = ORIGINAL_TABLE.keySet();

    /** The corpus spans 2015 to 2026 and is stamped at one broker time: the time window is not what it tests. */
    private final EventNormalizer normalizer = new EventNormalizer(TimeWindow.UNBOUNDED);
    private final ObjectMapper mapper = JsonCodec.shared().mapper();

    private static List<Path> inputs() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("input"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenEventNormalizesToItsReviewedOutput() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        return inputs().stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> {
            JsonNode actual = normalizeToTree(Files.readAllBytes(input));
            Path expected = ROOT.resolve("expected").resolve(input.getFileName());
            if (update) {
                Files.writeString(expected, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
            }
            assertThat(actual).isEqualTo(mapper.readTree(expected.toFile()));
        }));
    }

    @Test
    void theGoldenSetHasAtLeastFiftyEventsCoveringEveryReasonOfTheOriginalTable() throws Exception {
        Set<String> reasons = new TreeSet<>();
        for (Path p : inputs()) {
            reasons.add(JsonCodec.shared().decode(Files.readAllBytes(p), RawK8sEvent.class).reason());
        }

        assertThat(inputs()).hasSizeGreaterThanOrEqualTo(50);
        assertThat(reasons).containsAll(ORIGINAL_REASONS);
    }

    @Test
    void twoUpdatesOfOneAggregatedEventShareTheirIdAndShowTheRisingCount() throws Exception {
        JsonNode first = normalizeToTree(Files.readAllBytes(ROOT.resolve("input/009-Unhealthy.json")));
        JsonNode later = normalizeToTree(Files.readAllBytes(ROOT.resolve("input/010-Unhealthy.json")));

        assertThat(later.get("key")).isEqualTo(first.get("key"));
        assertThat(later.at("/value/count").asInt()).isGreaterThan(first.at("/value/count").asInt());
    }

    /** The reviewed rows of {@code expectations.tsv}: abstract type, severity, subject and count of each file. */
    @TestFactory
    Stream<DynamicTest> everyGoldenEventMatchesItsReviewedExpectationRow() throws IOException {
        List<String[]> rows = Files.readAllLines(ROOT.resolve("expectations.tsv")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t")).toList();
        assertThat(rows).extracting(r -> r[0])
                .containsExactlyElementsOf(inputs().stream().map(p -> p.getFileName().toString()).toList());
        return rows.stream().map(row -> DynamicTest.dynamicTest(row[0], () -> {
            JsonNode v = normalizeToTree(Files.readAllBytes(ROOT.resolve("input").resolve(row[0]))).get("value");
            JsonNode s = v.get("subject");
            String subject = s.get("kind").asText() + "/" + (s.hasNonNull("namespace") ? s.get("namespace").asText()
                    : "-") + "/" + s.get("name").asText();
            assertThat(new String[]{v.get("abstract_type").asText(), v.get("severity").asText(), subject,
                v.get("count").asText()}).containsExactly(row[1], row[2], row[3], row[4]);
        }));
    }

    /**
     * What follows from the input alone, checked for every file by rules written here rather than read from the
     * normalizer: the base table's abstract types, a severity never below the Kubernetes type, the reason, the
     * object, the message, the count and the times of the object, the key, and one id per Kubernetes uid.
     */
    @Test
    void everyGoldenEventKeepsWhatItsInputSays() throws Exception {
        Map<String, String> idByUid = new HashMap<>();
        for (Path input : inputs()) {
            JsonNode in = mapper.readTree(input.toFile());
            JsonNode out = normalizeToTree(Files.readAllBytes(input));
            JsonNode v = out.get("value");
            String reason = in.get("reason").asText();
            JsonNode object = in.hasNonNull("regarding") ? in.get("regarding") : in.get("involvedObject");
            JsonNode series = in.path("series");
            String name = input.getFileName().toString();

            assertThat(v.get("reason").asText()).as(name).isEqualTo(reason);
            if (ORIGINAL_TABLE.containsKey(reason)) {
                assertThat(v.get("abstract_type").asText()).as(name).isEqualTo(ORIGINAL_TABLE.get(reason));
            }
            assertThat(severityRank(v.get("severity").asText())).as(name)
                    .isGreaterThanOrEqualTo("Warning".equals(in.path("type").asText()) ? 1 : 0);
            assertThat(v.at("/subject/kind").asText()).as(name).isEqualTo(object.get("kind").asText());
            assertThat(v.at("/subject/name").asText()).as(name).isEqualTo(object.get("name").asText());
            assertThat(v.get("message").asText()).as(name)
                    .isEqualTo(in.hasNonNull("note") ? in.get("note").asText() : in.get("message").asText());
            assertThat(v.get("count").asInt()).as(name).isEqualTo(firstPositive(series.path("count"), in.path("count"),
                    in.path("deprecatedCount")));
            assertThat(v.get("event_time")).as(name).isEqualTo(v.get("last_seen"));
            expectSameTime(v.get("first_seen"), in.path("firstTimestamp"), name);
            expectSameTime(v.get("last_seen"), series.hasNonNull("lastObservedTime") ? series.get("lastObservedTime")
                    : in.path("lastTimestamp"), name);
            assertThat(v.get("raw_uid").asText()).as(name).isEqualTo(in.at("/metadata/uid").asText());
            assertThat(out.get("key").asText()).as(name).isEqualTo("golden::event::" + v.get("event_id").asText());
            String earlier = idByUid.putIfAbsent(in.at("/metadata/uid").asText(), v.get("event_id").asText());
            assertThat(earlier).as(name + ": one id per uid").isIn(null, v.get("event_id").asText());
        }
        assertThat(new HashSet<>(idByUid.values())).as("different uids, different ids")
                .hasSize(idByUid.size());
    }

    private static int severityRank(String severity) {
        return List.of("INFO", "WARNING", "ERROR", "CRITICAL").indexOf(severity);
    }

    private static int firstPositive(JsonNode... counts) {
        for (JsonNode c : counts) {
            if (c.isInt() && c.asInt() > 0) {
                return c.asInt();
            }
        }
        return 1;
    }

    private static void expectSameTime(JsonNode actual, JsonNode input, String name) {
        if (input.isTextual()) {
            assertThat(Instant.parse(actual.asText())).as(name).isEqualTo(Instant.parse(input.asText()));
        }
    }

    private JsonNode normalizeToTree(byte[] value) throws Exception {
        String uid = Optional.ofNullable(mapper.readTree(value).at("/metadata/uid").textValue()).orElse("none");
        String key = "golden::event::" + uid;
        InboundRecord record = new InboundRecord(new ConsumerRecord<>("raw.k8s.events", 0, 0L, RECORD_TIME,
                TimestampType.CREATE_TIME, 0, value.length, key.getBytes(StandardCharsets.UTF_8), value,
                new RecordHeaders(), Optional.empty()), KeyCodec.decode(key));
        ObjectNode out = mapper.createObjectNode();
        try {
            List<OutboundRecord> records = normalizer.transform(record);
            assertThat(records).hasSize(1);
            out.put("key", new String(records.get(0).key(), StandardCharsets.UTF_8));
            out.set("value", mapper.readTree(records.get(0).value()));
            assertThat(out.get("value").has("client_id")).isFalse();
            JsonCodec.shared().decode(records.get(0).value(), NormalizedEvent.class);
        } catch (RecordRejectedException e) {
            out.put("rejected", e.reason());
        }
        return out;
    }
}
