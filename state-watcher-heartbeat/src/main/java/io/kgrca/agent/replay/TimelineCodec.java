package io.kgrca.agent.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kgrca.common.json.JsonCodec;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes timelines: JSON Lines (one entry per line, the agent's record/replay file) or a JSON array (the
 * {@code timeline} of a scenario file). Entry shapes: {@code {"at", "op": "upsert"|"delete", "object"}} and
 * {@code {"at", "log"}}. Pure.
 */
public final class TimelineCodec {

    private static final ObjectMapper MAPPER = JsonCodec.shared().mapper();

    private TimelineCodec() {
    }

    /** Parses JSON Lines; blank lines are skipped; a bad line throws naming its line number. */
    public static List<TimelineEntry> parseLines(String text) {
        List<TimelineEntry> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(entry(MAPPER.readTree(lines[i])));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException("timeline line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Parses a JSON array of entries. */
    public static List<TimelineEntry> parseArray(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("a timeline is an array of entries");
        }
        List<TimelineEntry> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                out.add(entry(array.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("timeline entry " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** One entry from its JSON. */
    public static TimelineEntry entry(JsonNode node) {
        Instant at = instant(node.path("at").asText(null));
        if (node.has("log")) {
            return TimelineEntry.log(at, node.get("log"));
        }
        JsonNode object = node.get("object");
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("entry has neither object nor log");
        }
        String op = node.path("op").asText("upsert").toUpperCase(Locale.ROOT);
        try {
            return TimelineEntry.object(at, TimelineEntry.Op.valueOf(op), object);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("op must be upsert or delete, not " + node.path("op").asText(), e);
        }
    }

    /** The JSON of one entry, fields in the documented order. */
    public static ObjectNode toJson(TimelineEntry e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("at", e.at().toString());
        if (e.isLog()) {
            n.set("log", e.log());
        } else {
            n.put("op", e.op().name().toLowerCase(Locale.ROOT));
            n.set("object", e.object());
        }
        return n;
    }

    /** The entries as a JSON array. */
    public static ArrayNode toArray(List<TimelineEntry> entries) {
        ArrayNode a = MAPPER.createArrayNode();
        entries.forEach(e -> a.add(toJson(e)));
        return a;
    }

    /** The entries as JSON Lines. */
    public static String toLines(List<TimelineEntry> entries) {
        StringBuilder sb = new StringBuilder();
        try {
            for (TimelineEntry e : entries) {
                sb.append(MAPPER.writeValueAsString(toJson(e))).append('\n');
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    private static Instant instant(String text) {
        if (text == null) {
            throw new IllegalArgumentException("entry has no at");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at is not an ISO instant: " + text, e);
        }
    }
}
