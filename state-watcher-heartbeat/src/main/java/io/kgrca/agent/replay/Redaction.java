package io.kgrca.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a recording leaves out of an object so that a timeline can be shared: the values of Secrets and ConfigMaps
 * ({@code data}, {@code binaryData}, {@code stringData}) become {@code sha256:<hex>} of the value, so the keys stay and
 * a changed value still reads as a change; the {@code kubectl.kubernetes.io/last-applied-configuration} annotation
 * (which repeats a whole manifest, Secret values included) and {@code metadata.managedFields} (bulk, no facts) are
 * dropped. Everything else is kept as the API server served it (pod specs with their literal env values included).
 * Pure; works on a copy.
 */
public final class Redaction {

    /** The annotation kubectl apply writes. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final List<String> VALUE_MAPS = List.of("data", "binaryData", "stringData");
    private static final String PREFIX = "sha256:";

    private Redaction() {
    }

    /** A redacted copy of {@code object}. */
    public static ObjectNode redact(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        JsonNode metadata = copy.get("metadata");
        if (metadata instanceof ObjectNode m) {
            m.remove("managedFields");
            if (m.get("annotations") instanceof ObjectNode a) {
                a.remove(LAST_APPLIED);
            }
        }
        String kind = copy.path("kind").asText("");
        String apiVersion = copy.path("apiVersion").asText("");
        if ("v1".equals(apiVersion) && ("Secret".equals(kind) || "ConfigMap".equals(kind))) {
            for (String field : VALUE_MAPS) {
                if (copy.get(field) instanceof ObjectNode values) {
                    for (Map.Entry<String, JsonNode> e : values.properties()) {
                        if (!e.getValue().isNull()) {
                            values.put(e.getKey(), hash(e.getValue().asText()));
                        }
                    }
                }
            }
        }
        return copy;
    }

    /** {@code sha256:<hex>} of a value (a value that is already such a hash is kept). */
    static String hash(String value) {
        if (value.startsWith(PREFIX)) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
