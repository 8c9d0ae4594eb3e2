package io.kgrca.lognormalizer.input;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.RawLogRecord;
import io.kgrca.common.model.Severity;
import io.kgrca.common.model.Subject;
import io.kgrca.lognormalizer.Lines;
import io.kgrca.lognormalizer.template.TemplateMasker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fast paths give exactly what the general code they stand in for gives: the masker's candidate positions
 * against one {@code find} over the text, {@link Instants} against {@code java.time}, {@link LogJson} against the
 * shared {@link JsonCodec}.
 */
class FastPathEquivalenceTest {

    private static final Path INPUT = Path.of("src/test/resources/golden/logs/input");

    /** The masker as it was: one {@code find} after another over the whole text. */
    private static String templateByFind(String message) {
        String m = message.length() > 1000 ? message.substring(0, 1000) : message;
        Matcher matcher = TemplateMasker.MASK.matcher(m);
        String[] masks = {"<TS>", "<UUID>", "<IP>", "<POD>", "<HEX>", "<DUR>", "\"<STR>\"", "'<STR>'", "<NUM>"};
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            int g = 0;
            while (matcher.start(g + 1) < 0) {
                g++;
            }
            int s = matcher.start();
            if (g == 6 && m.charAt(s) == '"' && (s == 0 || s >= 2 && m.charAt(s - 1) == ' '
                    && m.charAt(s - 2) == ']')) {
                continue;
            }
            out.append(m, last, s).append(masks[g]);
            last = matcher.end();
        }
        out.append(m, last, m.length());
        return out.toString().replaceAll("[ \t]+", " ").strip();
    }

    private static List<String> goldenLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(INPUT)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Test
    void theMaskerMasksEveryGoldenLineAsOneFindDoes() throws IOException {
        List<String> lines = goldenLines();
        assertThat(lines).hasSizeGreaterThan(700);
        for (String line : lines) {
            assertThat(TemplateMasker.template(line)).as(line).isEqualTo(templateByFind(line));
            for (int cut = 1; cut < line.length(); cut += 7) {
                String tail = line.substring(cut);
                assertThat(TemplateMasker.template(tail)).as(tail).isEqualTo(templateByFind(tail));
            }
        }
    }

    @Test
    void theMaskerMasksRandomTextsAsOneFindDoes() {
        String[] tokens = {"a", "f", "E", "I", "W", "F", "G", "Z", "Mon", "Jan", "Nov", "0x", "0", "1", "9", "12",
            "2026", "-", "+", ".", ":", "::", "[", "]", "\"", "'", "\\", " ", "\t", "_", "/", "é", "µs", "ms", "s",
            "h", "UTC", "Z", "deadbeef", "abc", "cafe:", "T", ",", "=", "x", "ip-10-0-3-17", "pod-5d78c9869d-abcde"};
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(30); k >= 0; k--) {
                b.append(tokens[random.nextInt(tokens.length)]);
            }
            String text = b.toString();
            assertThat(TemplateMasker.template(text)).as(text).isEqualTo(templateByFind(text));
        }
    }

    @Test
    void instantsAreFormattedAsToStringDoes() {
        Random random = new Random(7);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
                Instant.parse("0999-12-31T23:59:59.999999999Z"), Instant.parse("1000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.100Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("2026-11-25T10:00:00.000001Z"), Instant.parse("2026-11-25T10:00:00.010Z")));
        for (int n = 0; n < 100_000; n++) {
            long seconds = random.nextLong() % 400_000_000_000L;
            int nano = switch (n % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }
        for (Instant t : instants) {
            assertThat(Instants.format(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void strictInstantsAreParsedAsInstantParseDoes() {
        Random random = new Random(11);
        for (int n = 0; n < 100_000; n++) {
            Instant t = Instant.ofEpochSecond(random.nextLong() % 250_000_000_000L + 1_000_000_000L,
                    random.nextInt(1_000_000_000));
            String s = t.toString();
            int dot = s.indexOf('.');
            if (random.nextBoolean() && dot > 0) {
                s = s.substring(0, Math.min(s.length() - 1, dot + 2 + random.nextInt(9))) + "Z";
            }
            Instant strict = Instants.parseStrict(s);
            if (strict != null) {
                assertThat(strict).as(s).isEqualTo(Instant.parse(s));
            }
        }
        assertThat(Instants.parseStrict("2026-11-25T10:00:00.001Z")).isEqualTo(Instant.parse("2026-11-25T10:00:00.001Z"));
        assertThat(Instants.parseStrict("2026-11-25T10:00:00Z")).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-11-25T10:00:00.001Z\"", "\"2026-11-25T10:00:00Z\"", "\"2026-11-25T10:00:00.Z\"",
        "\"2026-11-25T10:00:00.1234567891Z\"", "\"2026-11-25T10:00:00+00:00\"", "\"2026-11-25T10:00:00.5+02:00\"",
        "\"2026-11-25t10:00:00z\"", "\"2026-02-30T10:00:00Z\"", "\"2026-11-25T24:00:00Z\"",
        "\"2026-12-31T23:59:60Z\"", "\"1700000000000\"", "1700000000", "1700000000.5", "null", "\"\"", "\" \"",
        "\"yesterday\"", "true", "{}", "[]", "\"0000-01-01T00:00:00Z\"", "\"+10000-01-01T00:00:00Z\""})
    void rawRecordsAreReadOrRejectedAsTheSharedCodecDoes(String timestamp) {
        String json = "{\"message\":\"boom\",\"timestamp\":" + timestamp + ",\"stream\":\"stderr\",\"kubernetes\":"
                + "{\"pod_name\":\"api\",\"pod_namespace\":\"shop\",\"pod_uid\":\"u\",\"pod_labels\":{\"a\":\"b\"}}}";
        assertSameDecoding(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{", "{\"message\":null}", "{\"timestamp\":\"2026-11-25T10:00:00Z\"}",
        "{\"message\":5,\"timestamp\":\"2026-11-25T10:00:00Z\"}", "{\"message\":\"m\",\"kubernetes\":[]}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_labels\":7}}", "{\"message\":\"m\",\"client_id\":\"x\",\"x\":{}}",
        "not json", "{\"message\":\"m\"} trailing", "{\"message\":\"a\",\"message\":\"b\"}",
        "{\"message\":\"m\",\"kubernetes\":null,\"stream\":null,\"extra\":[1,{\"a\":[]}]}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":\"p\",\"pod_labels\":{\"a\":null}}}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":\"p\",\"pod_labels\":{\"a\":\"1\",\"a\":\"2\"}}}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":\"p\",\"pod_labels\":{\"a\":1}}}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":\"p\",\"pod_name\":\"q\",\"x\":{}}}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":true,\"pod_labels\":null}}",
        "{\"message\":\"m\",\"kubernetes\":\"pod\"}", "{\"message\":\"m\",\"stream\":{}}",
        "{\"message\":\"caf\u00e9 \\u00e9 \\n\",\"client_id\":\"a-x\",\"file\":\"f\"}", "{\"message\":\"m\",",
        "{\"message\":\"m\",\"timestamp\":\"2026-11-25T10:00:00Z\",\"timestamp\":null}", "\"text\"",
        "{\"message\":\"m\",\"host\":\"node-1\",\"PRIORITY\":\"3\",\"_SYSTEMD_UNIT\":\"kubelet.service\"}",
        "{\"message\":\"m\",\"host\":null}", "{\"message\":\"m\",\"host\":7}", "{\"message\":\"m\",\"host\":{}}",
        "{\"message\":\"m\",\"host\":\"a\",\"host\":\"b\"}", "{\"message\":\"m\",\"host\":\"n\u00e9\"}",
        "{\"message\":\"m\"}{\"message\":\"n\"}", "{\"message\":\"m\"}\n{\"message\":\"n\"}", "{\"message\":\"m\"} x",
        "{\"message\":\"m\"}]", "{\"message\":\"m\"} \r\n", "{\"message\":\"m\",\"x\":{\"a\":1},\"x\":[]}",
        "{\"message\":\"m\",\"x\":\"1\",\"kubernetes\":{\"pod_name\":\"p\"},\"x\":\"2\"}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":\"p\",\"z\":{},\"z\":1}}", "\ufeff{\"message\":\"m\"}",
        "{\"message\":7}", "{\"message\":\"m\",\"stream\":1.5}", "{\"message\":\"m\",\"client_id\":false}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":\"p\",\"pod_labels\":{\"a\":2}}}",
        "{\"message\":\"m\",\"kubernetes\":{\"pod_name\":\"p\",\"pod_labels\":{\"a\":\"1\"},\"pod_labels\":{}}}"})
    void badOrOddRecordsAreReadOrRejectedAsTheSharedCodecDoes(String json) {
        assertSameDecoding(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theAgentsRecordsAreReadWithoutTheSharedCodec() throws JsonDecodeException {
        byte[] bytes = Lines.value("boom \"x\" é", "api", "app", Lines.T0.plusNanos(1234), null)
                .getBytes(StandardCharsets.UTF_8);
        RawLogRecord fast = new RawRecordReader(JsonCodec.shared().mapper().getFactory()).read(bytes);
        assertThat(fast).isNotNull().isEqualTo(JsonCodec.shared().decode(bytes, RawLogRecord.class));
    }

    /** The streaming reader reads {@code bytes} as the codec does, or leaves them to it. */
    static void assertReaderReadsAsTheCodecDoesOrNotAtAll(byte[] bytes) {
        RawLogRecord read = new RawRecordReader(JsonCodec.shared().mapper().getFactory()).read(bytes);
        if (read == null) {
            return;
        }
        try {
            assertThat(read).as(new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(JsonCodec.shared().decode(bytes, RawLogRecord.class));
        } catch (JsonDecodeException e) {
            throw new AssertionError("read what the codec rejects: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    @Test
    void aByteOrderMarkOrUtf16IsRejectedAsTheSharedCodecDoes() {
        byte[] plain = "{\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8);
        byte[] marked = new byte[plain.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, marked, 3, plain.length);
        assertSameDecoding(marked);
        assertSameDecoding("{\"message\":\"m\"}".getBytes(StandardCharsets.UTF_16BE));
        assertThatThrownBy(() -> LogJson.shared().decodeRaw(marked)).isInstanceOf(JsonDecodeException.class);
    }

    private static void assertSameDecoding(byte[] bytes) {
        assertReaderReadsAsTheCodecDoesOrNotAtAll(bytes);
        RawLogRecord expected;
        try {
            expected = JsonCodec.shared().decode(bytes, RawLogRecord.class);
        } catch (JsonDecodeException e) {
            assertThatThrownBy(() -> LogJson.shared().decodeRaw(bytes)).isInstanceOf(JsonDecodeException.class)
                    .hasMessage(e.getMessage())
                    .satisfies(f -> assertThat(((JsonDecodeException) f).reason()).isEqualTo(e.reason()))
                    .satisfies(f -> assertThat(((JsonDecodeException) f).field()).isEqualTo(e.field()));
            return;
        }
        try {
            assertThat(LogJson.shared().decodeRaw(bytes)).isEqualTo(expected);
        } catch (JsonDecodeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void normalizedLogsAreEncodedToTheSharedCodecsBytes() {
        Random random = new Random(3);
        for (int n = 0; n < 2000; n++) {
            Instant t = Instant.ofEpochSecond(random.nextLong() % 100_000_000_000L, n % 3 == 0 ? 0
                    : random.nextInt(1_000_000_000));
            NormalizedLog log = new NormalizedLog("log-" + n, t, Severity.values()[n % 5], n % 2 == 0 ? null : "warn",
                    "plain", n % 3 == 0 ? null : "TIMEOUT", "0123456789abcdef", "a <NUM> \"<STR>\" é\u0001\n",
                    "msg " + n + " \"q\" \\ \t", n % 4 == 0 ? null : "at x\n\tat y", n % 5 == 0 ? null : n,
                    new Subject("Pod", n % 2 == 0 ? null : "uid", "shop", "api"), "app", n % 7 == 0 ? null : "node");
            assertThat(LogJson.shared().encode(log)).isEqualTo(JsonCodec.shared().encode(log));
        }
    }

    @Test
    void normalizedLogsWithNullsAndAnyCharacterAreEncodedToTheSharedCodecsBytes() {
        String odd = "\ud83d\ude00 \u2028 \u0000 </script> \u007f \\u0041";
        List<NormalizedLog> logs = List.of(
                new NormalizedLog(null, null, null, null, null, null, null, null, null, null, null, null, null, null),
                new NormalizedLog("log-1", Instant.EPOCH, Severity.CRITICAL, odd, odd, odd, odd, odd, odd, odd, 0,
                        new Subject(odd, null, null, null), odd, odd),
                new NormalizedLog("log-2", Instant.MAX, Severity.DEBUG, "", "", "", "", "", "", "", -1,
                        new Subject("Pod", "", "", ""), "", ""));
        for (NormalizedLog log : logs) {
            assertThat(LogJson.shared().encode(log)).isEqualTo(JsonCodec.shared().encode(log))
                    .isEqualTo(LogJson.shared().encodeByBinding(log));
        }
    }
}
