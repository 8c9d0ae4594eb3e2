package io.kgrca.graphbuilder.analysis;

import java.util.List;

/**
 * A candidate root cause of an incident.
 *
 * @param rank        1 for the most likely
 * @param score       {@code prior × explanation × rootness}
 * @param explanation how much of the incident it accounts for
 * @param rootness    1 when nothing plausible causes it
 * @param explains    how many of the incident's signals it reaches
 * @param signal      the candidate
 * @param path        cause → … → symptom, with the evidence of each step
 */
public record RankedRootCause(int rank, double score, double explanation, double rootness, int explains,
                              Fact signal, List<PathStep> path) {
}
