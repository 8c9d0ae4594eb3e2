package io.kgrca.agent.state;

import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;

import java.util.LinkedHashSet;
import java.util.Map;
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
 *       selector.</li>
 * </ul>
 * An edge is <em>derived from</em> an object when that object's own fields decide it: the owned end of
 * CONTROLS, the pod end of RUNS_ON, and both ends of SELECTS. When an object changes, exactly the edges derived
 * from it can change.
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
        if (ref.kind().equals(Kinds.POD)) {
            if (object.node() != null && !object.node().isBlank()) {
                edges.add(edge(EdgeType.RUNS_ON, ref, ResourceRef.of(Kinds.NODE, "", object.node())));
            }
            for (ResourceRef svc : view.servicesIn(ref.namespace())) {
                view.get(svc).filter(s -> selects(s, object)).ifPresent(s -> edges.add(edge(EdgeType.SELECTS, svc, ref)));
            }
        } else if (ref.kind().equals(Kinds.SERVICE)) {
            for (ResourceRef pod : view.podsIn(ref.namespace())) {
                view.get(pod).filter(p -> selects(object, p)).ifPresent(p -> edges.add(edge(EdgeType.SELECTS, ref, pod)));
            }
        }
        return edges;
    }

    /** True when {@code edge} is derived from the object {@code ref} (see the class comment). */
    public static boolean isDerivedFrom(EdgeRecord edge, ResourceRef ref) {
        return switch (edge.type()) {
            case CONTROLS -> edge.to().equals(ref);
            case RUNS_ON -> edge.from().equals(ref);
            case SELECTS -> edge.from().equals(ref) || edge.to().equals(ref);
        };
    }

    /** True when the service's non-empty selector matches the pod's labels. */
    public static boolean selects(ResourceRecord service, ResourceRecord pod) {
        Map<String, String> selector = ResourceMaps.selectorOf(service);
        if (selector.isEmpty()) {
            return false;
        }
        Map<String, String> labels = pod.labels();
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static EdgeRecord edge(EdgeType type, ResourceRef from, ResourceRef to) {
        return new EdgeRecord(Op.UPSERT, null, type, from, to);
    }
}
