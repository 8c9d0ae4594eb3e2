package io.kgrca.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * The one JSON configuration of the wire protocol: unknown fields are ignored, absent or null required fields
 * are rejected with an error that names them, times are RFC 3339 strings, nulls are not written.
 *
 * <p>Instances are immutable and thread-safe; {@link #shared()} is the usual way to get one.
 */
public final class JsonCodec {

    private static final JsonCodec SHARED = new JsonCodec();

    private final ObjectMapper mapper;

    private JsonCodec() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
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
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new JsonDecodeException(JsonDecodeException.Reason.NOT_AN_OBJECT, null,
                        "value is JSON null, expected a " + type.getSimpleName() + " object", null);
            }
            String missing = RequiredFields.firstMissing(value);
            if (missing != null) {
                throw new JsonDecodeException(JsonDecodeException.Reason.MISSING_FIELD, missing,
                        type.getSimpleName() + " is missing required field '" + missing + "'", null);
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

    private static JsonDecodeException classify(IOException e, Class<?> type) {
        String what = type.getSimpleName();
        if (causedBy(e, JsonEOFException.class) || String.valueOf(e.getMessage()).contains("end-of-input")) {
            return new JsonDecodeException(JsonDecodeException.Reason.TRUNCATED, null,
                    "JSON ends before the " + what + " is complete", e);
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
