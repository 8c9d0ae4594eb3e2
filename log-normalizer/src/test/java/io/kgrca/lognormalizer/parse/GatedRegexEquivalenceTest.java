package io.kgrca.lognormalizer.parse;

import io.kgrca.common.model.Severity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gated classifier and content-level words ({@link GatedRegex}: alternatives run only when the text holds their
 * literals) give exactly what the whole patterns give with one {@code find}, over the golden lines, pieces of them
 * and texts made to sit on the edges (words at the end, line terminators, case, non-ASCII letters).
 */
class GatedRegexEquivalenceTest {

    private static final Path INPUT = Path.of("src/test/resources/golden/logs/input");
    private static final int CI = Pattern.CASE_INSENSITIVE;

    /** The EXCEPTION rule's first alternative as it was written before it was split into four. */
    private static final String EXCEPTION_AS_WRITTEN = "\\b[A-Z]\\w*(?:Exception|Error)\\b(?::|$)";

    private static final Pattern ERROR_WORDS = Pattern.compile(
            "\\b(?:error|errors|failed|failure|fatal|exception|unable to|cannot|can't|could not|refused)\\b", CI);
    private static final Pattern NO_ERRORS = Pattern.compile("\\b(?:no|0|zero|without) (?:errors?|failures?)\\b", CI);
    private static final Pattern WARN_WORDS = Pattern.compile(
            "\\b(?:warn|warning|deprecated|retrying|retry|slow|throttl\\w*)\\b", CI);

    private static final List<String> EDGES = List.of("IOError", "IOError:", "IOError\n", "IOError\r\n", "IOError\r",
            "IOError\n\n", "x IOError\u2028", "java.lang.IllegalStateException", "FooException: x", "fooexception:",
            "an error", "error", "Error:", "ERRORS", "no errors", "0 failures here", "without failure", "retrying",
            "throttled", "Throttling", "slow", "DEPRECATED", "warn", "WARNING", "can't", "could not", "refused",
            "İOError", "\u212Aill", "ÉRROR: x", "status=503", "HTTP/1.1\" 502", "502 Bad Gateway", "code=500",
            "x509: bad", "\tat com.x.Y.z(Y.java:1)", "  at a.b(c)\n", "Caused by: x", "caused by: x",
            "Traceback (most recent call last):", "panic: boom", "goroutine 1 [running]:", "fatal error: x",
            "thread 'main' panicked at x", "lookup api on 10.0.0.1:53", "i/o timeout", "Timeout: x", "OOM",
            "oom-kill", "out of memory", "got signal 11", "terminated by signal 6", "relation \"t\" does not exist",
            "Cannot read properties of undefined", "disk is full", "certificate has expired", "took 5.2s", "took 1500ms",
            "took 0.5s", "took 2m3.5s", "took 1m0.5s", "duration: 2345.678 ms", "duration: 999.9 ms", "slow query",
            "Slow Request", "pool exhausted", "Pool is full", "RESOURCE_EXHAUSTED", "ResourceExhausted",
            "too many clients", "Disconnected from node 1", "Disconnecting from node 1", "connection lost",
            "Connection to broker lost", "lost connection", "WORKER TIMEOUT", "statement timeout", "lock timeout",
            "->10.96.0.10:53: i/o timeout", "[::1]:53: x", "1.2.3.4:53: x", "1.2.3.4:5353: x", "could not be resolved",
            "host not found", "invalid configuration", "configuration error", "unknown directive",
            "missing required env", "missing required environment variable X", "required key X is missing",
            "Failed to bind properties", "error loading config", "failed to parse config",
            "shutting down", "database system is shut down", "received fast shutdown request", "");

    private static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>(EDGES);
        try (Stream<Path> files = Files.list(INPUT)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    texts.add(line);
                    texts.add(line + "\n");
                    for (int cut = 3; cut < line.length(); cut += 11) {
                        texts.add(line.substring(cut));
                        texts.add(line.substring(0, cut));
                    }
                }
            }
        }
        for (String e : EDGES) {
            texts.add("prefix " + e + " suffix");
            texts.add(e.toUpperCase(Locale.ROOT));
            texts.add(e.toLowerCase(Locale.ROOT));
        }
        return texts;
    }

    /** The classifier as it was: the first rule whose whole pattern finds a match. */
    private static String classifyWhole(String text, Map<String, Pattern> rules) {
        for (Map.Entry<String, Pattern> r : rules.entrySet()) {
            if (r.getValue().matcher(text).find()) {
                return r.getKey();
            }
        }
        return null;
    }

    @Test
    void theClassifierFindsWhatTheWholePatternsFind() throws IOException {
        Map<String, Pattern> rules = new LinkedHashMap<>(ErrorClassifier.patterns());
        String exception = rules.get("EXCEPTION").pattern();
        String split = "\\b[A-Z]\\w*Exception:|\\b[A-Z]\\w*Error:|\\b[A-Z]\\w*Exception$|\\b[A-Z]\\w*Error$";
        assertThat(exception).startsWith(split);
        rules.put("EXCEPTION", Pattern.compile(EXCEPTION_AS_WRITTEN + exception.substring(split.length()), CI));
        int classified = 0;
        for (String text : texts()) {
            String expected = classifyWhole(text, rules);
            assertThat(ErrorClassifier.classify(text)).as(text).isEqualTo(expected);
            classified += expected == null ? 0 : 1;
        }
        assertThat(classified).isGreaterThan(500);
    }

    @Test
    void theContentLevelIsWhatTheWholePatternsGive() throws IOException {
        for (String text : texts()) {
            Severity expected = ERROR_WORDS.matcher(text).find() && !NO_ERRORS.matcher(text).find() ? Severity.ERROR
                    : WARN_WORDS.matcher(text).find() ? Severity.WARNING : Severity.INFO;
            assertThat(LevelDetector.fromContent(text, null)).as(text).isEqualTo(expected);
        }
    }
}
