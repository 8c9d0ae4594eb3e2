package io.kgrca.agent.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kgrca.common.json.JsonCodec;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Short content hashes (the first 16 hex digits of a SHA-256): of an object's canonical JSON (object keys sorted at
 * every level, nulls dropped), and of a ConfigMap's or Secret's data. A hash says that something changed without
 * carrying what it is, so values never leave the cluster.
 */
final class Hashes {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final int HEX_DIGITS = 16;

    private Hashes() {
    }

    /** The hash of {@code value}'s canonical JSON, or null for null. */
    static String canonical(Object value) {
        if (value == null) {
            return null;
        }
        JsonNode tree = canonicalTree(SERIALIZATION.convertValue(value, JsonNode.class));
        try {
            return sha256(JsonCodec.shared().mapper().writeValueAsBytes(tree));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The hash of text and binary entries, over the sorted keys: each entry contributes its kind (text or binary),
     * its key and its value, each length-prefixed so that no two different maps feed the same bytes.
     */
    static String data(Map<String, String> text, Map<String, String> binary) {
        Map<String, String> sorted = new TreeMap<>();
        if (text != null) {
            text.forEach((k, v) -> sorted.put("t:" + k, v == null ? "" : v));
        }
        if (binary != null) {
            binary.forEach((k, v) -> sorted.put("b:" + k, v == null ? "" : v));
        }
        StringBuilder feed = new StringBuilder();
        sorted.forEach((k, v) -> feed.append(k.length()).append(':').append(k).append(v.length()).append(':').append(v));
        return sha256(feed.toString().getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode canonicalTree(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    fields.put(e.getKey(), canonicalTree(e.getValue()));
                }
            }
            fields.forEach(sorted::set);
            return sorted;
        } else if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(element -> copy.add(canonicalTree(element)));
            return copy;
        }
        return node;
    }

    private static String sha256(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
