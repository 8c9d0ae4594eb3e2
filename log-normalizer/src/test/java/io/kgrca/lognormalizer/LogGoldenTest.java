package io.kgrca.lognormalizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.Severity;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.lognormalizer.config.LogSettings;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: the real-world log lines of {@code golden/logs/input} (sources in the README beside them), one
 * record per line of one container, against the reviewed outputs in {@code golden/logs/expected} (every record,
 * {@code LOG_MIN_LEVEL=DEBUG}, so levels can be reviewed too). Run with {@code -Dgolden.update=true} to rewrite
 * the expected files after a deliberate change, then review the diff.
 */
class LogGoldenTest {

    private static final Path ROOT = Path.of("src/test/resources/golden/logs");
    private final ObjectMapper mapper = JsonCodec.shared().mapper();

    private static List<Path> inputs() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("input"))) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    private static List<InboundRecord> records(Path input) throws IOException {
        String pod = input.getFileName().toString().replace(".log", "");
        String text = Files.readString(input, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return isHost(input) ? new Lines().hostRecords(pod, text) : new Lines().records(pod, "app", text);
    }

    /** A file named {@code host-*.log} holds a node's journal lines, sent without pod metadata. */
    private static boolean isHost(Path input) {
        return input.getFileName().toString().startsWith("host-");
    }

    /** Runs the records through one processor, {@code pollSize} at a time; returns what it produced, in order. */
    private static List<ProducerRecord<byte[], byte[]>> run(List<InboundRecord> records, int pollSize)
            throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        LogBatchProcessor p = new LogBatchProcessor(LogSettings.defaults().withMinLevel(Severity.DEBUG), producer,
                LogMetrics.NOOP);
        for (int i = 0; i < records.size(); i += pollSize) {
            p.process(records.subList(i, Math.min(records.size(), i + pollSize)));
        }
        return producer.history();
    }

    private ArrayNode tree(List<ProducerRecord<byte[], byte[]>> out) throws IOException {
        ArrayNode array = mapper.createArrayNode();
        for (ProducerRecord<byte[], byte[]> r : out) {
            ObjectNode o = array.addObject();
            o.put("key", new String(r.key(), StandardCharsets.UTF_8));
            o.set("value", mapper.readTree(r.value()));
        }
        return array;
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenLogFileNormalizesToItsReviewedOutput() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        return inputs().stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> {
            ArrayNode actual = tree(run(records(input), Integer.MAX_VALUE));
            Path expected = ROOT.resolve("expected").resolve(input.getFileName().toString().replace(".log", ".json"));
            if (update) {
                Files.writeString(expected, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
            }
            assertThat(actual).isEqualTo(mapper.readTree(expected.toFile()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> pollBoundariesChangeNothingOnceTheLastVersionOfEachRecordIsKept() throws IOException {
        return inputs().stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> {
            List<InboundRecord> records = records(input);
            Map<String, JsonNode> whole = lastById(tree(run(records, Integer.MAX_VALUE)));
            for (int pollSize : new int[]{1, 3, 7}) {
                assertThat(lastById(tree(run(records, pollSize)))).as("polls of %d", pollSize).isEqualTo(whole);
            }
        }));
    }

    @Test
    void theGoldenSetHasAtLeast150RealLinesAndStackTracesOfJavaPythonAndGo() throws Exception {
        int lines = 0;
        List<String> modes = new ArrayList<>();
        for (Path input : inputs()) {
            lines += records(input).size();
            for (JsonNode r : tree(run(records(input), Integer.MAX_VALUE))) {
                if (r.at("/value/line_count").asInt() > 2 && r.at("/value/stack_trace").isTextual()) {
                    modes.add(input.getFileName().toString());
                }
            }
        }

        assertThat(lines).isGreaterThanOrEqualTo(150);
        assertThat(modes).contains("java-stacktrace.log", "python-traceback.log", "go-panic.log");
    }

    /**
     * The rows of {@code checks.tsv}: for chosen records of every file, the severity, error class and line count a
     * reader of the input expects, written from the input lines rather than copied from the output.
     */
    @TestFactory
    Stream<DynamicTest> chosenGoldenRecordsHaveTheLevelClassAndLinesAReaderExpects() throws IOException {
        List<String[]> rows = Files.readAllLines(ROOT.resolve("checks.tsv")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t")).toList();
        assertThat(rows).extracting(r -> r[0]).containsAll(inputs().stream()
                .map(p -> p.getFileName().toString()).toList());
        return rows.stream().map(row -> DynamicTest.dynamicTest(row[0] + ": " + row[1], () -> {
            List<JsonNode> matching = new ArrayList<>();
            for (JsonNode r : tree(run(records(ROOT.resolve("input").resolve(row[0])), Integer.MAX_VALUE))) {
                JsonNode v = r.get("value");
                if (v.get("message").asText().contains(row[1]) || v.path("stack_trace").asText().contains(row[1])) {
                    matching.add(v);
                }
            }
            assertThat(matching).as("records containing the text").hasSize(1);
            JsonNode v = matching.get(0);
            assertThat(new String[]{v.get("severity").asText(), v.path("error_type").asText("-"),
                v.get("line_count").asText()}).containsExactly(row[2], row[3], row[4]);
        }));
    }

    /**
     * What must hold for every record of every file, by rules written here: the key, no client id, the pod, a
     * bounded message, a template id that is the template's hash and a template without addresses or uuids;
     * every non-blank input line belongs to exactly one record, a record's lines are consecutive, and the stack
     * trace of a multi-line record is exactly those input lines.
     */
    @TestFactory
    Stream<DynamicTest> everyGoldenRecordIsWellFormedAndEveryLineIsInExactlyOneRecord() throws IOException {
        return inputs().stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> {
            String pod = input.getFileName().toString().replace(".log", "");
            List<InboundRecord> records = records(input);
            List<String> physical = new ArrayList<>();
            List<Integer> startOf = new ArrayList<>();
            for (InboundRecord r : records) {
                startOf.add(physical.size());
                String message = mapper.readTree(r.value()).get("message").asText();
                physical.addAll(List.of(message.split("\n", -1)));
            }
            boolean[] covered = new boolean[physical.size()];
            for (JsonNode r : tree(run(records, Integer.MAX_VALUE))) {
                JsonNode v = r.get("value");
                assertThat(r.get("key").asText()).isEqualTo("af-1::log::" + v.get("log_id").asText());
                assertThat(v.has("client_id")).isFalse();
                assertThat(v.at("/subject/name").asText()).isEqualTo(pod);
                assertThat(v.at("/subject/kind").asText()).isEqualTo(isHost(input) ? "Node" : "Pod");
                assertThat(v.get("message").asText().length()).isLessThanOrEqualTo(1000);
                assertThat(v.get("template_id").asText()).isEqualTo(sha16(v.get("template").asText()));
                assertThat(v.get("template").asText()).doesNotContainPattern("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b")
                        .doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
                int head = startOf.get((int) Duration.between(Lines.T0,
                        Instant.parse(v.get("timestamp").asText())).toMillis());
                int count = v.get("line_count").asInt();
                for (int i = head; i < head + count; i++) {
                    assertThat(covered[i]).as("line %d in two records", i + 1).isFalse();
                    covered[i] = true;
                }
                if (count > 1 && v.hasNonNull("stack_trace")) {
                    assertThat(v.get("stack_trace").asText())
                            .isEqualTo(String.join("\n", physical.subList(head, head + count)));
                }
            }
            for (int i = 0; i < physical.size(); i++) {
                assertThat(covered[i] || physical.get(i).isBlank()).as("line %d in a record", i + 1).isTrue();
            }
        }));
    }

    private static String sha16(String text) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    private static Map<String, JsonNode> lastById(ArrayNode records) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode r : records) {
            out.put(r.get("key").asText(), r);
        }
        return out;
    }
}
