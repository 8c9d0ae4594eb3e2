package io.kgrca.graphbuilder.rca;

/**
 * A scored {@code POTENTIAL_CAUSE} relationship.
 *
 * @param causeId    the earlier signal
 * @param effectId   the later signal
 * @param confidence the weighted score in [0, 1]
 * @param temporal   time proximity score
 * @param distance   topology proximity score, {@code 1 / (hops + 1)}
 * @param domain     plausibility from the cause → effect table
 * @param hops       topology distance
 */
public record CausalLink(String causeId, String effectId, double confidence, double temporal, double distance,
                         double domain, int hops) {
}
