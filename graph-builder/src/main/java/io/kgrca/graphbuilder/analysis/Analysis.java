package io.kgrca.graphbuilder.analysis;

import io.kgrca.graphbuilder.rca.CausalLink;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one analysis of a tenant's signals.
 *
 * @param incidents every incident, listed ones first, by impact
 * @param quiet     abnormal signals of unlisted (isolated, low-evidence) incidents: queryable, not listed
 * @param signals   how many signals were analysed
 * @param truncated true when the range held more signals than were read
 * @param graphs    per incident id, its causal subgraph (for ranking the causes of one of its signals)
 */
public record Analysis(List<IncidentAnalysis> incidents, List<Fact> quiet, int signals, boolean truncated,
                       Map<String, CausalSubgraph> graphs) {

    /**
     * The causal subgraph of one incident.
     *
     * @param members  its signals
     * @param links    the links among them
     * @param evidence the route of each link, keyed {@code cause → effect}
     */
    public record CausalSubgraph(List<Fact> members, List<CausalLink> links, Map<String, List<String>> evidence) {
    }

    /** The listed incidents. */
    public List<IncidentAnalysis> listed() {
        return incidents.stream().filter(IncidentAnalysis::listed).toList();
    }

    /** The incident with {@code id}. */
    public Optional<IncidentAnalysis> incident(String id) {
        return incidents.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** The incident {@code signalId} belongs to. */
    public Optional<IncidentAnalysis> incidentOf(String signalId) {
        return incidents.stream().filter(i -> i.members().stream().anyMatch(m -> m.id().equals(signalId)))
                .findFirst();
    }
}
