package io.kgrca.lognormalizer.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.kgrca.common.model.RawLogRecord.KubernetesMeta;
import io.kgrca.common.model.RawLogRecord;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;



/**
 * Reads the common shape of a Vector record with Jackson's streaming parser, without data binding: an object with
 * a string {@code message}, a strict RFC 3339 {@code timestamp} ({@link Instants#parseStrict}), string
 * {@code stream}, {@code file}, {@code client_id} and {@code host}, a {@code kubernetes} object of strings with string
 * {@code pod_labels}; unknown fields are skipped, any field may be null except {@code message}. Anything else (a
 * number where a string belongs, a field given twice, a null label, another timestamp shape, bad JSON, anything
 * after the object, a byte-order mark) is not
 * read: {@link #read} returns null and the caller decodes the record with the shared codec, which gives the same
 * record or the rejection with its reason.
 */
final class RawRecordReader {

    private final JsonFactory factory;

    /** A reader on the parsers of {@code factory}. */
    RawRecordReader(JsonFactory factory) {
        this.factory = factory;
    }

    /**
     * The record, or null when it is not of the common shape. As strict as the shared codec: one object and
     * nothing after it but whitespace, no member twice (unknown ones included), no byte-order mark.
     */
    RawLogRecord read(byte[] bytes) {
        if (bytes.length == 0 || !startsLikeAnObject(bytes[0])) {
            return null; // a byte-order mark, UTF-16 or UTF-32, which the parser would quietly accept
        }
        try (JsonParser p = factory.createParser(bytes)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            RawLogRecord r = record(p);
            return p.nextToken() == null ? r : null;
        } catch (IOException | UnusualShape e) {
            return null;
        }
    }

    private static boolean startsLikeAnObject(byte first) {
        return first == '{' || first == ' ' || first == '\t' || first == '\n' || first == '\r';
    }

    private static RawLogRecord record(JsonParser p) throws IOException, UnusualShape {
        String message = null;
        Instant timestamp = null;
        String stream = null;
        String file = null;
        KubernetesMeta kubernetes = null;
        String clientId = null;
        String host = null;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "message" -> {
                    seen = once(seen, 1);
                    message = text(p, v);
                }
                case "timestamp" -> {
                    seen = once(seen, 2);
                    timestamp = instant(p, v);
                }
                case "stream" -> {
                    seen = once(seen, 4);
                    stream = text(p, v);
                }
                case "file" -> {
                    seen = once(seen, 8);
                    file = text(p, v);
                }
                case "kubernetes" -> {
                    seen = once(seen, 16);
                    kubernetes = v == JsonToken.VALUE_NULL ? null : meta(p, v);
                }
                case "client_id" -> {
                    seen = once(seen, 32);
                    clientId = text(p, v);
                }
                case "host" -> {
                    seen = once(seen, 64);
                    host = text(p, v);
                }
                default -> p.skipChildren();
            }
        }
        if (message == null) {
            throw UnusualShape.INSTANCE;
        }
        return new RawLogRecord(message, timestamp, stream, file, kubernetes, clientId, host);
    }

    private static KubernetesMeta meta(JsonParser p, JsonToken start) throws IOException, UnusualShape {
        if (start != JsonToken.START_OBJECT) {
            throw UnusualShape.INSTANCE;
        }
        String[] v = new String[6];
        Map<String, String> labels = null;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int i = switch (name) {
                case "pod_name" -> 0;
                case "pod_namespace" -> 1;
                case "pod_uid" -> 2;
                case "container_name" -> 3;
                case "container_image" -> 4;
                case "pod_node_name" -> 5;
                case "pod_labels" -> 6;
                default -> -1;
            };
            if (i < 0) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, 1 << i);
            if (i < 6) {
                v[i] = text(p, value);
            } else if (value != JsonToken.VALUE_NULL) {
                labels = labels(p, value);
            }
        }
        return new KubernetesMeta(v[0], v[1], v[2], v[3], v[4], v[5], labels);
    }

    private static Map<String, String> labels(JsonParser p, JsonToken start) throws IOException, UnusualShape {
        if (start != JsonToken.START_OBJECT) {
            throw UnusualShape.INSTANCE;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING || labels.put(name, p.getText()) != null) {
                throw UnusualShape.INSTANCE;
            }
        }
        return labels;
    }

    private static int once(int seen, int bit) throws UnusualShape {
        if ((seen & bit) != 0) {
            throw UnusualShape.INSTANCE;
        }
        return seen | bit;
    }

    private static String text(JsonParser p, JsonToken v) throws IOException, UnusualShape {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        throw UnusualShape.INSTANCE;
    }

    private static Instant instant(JsonParser p, JsonToken v) throws IOException, UnusualShape {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        Instant t = v == JsonToken.VALUE_STRING ? Instants.parseStrict(p.getText()) : null;
        if (t == null) {
            throw UnusualShape.INSTANCE;
        }
        return t;
    }
}
