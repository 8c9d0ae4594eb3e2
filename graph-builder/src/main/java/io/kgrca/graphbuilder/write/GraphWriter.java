package io.kgrca.graphbuilder.write;

import io.kgrca.common.model.EdgeType;
import io.kgrca.graphbuilder.mapping.BatchPlan;
import io.kgrca.graphbuilder.state.StateFold;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.store.TenantTx;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link BatchPlan} to a tenant's graph in one transaction, as a chain of named steps: the state and change
 * signals derived from the batch's resource records (against the stored snapshots), resources and edges, events and
 * log templates, then the derived signals. Either all of it commits or none of it does. Causal links, incidents and
 * root causes are not written: they are computed when they are asked for (see the {@code analysis} package).
 */
public final class GraphWriter {

    /**
     * What a committed batch did.
     *
     * @param resources resources written (upserts and deletes)
     * @param edges     edges written (upserts and deletes)
     * @param signals   event, log template, state and change signal rows written
     */
    public record WriteReport(int resources, int edges, int signals) {
    }

    private final int recentLogIds;
    private final Duration stubRetention;

    /**
     * A writer; {@code recentLogIds} is how many occurrence ids a log template remembers, {@code stubRetention}
     * how long the stub of a deleted resource is kept.
     */
    public GraphWriter(int recentLogIds, Duration stubRetention) {
        this.recentLogIds = recentLogIds;
        this.stubRetention = stubRetention;
    }

    /** Applies {@code plan} in one transaction and commits it. */
    public WriteReport write(TenantGraph graph, BatchPlan plan) throws GraphUnavailableException,
            GraphRejectedException {
        return graph.write(tx -> apply(tx, plan));
    }

    /**
     * Applies {@code plan} inside a transaction the caller commits (a pool's transaction for many tenants: each
     * tenant's plan through its own {@link TenantTx}, so every statement is still scoped to that tenant).
     */
    public WriteReport writeIn(TenantTx tx, BatchPlan plan) {
        return apply(tx, plan);
    }

    private WriteReport apply(TenantTx tx, BatchPlan plan) {
        // The stored snapshots are read before the batch's resources replace them.
        StateFold.Outcome state = StateStatements.derive(tx, plan);
        int resources = writeTopology(tx, plan, state);
        int edges = plan.edgeUpserts().values().stream().mapToInt(List::size).sum()
                + plan.edgeDeletes().values().stream().mapToInt(List::size).sum();
        writeSignals(tx, plan);
        int stateSignals = StateStatements.write(tx, state);
        return new WriteReport(resources, edges, plan.signalCount() + stateSignals);
    }

    private int writeTopology(TenantTx tx, BatchPlan plan, StateFold.Outcome state) {
        TopologyStatements.upsertResources(tx, StateStatements.withConditions(plan.resourceUpserts(), state));
        for (Map.Entry<EdgeType, List<Map<String, Object>>> e : plan.edgeUpserts().entrySet()) {
            TopologyStatements.upsertEdges(tx, e.getKey(), e.getValue());
        }
        for (Map.Entry<EdgeType, List<String>> e : plan.edgeDeletes().entrySet()) {
            TopologyStatements.deleteEdges(tx, e.getKey(), e.getValue());
        }
        // Deletions last: a resource deleted in this batch loses the edges that earlier records gave it.
        TopologyStatements.deleteResources(tx, plan.resourceDeletes(), stubRetention);
        return plan.resourceUpserts().size() + plan.resourceDeletes().size();
    }

    private void writeSignals(TenantTx tx, BatchPlan plan) {
        SignalStatements.ensureResources(tx, plan);
        EventStatements.write(tx, plan.events());
        SignalStatements.upsertLogs(tx, plan.logs(), plan.logSources(), recentLogIds);
        SignalStatements.upsertDependencies(tx, plan.dependencies());
    }
}
