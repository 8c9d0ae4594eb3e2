package io.kgrca.graphbuilder.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.neo4j.driver.types.Node;

import java.time.Instant;
import java.util.List;

/**
 * An incident as the RCA API lists it.
 *
 * @param id        its id ({@code inc-} + 16 hex digits)
 * @param aliases   ids it had before a late, earlier member re-keyed it
 * @param anchor    its earliest member
 * @param size      how many signals it groups
 * @param firstSeen the earliest onset among its members
 * @param lastSeen  the latest occurrence among its members
 */
public record IncidentSummary(
        @JsonProperty("id") String id,
        @JsonProperty("aliases") List<String> aliases,
        @JsonProperty("anchor") String anchor,
        @JsonProperty("size") long size,
        @JsonProperty("first_seen") Instant firstSeen,
        @JsonProperty("last_seen") Instant lastSeen) {

    /** The summary of an {@code Incident} node. */
    public static IncidentSummary of(Node n) {
        return new IncidentSummary(n.get("id").asString(), n.get("aliases").asList(v -> v.asString(), List.of()),
                n.get("anchor_id").asString(null), n.get("size").asLong(0),
                Instant.ofEpochMilli(n.get("first_seen").asLong(0)), Instant.ofEpochMilli(n.get("last_seen").asLong(0)));
    }
}
