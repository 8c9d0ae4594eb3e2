package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of one Kubernetes object, the value of a {@code state.k8s.resource} record keyed
 * {@code <client>::resource::<ref id>}. A null value deletes the object.
 *
 * @param op        upsert or delete
 * @param at        when the agent observed it
 * @param ref       kind, namespace and name: the identity shared with edges and events
 * @param uid       the Kubernetes uid of this incarnation
 * @param cluster   the cluster name
 * @param labels    object labels
 * @param ownerRefs controllers and owners
 * @param node      the node a pod runs on
 * @param podIp     a pod's IP
 * @param image     the first container image of a pod or workload
 * @param replicas  desired replicas of a workload
 * @param status    a kind-specific summary of status (phase, readiness, restarts, ...)
 * @param spec      a kind-specific summary of spec (service type, selector, ...)
 */
public record ResourceRecord(
        @JsonProperty(value = "op", required = true) Op op,
        @JsonProperty("at") Instant at,
        @JsonProperty(value = "ref", required = true) ResourceRef ref,
        @JsonProperty("uid") String uid,
        @JsonProperty("cluster") String cluster,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("owner_refs") List<OwnerRef> ownerRefs,
        @JsonProperty("node") String node,
        @JsonProperty("pod_ip") String podIp,
        @JsonProperty("image") String image,
        @JsonProperty("replicas") Integer replicas,
        @JsonProperty("status") Map<String, Object> status,
        @JsonProperty("spec") Map<String, Object> spec) {

    /** Absent collections become empty. */
    public ResourceRecord {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ownerRefs = ownerRefs == null ? List.of() : List.copyOf(ownerRefs);
        status = status == null ? Map.of() : status;
        spec = spec == null ? Map.of() : spec;
    }

    /**
     * An owner reference.
     *
     * @param kind the owner's kind
     * @param name the owner's name (same namespace as the owned object)
     * @param uid  the owner's uid
     */
    public record OwnerRef(
            @JsonProperty("kind") String kind,
            @JsonProperty("name") String name,
            @JsonProperty("uid") String uid) {
    }
}
