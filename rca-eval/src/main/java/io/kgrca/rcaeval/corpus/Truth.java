package io.kgrca.rcaeval.corpus;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * What a scenario's answer must be.
 *
 * @param rootCause    the injected cause
 * @param alternatives other matchers that also count as correct (the pod vs its Deployment for a bad rollout)
 * @param affected     resource ids that show the injected fault's symptoms
 * @param decoys       other, unrelated faults injected at the same time
 */
public record Truth(
        @JsonProperty(value = "root_cause", required = true) Matcher rootCause,
        @JsonProperty("alternatives") List<Matcher> alternatives,
        @JsonProperty("affected") List<String> affected,
        @JsonProperty("decoys") List<Decoy> decoys) {

    /**
     * An unrelated injected fault.
     *
     * @param rootCause its cause
     * @param affected  the resources showing its symptoms
     */
    public record Decoy(@JsonProperty("root_cause") Matcher rootCause,
                        @JsonProperty("affected") List<String> affected) {

        /** Null lists become empty. */
        public Decoy {
            affected = affected == null ? List.of() : List.copyOf(affected);
        }
    }

    /** Requires a root cause; null lists become empty. */
    public Truth {
        Objects.requireNonNull(rootCause, "root_cause");
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
        affected = affected == null ? List.of() : List.copyOf(affected);
        decoys = decoys == null ? List.of() : List.copyOf(decoys);
    }

    /** True when a candidate matches the root cause or an alternative. */
    public boolean accepts(String resourceId, String type, String kind) {
        return rootCause.matches(resourceId, type, kind)
                || alternatives.stream().anyMatch(m -> m.matches(resourceId, type, kind));
    }
}
