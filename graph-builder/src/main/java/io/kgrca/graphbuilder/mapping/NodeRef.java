package io.kgrca.graphbuilder.mapping;

import io.kgrca.common.model.ResourceRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource as a relationship end or a signal's subject: what is needed to create a placeholder node when the
 * resource's own state has not arrived yet.
 *
 * @param id        {@code ResourceRef.id()}
 * @param kind      the kind as written
 * @param label     the kind label, or null
 * @param namespace the namespace, empty for cluster-scoped kinds
 * @param name      the name
 */
public record NodeRef(String id, String kind, String label, String namespace, String name) {

    /** The node of {@code ref}. */
    public static NodeRef of(ResourceRef ref) {
        return new NodeRef(ref.id(), ref.kind(), KindLabels.of(ref.kind()), ref.namespace(), ref.name());
    }

    /** As Cypher parameters. */
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", label != null ? label : kind);
        m.put("labels", label != null ? List.of(label) : List.of());
        m.put("namespace", namespace);
        m.put("name", name);
        return m;
    }
}
