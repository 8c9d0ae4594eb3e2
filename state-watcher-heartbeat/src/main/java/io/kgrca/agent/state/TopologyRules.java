package io.kgrca.agent.state;

import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The topology as a pure function of the objects: which edges exist, all under the {@link ResourceRef} identity
 * shared with resources and events.
 * <ul>
 *   <li>{@code RUNS_ON}: a pod to the node named in its {@code spec.nodeName};</li>
 *   <li>{@code CONTROLS}: an owner to the object that names it in its owner references, for the pairs of
 *       {@link Kinds#controls}: deployment to replica set, replica set / stateful set / daemon set / job to pod,
 *       cron job to job (the owner need not be known: the owned object's reference is the fact);</li>
 *   <li>{@code SELECTS}: a service to each pod of its namespace whose labels contain the service's non-empty
 *       selector;</li>
 *   <li>{@code MOUNTS}: a pod to each ConfigMap, Secret and PersistentVolumeClaim it uses (its {@code config_refs},
 *       {@code secret_refs}, {@code claims});</li>
 *   <li>{@code BOUND_TO}: a claim to its volume ({@code volume_name});</li>
 *   <li>{@code EXPOSES}: a service to its EndpointSlice or Endpoints (the endpoints' {@code service});</li>
 *   <li>{@code ENDPOINT_OF}: an EndpointSlice or Endpoints to each pod it lists ({@code pods}, from targetRef);</li>
 *   <li>{@code ROUTES_TO}: an Ingress to each backend service;</li>
 *   <li>{@code SCALES}: an autoscaler to its target ({@code target}, {@code Kind/name});</li>
 *   <li>{@code APPLIES_TO}: a NetworkPolicy to each pod of its namespace that its pod selector selects.</li>
 * </ul>
 * An edge is <em>derived from</em> an object when that object's own fields decide it: the owned end of CONTROLS,
 * the endpoints end of EXPOSES, the source of RUNS_ON, MOUNTS, BOUND_TO, ENDPOINT_OF, ROUTES_TO and SCALES, and
 * both ends of SELECTS and APPLIES_TO (labels and selector both decide). When an object changes, exactly the
 * edges derived from it can change. The other end need not be known: the deciding object's field is the fact.
 */
public final class TopologyRules {

    private TopologyRules() {
    }

    /** The edges derived from {@code object} given the other objects in {@code view} (timeless, op UPSERT). */
    public static Set<EdgeRecord> derivedFrom(ResourceRecord object, ClusterView view) {
        Set<EdgeRecord> edges = new LinkedHashSet<>();
        ResourceRef ref = object.ref();
        for (ResourceRecord.OwnerRef owner : object.ownerRefs()) {
            if (owner.kind() != null && owner.name() != null && !owner.name().isBlank()
                    && Kinds.controls(owner.kind(), ref.kind())) {
                edges.add(edge(EdgeType.CONTROLS, ResourceRef.of(owner.kind(), ref.namespace(), owner.name()), ref));
            }
        }
        switch (ref.kind()) {
            case Kinds.POD -> pod(object, view, edges);
            case Kinds.SERVICE -> {
                for (ResourceRef pod : view.podsIn(ref.namespace())) {
                    view.get(pod).filter(p -> selects(object, p)).ifPresent(p -> edges.add(edge(EdgeType.SELECTS, ref, pod)));
                }
            }
            case Kinds.NETWORK_POLICY -> {
                for (ResourceRef pod : view.podsIn(ref.namespace())) {
                    view.get(pod).filter(p -> LabelSelection.policySelects(object, p))
                            .ifPresent(p -> edges.add(edge(EdgeType.APPLIES_TO, ref, pod)));
                }
            }
            case Kinds.PERSISTENT_VOLUME_CLAIM -> {
                String volume = ResourceMaps.string(object, ResourceMaps.VOLUME_NAME);
                if (volume != null) {
                    edges.add(edge(EdgeType.BOUND_TO, ref, ResourceRef.of(Kinds.PERSISTENT_VOLUME, "", volume)));
                }
            }
            case Kinds.ENDPOINT_SLICE, Kinds.ENDPOINTS -> endpoints(object, edges);
            case Kinds.INGRESS -> ResourceMaps.strings(object, ResourceMaps.BACKENDS).forEach(service ->
                    edges.add(edge(EdgeType.ROUTES_TO, ref, ResourceRef.of(Kinds.SERVICE, ref.namespace(), service))));
            case Kinds.HORIZONTAL_POD_AUTOSCALER -> scaleTarget(object).ifPresent(t -> edges.add(edge(EdgeType.SCALES, ref, t)));
            default -> { }
        }
        return edges;
    }

    private static void pod(ResourceRecord pod, ClusterView view, Set<EdgeRecord> edges) {
        ResourceRef ref = pod.ref();
        if (pod.node() != null && !pod.node().isBlank()) {
            edges.add(edge(EdgeType.RUNS_ON, ref, ResourceRef.of(Kinds.NODE, "", pod.node())));
        }
        for (ResourceRef svc : view.servicesIn(ref.namespace())) {
            view.get(svc).filter(s -> selects(s, pod)).ifPresent(s -> edges.add(edge(EdgeType.SELECTS, svc, ref)));
        }
        for (ResourceRef policy : view.networkPoliciesIn(ref.namespace())) {
            view.get(policy).filter(p -> LabelSelection.policySelects(p, pod))
                    .ifPresent(p -> edges.add(edge(EdgeType.APPLIES_TO, policy, ref)));
        }
        mounts(pod, ResourceMaps.CONFIG_REFS, Kinds.CONFIG_MAP, edges);
        mounts(pod, ResourceMaps.SECRET_REFS, Kinds.SECRET, edges);
        mounts(pod, ResourceMaps.CLAIMS, Kinds.PERSISTENT_VOLUME_CLAIM, edges);
    }

    private static void mounts(ResourceRecord pod, String field, String kind, Set<EdgeRecord> edges) {
        for (String name : ResourceMaps.strings(pod, field)) {
            edges.add(edge(EdgeType.MOUNTS, pod.ref(), ResourceRef.of(kind, pod.ref().namespace(), name)));
        }
    }

    private static void endpoints(ResourceRecord endpoints, Set<EdgeRecord> edges) {
        ResourceRef ref = endpoints.ref();
        String service = ResourceMaps.string(endpoints, ResourceMaps.SERVICE);
        if (service != null) {
            edges.add(edge(EdgeType.EXPOSES, ResourceRef.of(Kinds.SERVICE, ref.namespace(), service), ref));
        }
        for (String pod : ResourceMaps.strings(endpoints, ResourceMaps.PODS)) {
            edges.add(edge(EdgeType.ENDPOINT_OF, ref, ResourceRef.of(Kinds.POD, ref.namespace(), pod)));
        }
    }

    /** An autoscaler's {@code Kind/name} target in its namespace; empty when absent or malformed. */
    static Optional<ResourceRef> scaleTarget(ResourceRecord hpa) {
        String target = ResourceMaps.string(hpa, ResourceMaps.TARGET);
        int slash = target == null ? -1 : target.indexOf('/');
        if (slash <= 0 || slash == target.length() - 1 || target.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(ResourceRef.of(target.substring(0, slash), hpa.ref().namespace(),
                target.substring(slash + 1)));
    }

    /** True when {@code edge} is derived from the object {@code ref} (see the class comment). */
    public static boolean isDerivedFrom(EdgeRecord edge, ResourceRef ref) {
        return switch (edge.type()) {
            case CONTROLS, EXPOSES -> edge.to().equals(ref);
            case RUNS_ON, MOUNTS, BOUND_TO, ENDPOINT_OF, ROUTES_TO, SCALES -> edge.from().equals(ref);
            case SELECTS, APPLIES_TO -> edge.from().equals(ref) || edge.to().equals(ref);
        };
    }

    /** True when the service's non-empty selector matches the pod's labels. */
    public static boolean selects(ResourceRecord service, ResourceRecord pod) {
        return LabelSelection.serviceSelects(service, pod);
    }

    private static EdgeRecord edge(EdgeType type, ResourceRef from, ResourceRef to) {
        return new EdgeRecord(Op.UPSERT, null, type, from, to);
    }
}
