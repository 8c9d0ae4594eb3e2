package io.kgrca.graphbuilder.write;

import io.kgrca.common.model.EdgeType;
import io.kgrca.graphbuilder.mapping.BatchPlan;
import io.kgrca.graphbuilder.rca.CausalLink;
import io.kgrca.graphbuilder.rca.CausalLinker;
import io.kgrca.graphbuilder.rca.IncidentGrouper;
import io.kgrca.graphbuilder.rca.RcaSettings;
import io.kgrca.graphbuilder.rca.SignalWindow;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.store.TenantTx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link BatchPlan} to a tenant's graph in one transaction, as a chain of named steps: resources and
 * edges, signals, causal links, incidents. Either all of it commits or none of it does.
 */
public final class GraphWriter {

    /**
     * What a committed batch did.
     *
     * @param resources        resources written (upserts and deletes)
     * @param edges            edges written (upserts and deletes)
     * @param signals          event and log template rows written
     * @param linksCreated     {@code POTENTIAL_CAUSE} relationships created
     * @param linksScored      links (new or updated) the linker chose
     * @param incidentsCreated incidents created (including re-keyed ones)
     */
    public record WriteReport(int resources, int edges, int signals, int linksCreated, int linksScored,
                              int incidentsCreated) {
    }

    private final CausalLinker linker;
    private final IncidentGrouper grouper;
    private final RcaSettings rca;
    private final int recentLogIds;
    private final Duration stubRetention;

    /**
     * A writer; {@code recentLogIds} is how many occurrence ids a log template remembers, {@code stubRetention}
     * how long the stub of a deleted resource is kept.
     */
    public GraphWriter(CausalLinker linker, IncidentGrouper grouper, RcaSettings rca, int recentLogIds,
                       Duration stubRetention) {
        this.linker = linker;
        this.grouper = grouper;
        this.rca = rca;
        this.recentLogIds = recentLogIds;
        this.stubRetention = stubRetention;
    }

    /** Applies {@code plan} in one transaction and commits it. */
    public WriteReport write(TenantGraph graph, BatchPlan plan) throws GraphUnavailableException,
            GraphRejectedException {
        return graph.write(tx -> apply(tx, plan));
    }

    private WriteReport apply(TenantTx tx, BatchPlan plan) {
        Set<String> newlyConnected = new LinkedHashSet<>();
        int resources = writeTopology(tx, plan, newlyConnected);
        int edges = plan.edgeUpserts().values().stream().mapToInt(List::size).sum()
                + plan.edgeDeletes().values().stream().mapToInt(List::size).sum();
        Subjects subjects = new Subjects();
        writeSignals(tx, plan, subjects);
        // Signals link when they are written, and again when new topology connects their resources: the state of
        // a cluster may arrive after the events that happened in it.
        Set<String> abnormal = abnormalSignals(plan);
        List<String> relink = SignalStatements.abnormalAbout(tx, newlyConnected);
        abnormal.addAll(relink);
        CausalStatements.subjects(tx, relink.stream().filter(id -> !subjects.contains(id)).toList(), subjects);
        List<CausalLink> links = linker.link(CausalStatements.candidates(tx, subjects, rca.maxHops(),
                rca.window().toMillis()));
        int created = CausalStatements.writeLinks(tx, links);
        int incidents = groupIncidents(tx, abnormal, subjects, links);
        return new WriteReport(resources, edges, plan.signalCount(), created, links.size(), incidents);
    }

    private int writeTopology(TenantTx tx, BatchPlan plan, Set<String> newlyConnected) {
        TopologyStatements.upsertResources(tx, plan.resourceUpserts());
        for (Map.Entry<EdgeType, List<Map<String, Object>>> e : plan.edgeUpserts().entrySet()) {
            newlyConnected.addAll(TopologyStatements.upsertEdges(tx, e.getKey(), e.getValue()));
        }
        for (Map.Entry<EdgeType, List<String>> e : plan.edgeDeletes().entrySet()) {
            TopologyStatements.deleteEdges(tx, e.getKey(), e.getValue());
        }
        // Deletions last: a resource deleted in this batch loses the edges that earlier records gave it.
        TopologyStatements.deleteResources(tx, plan.resourceDeletes(), stubRetention);
        return plan.resourceUpserts().size() + plan.resourceDeletes().size();
    }

    private void writeSignals(TenantTx tx, BatchPlan plan, Subjects subjects) {
        SignalStatements.ensureResources(tx, plan);
        EventStatements.write(tx, plan.events(), subjects);
        SignalStatements.upsertLogs(tx, plan.logs(), plan.logSources(), recentLogIds, subjects);
        SignalStatements.upsertDependencies(tx, plan.dependencies());
    }

    /**
     * The ids of the batch's abnormal signal rows. A row that is not the newest state of its signal leaves the
     * stored one as it was, which then needs no new links; the write statements return the stored state.
     */
    private static Set<String> abnormalSignals(BatchPlan plan) {
        Set<String> ids = new LinkedHashSet<>();
        for (List<Map<String, Object>> rows : List.of(plan.events(), plan.logs())) {
            rows.stream().filter(r -> Boolean.TRUE.equals(r.get("abnormal"))).forEach(r -> ids.add((String) r.get("id")));
        }
        return ids;
    }

    private int groupIncidents(TenantTx tx, Set<String> abnormal, Subjects subjects, List<CausalLink> links) {
        if (abnormal.isEmpty() && links.isEmpty()) {
            return 0;
        }
        Set<String> involved = new LinkedHashSet<>(abnormal);
        for (CausalLink l : links) {
            involved.add(l.causeId());
            involved.add(l.effectId());
        }
        List<String> ids = new ArrayList<>(involved);
        List<IncidentGrouper.Member> members = new ArrayList<>();
        List<IncidentGrouper.Incident> incidents = new ArrayList<>();
        // Signals the batch created belong to no incident yet: no need to read them.
        for (SignalWindow w : subjects.windows()) {
            if (subjects.created().contains(w.id())) {
                members.add(new IncidentGrouper.Member(w.id(), w.firstSeen(), null));
            }
        }
        IncidentStatements.read(tx, ids.stream().filter(id -> !subjects.created().contains(id)).toList(), members,
                incidents);
        int created = IncidentStatements.apply(tx, grouper.group(members, incidents, links));
        IncidentStatements.refresh(tx, ids);
        return created;
    }
}
