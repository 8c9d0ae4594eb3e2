package io.kgrca.helmchart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects of a {@code helm template} output, parsed with Jackson YAML. */
final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    private final List<JsonNode> objects;

    private Manifests(List<JsonNode> objects) {
        this.objects = objects;
    }

    /** Parses every YAML document (skipping empty ones). */
    static Manifests parse(String yaml) {
        List<JsonNode> list = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject() && n.has("kind")) {
                    list.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Manifests(list);
    }

    /** Parses a YAML text into a tree (for embedded configs). */
    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<JsonNode> all() {
        return objects;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String nameSuffix) {
        return ofKind(kind).stream().filter(o -> o.path("metadata").path("name").asText().endsWith(nameSuffix)).findFirst();
    }

    JsonNode get(String kind, String nameSuffix) {
        return find(kind, nameSuffix).orElseThrow(() -> new AssertionError("no " + kind + " named *" + nameSuffix));
    }

    /** Every container of every workload, with the workload's kind/name. */
    List<JsonNode> containers() {
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode o : objects) {
            JsonNode containers = o.path("spec").path("template").path("spec").path("containers");
            containers.forEach(list::add);
        }
        return list;
    }

    /** The first container of a workload. */
    static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").get(0);
    }

    /** A container's plain env values (secret references as {@code secret:<name>/<key>}). */
    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            } else if (e.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                env.put(e.path("name").asText(), "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText());
            } else if (e.path("valueFrom").has("fieldRef")) {
                env.put(e.path("name").asText(), "field:" + e.path("valueFrom").path("fieldRef").path("fieldPath").asText());
            }
        }
        return env;
    }
}
