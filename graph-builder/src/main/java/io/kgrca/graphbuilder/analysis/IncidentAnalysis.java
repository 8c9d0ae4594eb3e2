package io.kgrca.graphbuilder.analysis;

import java.util.List;

/**
 * One incident: the signals of one fault, grouped over the dependency graph and time, with its ranked causes.
 *
 * @param id        {@code inc-} and 16 hex digits derived from the tenant and the anchor
 * @param anchorId  the earliest abnormal member
 * @param start     the earliest onset of a member, epoch milliseconds
 * @param end       the latest occurrence of a member
 * @param severity  {@code critical}, {@code high}, {@code medium} or {@code low}
 * @param impact    how much it affects: weighted affected resources, by severity
 * @param listed    false for isolated low-evidence signals, which are kept out of the incident list
 * @param resources the resources its members are about
 * @param members   its signals, earliest first (changes linked into it included)
 * @param causes    ranked candidate root causes
 * @param changes   what changed shortly before it on or around its resources
 * @param links     how many causal links it holds
 */
public record IncidentAnalysis(String id, String anchorId, long start, long end, String severity, double impact,
                               boolean listed, List<String> resources, List<Fact> members,
                               List<RankedRootCause> causes, List<Fact> changes, int links) {
}
