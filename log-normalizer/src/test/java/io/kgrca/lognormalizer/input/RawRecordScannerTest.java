package io.kgrca.lognormalizer.input;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.model.RawLogRecord;
import io.kgrca.lognormalizer.Lines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RawRecordScanner} reads a record only when the shared codec reads the same record from it: over the golden
 * lines as the agent writes them, records of odd shapes, and random damage to them. Records it does not read go on
 * to the streaming reader and the codec, whose equivalence {@link FastPathEquivalenceTest} checks.
 */
class RawRecordScannerTest {

    private static final Path INPUT = Path.of("src/test/resources/golden/logs/input");

    private static List<byte[]> goldenRecords() throws IOException {
        List<byte[]> out = new ArrayList<>();
        RawLogRecord.KubernetesMeta meta = new RawLogRecord.KubernetesMeta("api-1", "shop", "uid-1", "app",
                "registry/app:1", "node-1", Map.of("app", "shop", "pod-template-hash", "5d78c9869d"));
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        try (Stream<Path> files = Files.list(INPUT)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    t = t.plusNanos(1_234_567);
                    out.add(JsonCodec.shared().encode(new RawLogRecord(line, t, "stdout", "/var/log/x.log", meta,
                            null)));
                    out.add(Lines.value(line, "api", "app", t, "a-x").getBytes(StandardCharsets.UTF_8));
                    out.add(JsonCodec.shared().encode(new RawLogRecord(line, t, null, null, null, null, "node-1")));
                }
            }
        }
        return out;
    }

    private static void assertReadAsTheCodecReads(byte[] bytes) {
        FastPathEquivalenceTest.assertReaderReadsAsTheCodecDoesOrNotAtAll(bytes);
        RawLogRecord scanned = RawRecordScanner.read(bytes);
        if (scanned == null) {
            return;
        }
        try {
            assertThat(scanned).as(new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(JsonCodec.shared().decode(bytes, RawLogRecord.class));
        } catch (JsonDecodeException e) {
            throw new AssertionError("scanned what the codec rejects: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    @Test
    void readsTheGoldenRecordsAsTheCodecDoes() throws IOException {
        int scanned = 0;
        List<byte[]> records = goldenRecords();
        for (byte[] r : records) {
            assertReadAsTheCodecReads(r);
            scanned += RawRecordScanner.read(r) != null ? 1 : 0;
        }
        assertThat(scanned).isGreaterThan(records.size() * 8 / 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"message\":\"m\"}", " {\"message\" : \"m\" , \"x\" : true, \"y\":false,\"z\":null}\n",
        "{\"message\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00\"}", "{\"message\":\"\\x\"}",
        "{\"message\":\"m\",\"kubernetes\":{}}", "{\"message\":\"m\",\"kubernetes\":{\"pod_labels\":{}}}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_labels\":{\"a\":\"b\",\"c\":\"d\"},\"other\":\"x\"}}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_labels\":null,\"pod_name\":null}}", "{}", "{\"message\":null}",
        "{\"message\":\"m\",\"timestamp\":null}", "{\"message\":\"m\",\"timestamp\":\"2026-11-25T10:00:00.5Z\"}",
        "{\"message\":\"m\",\"timestamp\":\"2026-11-25T10:00:00+01:00\"}", "{\"message\":\"m\",\"n\":1}",
        "{\"message\":\"m\",\"o\":{}}", "{\"message\":\"m\",\"a\":[]}", "{\"message\":\"m\"} trailing",
        "{\"message\":\"m\",}", "{\"message\":\"m\" \"x\":null}", "{\"message\":nul}", "{\"message\":nullx}",
        "{\"message\":\"m\",\"x\":truex}", "{\"mess\\u0061ge\":\"m\"}", "{\"message\":\"caf\u00e9\"}",
        "{\"message\":\"tab\there\"}", "{\"message\":\"m\",\"message\":\"n\"}", "\ufeff{\"message\":\"m\"}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":\"p\",\"pod_name\":\"q\"}}", "{\"message\":\"m\"",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_labels\":{\"a\":\"1\",\"a\":\"2\"}}}", "{\"message\":\"\\u12\"}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_labels\":{\"a\":null}}}", "{\"message\":\"m\",\"client_id\":\"c\"}",
        "{\"message\":\"m\",\"stream\":true}", "{\"message\":\"m\",\"kubernetes\":\"k\"}", "[]", "", "  ",
        "{\"message\":\"m\",\"host\":\"node-1\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"source_type\":\"journald\"}",
        "{\"message\":\"m\",\"host\":null}", "{\"message\":\"m\",\"host\":3}", "{\"message\":\"m\",\"host\":[]}",
        "{\"message\":\"m\",\"host\":\"a\",\"host\":\"b\"}", "{\"message\":\"m\",\"host\":\"\\u0041\"}",
        "{\"message\":\"m\"}{\"message\":\"n\"}", "{\"message\":\"m\"} {}", "{\"message\":\"m\"}}", "{\"message\":\"m\"},",
        "{\"message\":\"m\"} \n\t\r", "{\"message\":\"m\",\"x\":\"1\",\"x\":\"2\"}", "{\"message\":\"m\",\"x\":null,\"x\":null}",
        "{\"message\":\"m\",\"x\":\"1\",\"kubernetes\":{\"x\":\"1\"},\"y\":true}",
        "{\"message\":\"m\",\"x\":\"1\",\"kubernetes\":{\"y\":\"1\"},\"x\":true}",
        "{\"message\":\"m\",\"kubernetes\":{\"y\":\"1\",\"pod_name\":\"p\",\"y\":\"2\"}}",
        "{\"message\":\"m\",\"a\":1,\"b\":\"2\",\"c\":\"3\",\"d\":\"4\",\"e\":\"5\",\"f\":\"6\",\"g\":\"7\",\"h\":\"8\",\"i\":\"9\","
                + "\"j\":\"0\",\"k\":\"1\",\"l\":\"2\",\"m\":\"3\",\"n\":\"4\",\"o\":\"5\",\"p\":\"6\",\"q\":\"7\",\"q\":\"8\"}",
        "\ufeff{\"message\":\"m\",\"x\":\"1\",\"x\":\"2\"}", "{\"message\":\"m\",\"client_id\":5}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":\"p\",\"pod_labels\":{\"a\":true}}}"})
    void readsOddRecordsAsTheCodecDoesOrNotAtAll(String json) {
        assertReadAsTheCodecReads(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsDamagedRecordsAsTheCodecDoesOrNotAtAll() throws IOException {
        List<byte[]> records = goldenRecords();
        byte[] noise = "{}[]\",:\\ \t\n0-eE.ntrufalsxu\u0001".getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(5);
        for (int n = 0; n < 20_000; n++) {
            byte[] r = records.get(random.nextInt(records.size())).clone();
            int at = random.nextInt(r.length);
            byte[] damaged = switch (n % 3) {
                case 0 -> Arrays.copyOf(r, at);
                case 1 -> {
                    r[at] = noise[random.nextInt(noise.length)];
                    yield r;
                }
                default -> {
                    byte[] d = new byte[r.length - 1];
                    System.arraycopy(r, 0, d, 0, at);
                    System.arraycopy(r, at + 1, d, at, r.length - at - 1);
                    yield d;
                }
            };
            assertReadAsTheCodecReads(damaged);
        }
    }
}
