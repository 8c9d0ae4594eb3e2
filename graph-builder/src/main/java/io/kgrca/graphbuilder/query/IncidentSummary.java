package io.kgrca.graphbuilder.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kgrca.graphbuilder.analysis.IncidentAnalysis;

import java.time.Instant;
import java.util.List;

/**
 * An incident as the RCA API lists it.
 *
 * @param id        its id ({@code inc-} + 16 hex digits, derived from the tenant and the anchor)
 * @param anchor    its earliest abnormal member
 * @param severity  {@code critical}, {@code high}, {@code medium} or {@code low}
 * @param impact    weighted affected resources scaled by severity; the list is ordered by it
 * @param main      true for the listed incident with the largest impact
 * @param listed    false for isolated low-evidence signals (shown only when asked for)
 * @param size      how many signals it groups
 * @param affected  how many resources its signals are about
 * @param resources the resources, at most {@link #MAX_RESOURCES}
 * @param firstSeen the earliest onset among its members
 * @param lastSeen  the latest occurrence among its members
 * @param topCause  its first-ranked root cause, or null
 * @param topScore  that cause's score, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentSummary(
        @JsonProperty("id") String id,
        @JsonProperty("anchor") String anchor,
        @JsonProperty("severity") String severity,
        @JsonProperty("impact") double impact,
        @JsonProperty("main") boolean main,
        @JsonProperty("listed") boolean listed,
        @JsonProperty("size") long size,
        @JsonProperty("affected") int affected,
        @JsonProperty("resources") List<String> resources,
        @JsonProperty("first_seen") Instant firstSeen,
        @JsonProperty("last_seen") Instant lastSeen,
        @JsonProperty("top_cause") SignalDetails topCause,
        @JsonProperty("top_score") Double topScore) {

    /** Resources listed per incident at most. */
    public static final int MAX_RESOURCES = 20;

    /** The summary of an analysed incident. */
    public static IncidentSummary of(IncidentAnalysis i, boolean main) {
        var top = i.causes().isEmpty() ? null : i.causes().get(0);
        return new IncidentSummary(i.id(), i.anchorId(), i.severity(), i.impact(), main, i.listed(),
                i.members().size(), i.resources().size(),
                i.resources().subList(0, Math.min(MAX_RESOURCES, i.resources().size())),
                Instant.ofEpochMilli(i.start()), Instant.ofEpochMilli(i.end()),
                top == null ? null : SignalDetails.of(top.signal()), top == null ? null : top.score());
    }
}
