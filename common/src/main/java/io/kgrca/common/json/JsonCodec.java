package io.kgrca.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one JSON configuration of the wire protocol: unknown fields are ignored, absent or null required fields
 * are rejected with an error that names them, times are RFC 3339 strings, nulls are not written.
 *
 * <p>Reading is strict (issue 12, "lenient JSON"): exactly one JSON value per record, encoded in UTF-8 without a
 * byte-order mark; no member name twice in one object; no scalar coercion (a number or boolean where a string
 * belongs, a string or fraction where an integer belongs, a string or number where a boolean belongs); every
 * integer field of a wire record is a count and may not be negative. Each is a {@link JsonDecodeException} with
 * its own {@link JsonDecodeException.Reason}. Times stay RFC 3339 strings or epoch seconds, as heartbeats send them.
 *
 * <p>Instances are immutable and thread-safe; {@link #shared()} is the usual way to get one.
 */
public final class JsonCodec {

    private static final JsonCodec SHARED = new JsonCodec();

    private final ObjectMapper mapper;
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    private JsonCodec() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /** The shared codec. */
    public static JsonCodec shared() {
        return SHARED;
    }

    /** The underlying mapper, for callers that need tree access; do not reconfigure it. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Reads {@code bytes} as a {@code type}, classifying every failure. */
    public <T> T decode(byte[] bytes, Class<T> type) throws JsonDecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new JsonDecodeException(JsonDecodeException.Reason.EMPTY, null, "value is empty", null);
        }
        requireUtf8WithoutMark(bytes);
        try (JsonParser parser = mapper.createParser(bytes)) {
            // The reader leaves the end to us, so that whatever follows the value is named as such.
            T value = readers.computeIfAbsent(type, t -> mapper.readerFor(t)
                    .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)).readValue(parser);
            if (value == null) {
                throw new JsonDecodeException(JsonDecodeException.Reason.NOT_AN_OBJECT, null,
                        "value is JSON null, expected a " + type.getSimpleName() + " object", null);
            }
            requireEnd(parser, type);
            FieldRules.Violation broken = FieldRules.firstViolation(value);
            if (broken != null) {
                throw new JsonDecodeException(broken.reason(), broken.field(),
                        broken.reason() == JsonDecodeException.Reason.MISSING_FIELD
                                ? type.getSimpleName() + " is missing required field '" + broken.field() + "'"
                                : type.getSimpleName() + " field '" + broken.field() + "' " + broken.problem(), null);
            }
            return value;
        } catch (IOException e) {
            throw classify(e, type);
        } catch (IllegalArgumentException e) {
            throw new JsonDecodeException(JsonDecodeException.Reason.INVALID_FIELD, null,
                    "invalid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code bytes} as a JSON tree. */
    public JsonNode decodeTree(byte[] bytes) throws JsonDecodeException {
        return decode(bytes, JsonNode.class);
    }

    /** Writes {@code value} as UTF-8 JSON. */
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Writes {@code value} as a JSON string. */
    public String encodeToString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** JSON on the wire is UTF-8 (RFC 8259); Jackson would otherwise skip a mark or detect UTF-16 and UTF-32. */
    private static void requireUtf8WithoutMark(byte[] b) throws JsonDecodeException {
        int first = b[0] & 0xFF;
        if (first == 0xEF || first == 0xFE || first == 0xFF) {
            throw new JsonDecodeException(JsonDecodeException.Reason.BYTE_ORDER_MARK, null,
                    "value starts with a byte-order mark or a byte no JSON text starts with (0x"
                            + Integer.toHexString(first) + ")", null);
        }
        if (first == 0 || b.length > 1 && b[1] == 0) {
            throw new JsonDecodeException(JsonDecodeException.Reason.NOT_UTF8, null,
                    "value is not UTF-8 (a zero byte at its start: UTF-16 or UTF-32)", null);
        }
    }

    private static void requireEnd(JsonParser parser, Class<?> type) throws JsonDecodeException {
        String next;
        try {
            var token = parser.nextToken();
            if (token == null) {
                return;
            }
            next = token.name();
        } catch (IOException e) {
            next = "bytes that are not JSON";
        }
        throw new JsonDecodeException(JsonDecodeException.Reason.TRAILING_DATA, null,
                "the " + type.getSimpleName() + " is followed by more data (" + next + " at byte "
                        + parser.currentLocation().getByteOffset() + "); a record holds exactly one JSON value",
                null);
    }

    private static JsonDecodeException classify(IOException e, Class<?> type) {
        String what = type.getSimpleName();
        if (causedBy(e, JsonEOFException.class) || String.valueOf(e.getMessage()).contains("end-of-input")) {
            return new JsonDecodeException(JsonDecodeException.Reason.TRUNCATED, null,
                    "JSON ends before the " + what + " is complete", e);
        }
        JsonParseException duplicate = duplicateField(e);
        if (duplicate != null) {
            String message = firstLine(duplicate.getOriginalMessage());
            return new JsonDecodeException(JsonDecodeException.Reason.DUPLICATE_FIELD, missingField(message, ""),
                    what + " has a member name twice (" + message + ")", e);
        }
        if (e instanceof JsonParseException) {
            return new JsonDecodeException(JsonDecodeException.Reason.NOT_JSON, null,
                    "value is not JSON: " + firstLine(((JsonParseException) e).getOriginalMessage()), e);
        }
        if (e instanceof JsonMappingException mapping) {
            String path = path(mapping);
            String message = firstLine(mapping.getOriginalMessage());
            if (message.startsWith("Missing required creator property")
                    || message.startsWith("Null value for creator property")) {
                String field = missingField(message, path);
                return new JsonDecodeException(JsonDecodeException.Reason.MISSING_FIELD, field,
                        what + " is missing required field '" + field + "'", e);
            }
            if (path.isEmpty() && e instanceof MismatchedInputException) {
                return new JsonDecodeException(JsonDecodeException.Reason.NOT_AN_OBJECT, null,
                        "value is not a JSON object: " + message, e);
            }
            if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
                return new JsonDecodeException(JsonDecodeException.Reason.INVALID_FIELD, path,
                        what + " field '" + path + "' is invalid: " + message, e);
            }
            Throwable cause = mapping.getCause();
            String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : message;
            return new JsonDecodeException(JsonDecodeException.Reason.INVALID_FIELD, path.isEmpty() ? null : path,
                    "invalid " + what + (path.isEmpty() ? "" : " at '" + path + "'") + ": " + firstLine(detail), e);
        }
        return new JsonDecodeException(JsonDecodeException.Reason.NOT_JSON, null,
                "cannot read " + what + ": " + e.getMessage(), e);
    }

    private static JsonParseException duplicateField(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException p && firstLine(p.getOriginalMessage()).startsWith("Duplicate field")) {
                return p;
            }
        }
        return null;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String missingField(String message, String path) {
        int open = message.indexOf('\'');
        int close = open < 0 ? -1 : message.indexOf('\'', open + 1);
        String name = close > open ? message.substring(open + 1, close) : "?";
        if (path.isEmpty()) {
            return name;
        }
        return path.equals(name) || path.endsWith("." + name) ? path : path + "." + name;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
