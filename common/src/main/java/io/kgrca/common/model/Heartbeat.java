package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;

/**
 * A liveness signal, the value of a {@code cluster.heartbeat} record. The server measures liveness by its own
 * receive time; {@link #timestamp()} is the client's clock and is only used to measure skew.
 *
 * @param clientId  the tenant id; must agree with the record key
 * @param timestamp when the client sent it, by the client's clock
 * @param status    the client's own view of its health, such as {@code healthy}
 * @param metrics   counters such as {@code resources_sent} and {@code uptime_seconds}
 */
public record Heartbeat(
        @JsonProperty(value = "client_id", required = true) String clientId,
        @JsonProperty("timestamp") Instant timestamp,
        @JsonProperty("status") String status,
        @JsonProperty("metrics") Map<String, Object> metrics) {

    /** Absent metrics become an empty map. */
    public Heartbeat {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
