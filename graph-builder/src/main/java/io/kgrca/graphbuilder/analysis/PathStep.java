package io.kgrca.graphbuilder.analysis;

import java.util.List;

/**
 * One step of an explaining path: a signal, and how it leads to the next one.
 *
 * @param signal     the signal
 * @param confidence the link's confidence to the next step, or null at the end
 * @param hops       the dependency distance to the next step's resource, or null at the end
 * @param evidence   the dependency edges the link follows (channel and why each edge exists); empty at the end or
 *                   for two signals of one resource
 */
public record PathStep(Fact signal, Double confidence, Integer hops, List<String> evidence) {
}
