package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Asks the API server, once per group version at start, which resources it serves ({@code GET /apis/<group>/<v>}).
 * A group version the server does not know (404) serves nothing. When discovery itself fails (server unreachable),
 * the kind counts as served, so that its informer retries like the others rather than the agent silently
 * watching less.
 */
public final class ApiDiscovery implements Predicate<WatchedKind> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDiscovery.class);

    private final KubernetesClient client;
    private final String tenant;
    private final Map<String, Discovered> cache = new HashMap<>();

    /** What one group version serves; {@code failed} when that could not be found out. */
    private record Discovered(boolean failed, Set<String> resources) {
    }

    /** Discovery through {@code client}; {@code tenant} names the log lines. */
    public ApiDiscovery(KubernetesClient client, String tenant) {
        this.client = client;
        this.tenant = tenant;
    }

    @Override
    public boolean test(WatchedKind kind) {
        Discovered d = cache.computeIfAbsent(kind.apiVersion(), this::fetch);
        return d.failed() || d.resources().contains(kind.resource());
    }

    private Discovered fetch(String groupVersion) {
        try {
            APIResourceList list = client.getApiResources(groupVersion);
            if (list == null || list.getResources() == null) {
                return new Discovered(false, Set.of());
            }
            return new Discovered(false, list.getResources().stream().map(APIResource::getName)
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return new Discovered(false, Set.of());
            }
            LOG.warn("tenant={} discovery of {} failed ({}): watching it as if served", tenant, groupVersion, e.toString());
            return new Discovered(true, Set.of());
        }
    }
}
