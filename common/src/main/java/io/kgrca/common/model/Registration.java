package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;

/**
 * A cluster's registration, the value of a {@code cluster.registry} record keyed by its client id.
 * A null value (tombstone) on that topic deregisters the cluster.
 *
 * @param clientId     the tenant id; must agree with the record key
 * @param clusterName  a human name for the cluster (defaults to the client id when absent)
 * @param version      the agent or chart version that registered
 * @param registeredAt when the client registered, by the client's clock (informational only)
 * @param metadata     free-form labels such as namespace and release name
 */
public record Registration(
        @JsonProperty(value = "client_id", required = true) String clientId,
        @JsonProperty("cluster_name") String clusterName,
        @JsonProperty("version") String version,
        @JsonProperty("registered_at") Instant registeredAt,
        @JsonProperty("metadata") Map<String, String> metadata) {

    /** Normalises absent optional parts: the cluster name defaults to the client id, metadata to empty. */
    public Registration {
        if (clusterName == null || clusterName.isBlank()) {
            clusterName = clientId;
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
