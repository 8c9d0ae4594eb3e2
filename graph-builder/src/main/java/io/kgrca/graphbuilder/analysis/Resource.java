package io.kgrca.graphbuilder.analysis;

import java.util.List;
import java.util.Set;

/**
 * A resource as the analysis sees it: identity, placement and the facts of its spec that name other resources.
 *
 * @param id        its {@code ResourceRef.id()}, {@code <kind>/<namespace>/<name>}
 * @param kind      lower-case kind
 * @param namespace namespace, empty for cluster-scoped kinds
 * @param name      name
 * @param uid       Kubernetes uid, or null
 * @param ip        pod IP or service cluster IP, or null
 * @param ports     a service's ports (empty otherwise)
 * @param envHosts  host names a pod's environment names ({@code spec.env_hosts})
 * @param createdAt creation time ({@code spec.created_at}), epoch milliseconds, or null when unknown
 */
public record Resource(String id, String kind, String namespace, String name, String uid, String ip,
                       Set<Integer> ports, List<String> envHosts, Long createdAt) {

    /** A resource whose creation time is unknown. */
    public Resource(String id, String kind, String namespace, String name, String uid, String ip, Set<Integer> ports,
                    List<String> envHosts) {
        this(id, kind, namespace, name, uid, ip, ports, envHosts, null);
    }

    /** Copies the collections. */
    public Resource {
        ports = ports == null ? Set.of() : Set.copyOf(ports);
        envHosts = envHosts == null ? List.of() : List.copyOf(envHosts);
    }

    /** A resource from its id alone (a placeholder). */
    public static Resource of(String id) {
        String[] p = id.split("/", -1);
        return new Resource(id, p.length == 3 ? p[0] : "unknown", p.length == 3 ? p[1] : "",
                p.length == 3 ? p[2] : id, null, null, Set.of(), List.of());
    }

    /** True for a pod. */
    public boolean isPod() {
        return "pod".equals(kind);
    }

    /** True for a node. */
    public boolean isNode() {
        return "node".equals(kind);
    }

    /** True for a service. */
    public boolean isService() {
        return "service".equals(kind);
    }
}
