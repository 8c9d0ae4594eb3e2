package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;
import java.util.Objects;

/**
 * A Kubernetes object by kind, namespace and name: the one identity scheme that resources, topology edges and
 * events share, so that they join in the graph.
 *
 * <p>{@link #id()} is {@code <kind>/<namespace>/<name>} with the kind in lower case and an empty namespace for
 * cluster-scoped kinds, e.g. {@code pod/default/web-0} and {@code node//worker-1}. Kubernetes names never
 * contain {@code /}, so {@link #parse(String)} is exact.
 *
 * @param kind      the object kind as Kubernetes spells it ({@code Pod}, {@code Node})
 * @param namespace the namespace, empty for cluster-scoped kinds
 * @param name      the object name
 */
public record ResourceRef(
        @JsonProperty(value = "kind", required = true) String kind,
        @JsonProperty("namespace") String namespace,
        @JsonProperty(value = "name", required = true) String name) {

    /** Requires kind and name; a null namespace becomes empty. */
    public ResourceRef {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("resource kind is required");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("resource name is required");
        }
        namespace = namespace == null ? "" : namespace;
        if (kind.contains("/") || namespace.contains("/") || name.contains("/")) {
            throw new IllegalArgumentException("resource kind, namespace and name must not contain '/'");
        }
    }

    /** A namespaced or cluster-scoped ({@code namespace} null or empty) reference. */
    public static ResourceRef of(String kind, String namespace, String name) {
        return new ResourceRef(kind, namespace, name);
    }

    /** The shared identity: {@code <lower-case kind>/<namespace>/<name>}. */
    @JsonIgnore
    public String id() {
        return kind.toLowerCase(Locale.ROOT) + "/" + namespace + "/" + name;
    }

    /** Parses an {@link #id()}; the kind comes back in lower case. */
    public static ResourceRef parse(String id) {
        Objects.requireNonNull(id, "id");
        String[] parts = id.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("resource id '" + id + "' is not <kind>/<namespace>/<name>");
        }
        return new ResourceRef(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return id();
    }
}
