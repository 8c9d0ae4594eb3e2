package io.kgrca.graphbuilder.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kgrca.graphbuilder.rca.SignalWindow;
import io.kgrca.graphbuilder.write.CausalValues;
import org.neo4j.driver.types.Node;

import java.time.Instant;
import java.util.List;

/**
 * A signal as the RCA API shows it.
 *
 * @param id        event id or log template id
 * @param kind      {@code event} or {@code log}
 * @param type      its signal type
 * @param reason    the event reason (the type for a log template)
 * @param resource  the resource it is about
 * @param severity  its severity
 * @param message   the latest message
 * @param count     occurrences
 * @param firstSeen onset
 * @param lastSeen  latest occurrence
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignalDetails(
        @JsonProperty("id") String id,
        @JsonProperty("kind") String kind,
        @JsonProperty("type") String type,
        @JsonProperty("reason") String reason,
        @JsonProperty("resource") String resource,
        @JsonProperty("severity") String severity,
        @JsonProperty("message") String message,
        @JsonProperty("count") Long count,
        @JsonProperty("first_seen") Instant firstSeen,
        @JsonProperty("last_seen") Instant lastSeen) {

    /** The details of a {@code Signal} node. */
    public static SignalDetails of(Node n) {
        List<String> labels = new java.util.ArrayList<>();
        n.labels().forEach(labels::add);
        return new SignalDetails(n.get("id").asString(), labels.contains("LogTemplate") ? "log" : "event",
                n.get("type").asString(null), n.get("reason").asString(null), n.get("resource_id").asString(null),
                n.get("severity").asString(null), n.get("message").asString(null),
                n.get("count").isNull() ? null : n.get("count").asLong(),
                Instant.ofEpochMilli(n.get("first_seen").asLong(0)), Instant.ofEpochMilli(n.get("last_seen").asLong(0)));
    }

    /** What ranking needs of it. */
    public SignalWindow window() {
        return new SignalWindow(id, CausalValues.typeOf(type), resource, firstSeen.toEpochMilli(),
                lastSeen.toEpochMilli());
    }
}
