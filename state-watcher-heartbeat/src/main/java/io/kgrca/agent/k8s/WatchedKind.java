package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Objects;

/**
 * One kind the agent can watch, at one API version.
 *
 * @param kind       the kind, as {@code ResourceRef} spells it
 * @param group      the API group, empty for core
 * @param version    the API version
 * @param resource   the plural resource name (what RBAC grants)
 * @param namespaced false for cluster-scoped kinds (one informer, whatever {@code WATCH_NAMESPACES} says)
 * @param type       the fabric8 model class, or null for a kind read as {@code GenericKubernetesResource}
 */
public record WatchedKind(String kind, String group, String version, String resource, boolean namespaced,
                          Class<? extends HasMetadata> type) {

    /** Requires kind, group, version, resource. */
    public WatchedKind {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(resource, "resource");
    }

    /** {@code v1} for core, else {@code group/version}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** True for a kind read as a generic resource (a custom resource). */
    public boolean generic() {
        return type == null;
    }

    /** {@code Kind (apiVersion)}, for logs. */
    public String describe() {
        return kind + " (" + apiVersion() + ")";
    }
}
