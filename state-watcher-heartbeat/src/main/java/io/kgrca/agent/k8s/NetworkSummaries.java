package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Summaries of service discovery and traffic: EndpointSlices and core Endpoints (readiness counts, the service,
 * the pods they list), Ingresses (backend services, hosts) and NetworkPolicies (a hash of the spec, the policy
 * types, the pod selector).
 */
final class NetworkSummaries {

    /** The label that names an EndpointSlice's service. */
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private NetworkSummaries() {
    }

    static WorkloadSummaries.Mapped endpointSlice(EndpointSlice slice) {
        int ready = 0;
        int notReady = 0;
        Set<String> pods = new TreeSet<>();
        String namespace = slice.getMetadata().getNamespace();
        for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
            // discovery/v1: an absent "ready" is to be read as ready.
            boolean isReady = e.getConditions() == null || e.getConditions().getReady() == null
                    || e.getConditions().getReady();
            if (isReady) {
                ready++;
            } else {
                notReady++;
            }
            addPod(pods, e.getTargetRef(), namespace);
        }
        Map<String, String> labels = slice.getMetadata().getLabels();
        Summary s = new Summary().put("service", labels == null ? null : labels.get(SERVICE_NAME_LABEL))
                .putIfNotEmpty("pods", List.copyOf(pods));
        return WorkloadSummaries.Mapped.of(readiness(ready, notReady), s.build());
    }

    static WorkloadSummaries.Mapped endpoints(Endpoints endpoints) {
        int ready = 0;
        int notReady = 0;
        Set<String> pods = new TreeSet<>();
        String namespace = endpoints.getMetadata().getNamespace();
        for (EndpointSubset subset : endpoints.getSubsets() == null ? List.<EndpointSubset>of() : endpoints.getSubsets()) {
            List<EndpointAddress> up = subset.getAddresses() == null ? List.of() : subset.getAddresses();
            List<EndpointAddress> down = subset.getNotReadyAddresses() == null ? List.of() : subset.getNotReadyAddresses();
            ready += up.size();
            notReady += down.size();
            up.forEach(a -> addPod(pods, a.getTargetRef(), namespace));
            down.forEach(a -> addPod(pods, a.getTargetRef(), namespace));
        }
        Summary s = new Summary().put("service", endpoints.getMetadata().getName()).putIfNotEmpty("pods", List.copyOf(pods));
        return WorkloadSummaries.Mapped.of(readiness(ready, notReady), s.build());
    }

    private static Map<String, Object> readiness(int ready, int notReady) {
        return new Summary().put("ready", ready).put("not_ready", notReady).build();
    }

    private static void addPod(Set<String> pods, ObjectReference ref, String namespace) {
        if (ref != null && "Pod".equals(ref.getKind()) && ref.getName() != null && !ref.getName().isBlank()
                && (ref.getNamespace() == null || ref.getNamespace().equals(namespace))) {
            pods.add(ref.getName());
        }
    }

    static WorkloadSummaries.Mapped ingress(Ingress ingress) {
        Set<String> backends = new TreeSet<>();
        Set<String> hosts = new TreeSet<>();
        var spec = ingress.getSpec();
        if (spec != null) {
            addBackend(backends, spec.getDefaultBackend());
            for (IngressRule rule : spec.getRules() == null ? List.<IngressRule>of() : spec.getRules()) {
                if (rule.getHost() != null && !rule.getHost().isBlank()) {
                    hosts.add(rule.getHost());
                }
                if (rule.getHttp() != null && rule.getHttp().getPaths() != null) {
                    for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                        addBackend(backends, path.getBackend());
                    }
                }
            }
        }
        Summary s = new Summary().putIfNotEmpty("backends", List.copyOf(backends)).putIfNotEmpty("hosts", List.copyOf(hosts));
        return WorkloadSummaries.Mapped.of(Map.of(), s.build());
    }

    private static void addBackend(Set<String> backends, IngressBackend backend) {
        if (backend != null && backend.getService() != null && backend.getService().getName() != null
                && !backend.getService().getName().isBlank()) {
            backends.add(backend.getService().getName());
        }
    }

    /**
     * A NetworkPolicy. {@code pod_selector} is its {@code matchLabels}, written even when empty ({@code {}} selects
     * every pod of the namespace); {@code pod_selector_expressions} its {@code matchExpressions}, when it has any.
     */
    static WorkloadSummaries.Mapped networkPolicy(NetworkPolicy policy) {
        var spec = policy.getSpec();
        Summary s = new Summary();
        if (spec != null) {
            s.put("hash", Hashes.canonical(spec))
                    .putIfNotEmpty("policy_types", spec.getPolicyTypes() == null ? null
                            : spec.getPolicyTypes().stream().sorted().toList());
            LabelSelector selector = spec.getPodSelector();
            if (selector != null) {
                s.put("pod_selector", new TreeMap<>(WorkloadSummaries.matchLabels(selector)))
                        .putIfNotEmpty("pod_selector_expressions", expressions(selector));
            }
        }
        return WorkloadSummaries.Mapped.of(Map.of(), s.build());
    }

    private static List<Map<String, Object>> expressions(LabelSelector selector) {
        if (selector.getMatchExpressions() == null) {
            return List.of();
        }
        return selector.getMatchExpressions().stream().map(NetworkSummaries::expression).toList();
    }

    private static Map<String, Object> expression(LabelSelectorRequirement r) {
        return new Summary().put("key", r.getKey()).put("operator", r.getOperator())
                .putIfNotEmpty("values", r.getValues() == null ? null : r.getValues().stream().sorted().toList()).build();
    }
}
