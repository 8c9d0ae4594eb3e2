package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Kubernetes object a normalized event or log is about.
 *
 * @param kind      object kind, such as {@code Pod}
 * @param uid       object uid, when known
 * @param namespace namespace, empty for cluster-scoped kinds
 * @param name      object name
 */
public record Subject(
        @JsonProperty(value = "kind", required = true) String kind,
        @JsonProperty("uid") String uid,
        @JsonProperty("namespace") String namespace,
        @JsonProperty(value = "name", required = true) String name) {

    /** The resource this subject names, under the shared identity scheme. */
    @JsonIgnore
    public ResourceRef ref() {
        return ResourceRef.of(kind, namespace, name);
    }
}
