package io.kgrca.rcaeval.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kgrca.agent.replay.TimelineCodec;
import io.kgrca.agent.replay.TimelineEntry;
import io.kgrca.common.json.JsonCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes scenario files: one JSON object {@code {"name", "class", "source", "split", "truth",
 * "timeline": [entries]}} per file, written with one timeline entry per line so that files diff well. Writing the
 * same scenario twice gives the same bytes.
 */
public final class ScenarioCodec {

    private static final ObjectMapper MAPPER = JsonCodec.shared().mapper();

    private ScenarioCodec() {
    }

    /** Parses a scenario file's text. */
    public static Scenario parse(String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            Truth truth = MAPPER.treeToValue(n.get("truth"), Truth.class);
            List<TimelineEntry> timeline = TimelineCodec.parseArray(n.path("timeline"));
            return new Scenario(n.path("name").asText(), n.path("class").asText(), n.path("source").asText(),
                    n.path("split").asText(), timeline, truth);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a scenario: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a scenario file. */
    public static Scenario read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The file text of a scenario. */
    public static String format(Scenario s) {
        try {
            StringBuilder sb = new StringBuilder("{\n");
            field(sb, "name", s.name());
            field(sb, "class", s.faultClass());
            field(sb, "source", s.source());
            field(sb, "split", s.split());
            sb.append("  \"truth\": ").append(MAPPER.writeValueAsString(s.truth())).append(",\n");
            sb.append("  \"timeline\": [\n");
            List<TimelineEntry> t = s.timeline();
            for (int i = 0; i < t.size(); i++) {
                sb.append("    ").append(MAPPER.writeValueAsString(TimelineCodec.toJson(t.get(i))))
                        .append(i + 1 < t.size() ? ",\n" : "\n");
            }
            return sb.append("  ]\n}\n").toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a scenario to {@code file}. */
    public static void write(Scenario s, Path file) {
        try {
            Files.createDirectories(Objects.requireNonNull(file.toAbsolutePath().getParent(), "a file has a folder"));
            Files.writeString(file, format(s), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void field(StringBuilder sb, String name, String value) throws JsonProcessingException {
        sb.append("  \"").append(name).append("\": ").append(MAPPER.writeValueAsString(value)).append(",\n");
    }
}
