package io.kgrca.graphbuilder.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kgrca.graphbuilder.analysis.Fact;

import java.time.Instant;

/**
 * A signal as the RCA API shows it.
 *
 * @param id        event id, log template id, or state/change signal id
 * @param kind      {@code event}, {@code log}, {@code state} or {@code change}
 * @param type      its signal type
 * @param reason    the event reason, the state or change code (the type for a log template)
 * @param resource  the resource it is about
 * @param severity  its severity
 * @param message   the latest message
 * @param count     occurrences
 * @param firstSeen onset
 * @param lastSeen  latest occurrence
 * @param note      why the analysis moved it to another resource or gave it another type, if it did
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
        @JsonProperty("last_seen") Instant lastSeen,
        @JsonProperty("note") String note) {

    /** The details of an analysed signal. */
    public static SignalDetails of(Fact f) {
        if (f == null) {
            return null;
        }
        return new SignalDetails(f.id(), f.kind().label(), f.type().name(), f.reason(), f.resourceId(),
                f.severity() == null ? null : f.severity().name(), f.message(), f.count(),
                Instant.ofEpochMilli(f.first()), Instant.ofEpochMilli(f.last()), f.note());
    }
}
