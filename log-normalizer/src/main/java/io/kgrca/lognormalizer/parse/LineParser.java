package io.kgrca.lognormalizer.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kgrca.common.json.JsonCodec;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;



/**
 * Pure: takes one log line apart as JSON (an object), logfmt ({@code key=value} pairs, the first token a pair,
 * at least two pairs and one of {@code msg}, {@code message}, {@code level}, {@code lvl}) or plain text. A line
 * that only looks structured (a brace that does not parse, an unterminated quote) is read as plain.
 */
public final class LineParser {

    private static final String[] MESSAGE_FIELDS = {"msg", "message", "@message", "log", "text", "event"};
    private static final String[] LEVEL_FIELDS = {"level_name", "levelname", "level", "lvl", "severity", "loglevel",
        "log.level", "@level", "log_level"};
    private static final String[] ERROR_FIELDS = {"error", "err", "exception", "error.message", "exc"};
    private static final String[] STACK_FIELDS = {"stack_trace", "stacktrace", "stack", "exc_info",
        "error.stack_trace", "traceback"};

    /**
     * A line is the application's text, not the wire protocol: the strictness of the shared codec (one value, no
     * name twice) is not its business; a JSON line with a repeated key is still a JSON line (the last one wins).
     */
    private static final ObjectMapper MAPPER = lenient();

    private final ObjectMapper mapper = MAPPER;

    private static ObjectMapper lenient() {
        ObjectMapper m = JsonCodec.shared().mapper().copy();
        m.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.getFactory().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return m;
    }

    /** Parses {@code line} (a single line, without its newline). */
    public ParsedLine parse(String line) {
        String t = line.strip();
        if (t.length() > 1 && t.charAt(0) == '{' && t.charAt(t.length() - 1) == '}') {
            ParsedLine json = json(line);
            if (json != null) {
                return json;
            }
        }
        if (looksLikeLogfmt(t)) {
            ParsedLine logfmt = logfmt(t);
            if (logfmt != null) {
                return logfmt;
            }
        }
        return ParsedLine.plain(line);
    }

    private ParsedLine json(String line) {
        JsonNode root;
        try {
            root = mapper.readTree(line);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        String text = firstText(root, MESSAGE_FIELDS);
        String level = firstText(root, LEVEL_FIELDS);
        JsonNode nested = root.get("log");
        if (level == null && nested != null && nested.isObject()) {
            level = text(nested.get("level"));
        }
        String error = null;
        String stack = firstText(root, STACK_FIELDS);
        for (String f : ERROR_FIELDS) {
            JsonNode e = path(root, f);
            if (e != null && e.isObject()) {
                error = firstText(e, new String[]{"message", "msg", "type", "kind"});
                stack = stack != null ? stack : firstText(e, new String[]{"stack", "stack_trace", "stacktrace"});
            } else if (e != null && !e.isNull()) {
                error = text(e);
            }
            if (error != null) {
                break;
            }
        }
        if (text == null) {
            text = error != null ? error : line;
        }
        return new ParsedLine(ParsedLine.JSON, text.stripTrailing(), level, error, stack);
    }

    /** A dotted name is looked up as a flat key first, then as a path ({@code error.message}). */
    private static JsonNode path(JsonNode root, String field) {
        JsonNode flat = root.get(field);
        if (flat != null || field.indexOf('.') < 0) {
            return flat;
        }
        JsonNode n = root;
        for (String part : field.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    private static String firstText(JsonNode root, String[] fields) {
        for (String f : fields) {
            String v = text(path(root, f));
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        return n.asText();
    }

    private static boolean looksLikeLogfmt(String t) {
        int eq = t.indexOf('=');
        if (eq <= 0 || eq > 40) {
            return false;
        }
        for (int i = 0; i < eq; i++) {
            char c = t.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '@')) {
                return false;
            }
        }
        return Character.isLetter(t.charAt(0)) || t.charAt(0) == '_';
    }

    private static ParsedLine logfmt(String t) {
        Map<String, String> pairs = pairs(t);
        if (pairs == null || pairs.size() < 2) {
            return null;
        }
        String text = pairs.getOrDefault("msg", pairs.get("message"));
        String level = pairs.getOrDefault("level", pairs.getOrDefault("lvl", pairs.get("severity")));
        if (text == null && level == null) {
            return null;
        }
        String error = pairs.getOrDefault("error", pairs.get("err"));
        return new ParsedLine(ParsedLine.LOGFMT, text != null ? text : t, level, error, null);
    }

    /** {@code key=value} pairs; values may be double-quoted with backslash escapes. Null when malformed. */
    static Map<String, String> pairs(String t) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = t.length();
        while (i < n) {
            while (i < n && t.charAt(i) == ' ') {
                i++;
            }
            int keyStart = i;
            while (i < n && t.charAt(i) != '=' && t.charAt(i) != ' ') {
                i++;
            }
            if (i == keyStart) {
                break;
            }
            String key = t.substring(keyStart, i);
            if (i >= n || t.charAt(i) != '=') {
                out.putIfAbsent(key, "true");
                continue;
            }
            i++;
            StringBuilder value = new StringBuilder();
            if (i < n && t.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = t.charAt(i++);
                    if (c == '\\' && i < n) {
                        char e = t.charAt(i++);
                        value.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
            } else {
                while (i < n && t.charAt(i) != ' ') {
                    value.append(t.charAt(i++));
                }
            }
            out.putIfAbsent(key, value.toString());
        }
        return out;
    }
}
