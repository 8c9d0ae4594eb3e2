package io.kgrca.graphbuilder.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * Ranked root causes of an incident or a signal, as served by {@code GET /rca/incidents/<id>} and
 * {@code GET /rca/root-causes}.
 *
 * @param tenant        the tenant (the worker's own; never a request parameter)
 * @param computedAt    when the answer was computed
 * @param range         the time range analysed
 * @param incident      the incident asked about, or the signal's incident
 * @param target        the signal asked about, null for an incident
 * @param links         causal links in the incident
 * @param rootCauses    the candidates, best first
 * @param members       the incident's signals, earliest first
 * @param changesBefore what changed on or upstream of its resources shortly before (or during) it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RcaAnswer(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("computed_at") Instant computedAt,
        @JsonProperty("range") TimeRange range,
        @JsonProperty("incident") IncidentSummary incident,
        @JsonProperty("target") SignalDetails target,
        @JsonProperty("links") int links,
        @JsonProperty("root_causes") List<Cause> rootCauses,
        @JsonProperty("members") List<SignalDetails> members,
        @JsonProperty("changes_before") List<SignalDetails> changesBefore) {

    /**
     * One ranked candidate.
     *
     * @param rank        1 for the most likely root cause
     * @param score       prior × explanation × rootness
     * @param explanation mean strength of its causal paths to the targets
     * @param rootness    1 when nothing plausible causes it
     * @param explains    how many targets it reaches
     * @param signal      the candidate
     * @param path        the chain from the candidate to the symptom its explanation ends at
     */
    public record Cause(
            @JsonProperty("rank") int rank,
            @JsonProperty("score") double score,
            @JsonProperty("explanation") double explanation,
            @JsonProperty("rootness") double rootness,
            @JsonProperty("explains") int explains,
            @JsonProperty("signal") SignalDetails signal,
            @JsonProperty("path") List<Step> path) {
    }

    /**
     * A step of an explaining path.
     *
     * @param signal           the signal at this step
     * @param confidenceToNext the confidence of the link to the next step, null at the end
     * @param hopsToNext       the dependency distance to the next step, null at the end
     * @param evidence         the dependency edges the link to the next step follows, and why each exists
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(
            @JsonProperty("signal") SignalDetails signal,
            @JsonProperty("confidence_to_next") Double confidenceToNext,
            @JsonProperty("hops_to_next") Integer hopsToNext,
            @JsonProperty("evidence") List<String> evidence) {
    }
}
