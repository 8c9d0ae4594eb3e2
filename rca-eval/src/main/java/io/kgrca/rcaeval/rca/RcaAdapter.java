package io.kgrca.rcaeval.rca;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.analysis.Analysis;
import io.kgrca.graphbuilder.analysis.Fact;
import io.kgrca.graphbuilder.analysis.IncidentAnalysis;
import io.kgrca.graphbuilder.analysis.RankedRootCause;
import io.kgrca.graphbuilder.query.RcaService;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import io.kgrca.graphbuilder.store.GraphHandle;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place the evaluation asks the RCA: the listed incidents of a tenant, each with its member signals and its
 * ranked root-cause candidates, from the graph-builder's query-time analysis ({@link RcaService#analysis}) over the
 * tenant's default range, exactly what {@code GET /rca/incidents} and {@code GET /rca/incidents/<id>} serve.
 */
public final class RcaAdapter {

    /** Causes asked per incident (the scoring needs five). */
    static final int CAUSES = 10;

    /** A member signal. @param id its id @param resourceId its resource @param type its type @param kind its kind */
    public record Signal(String id, String resourceId, String type, String kind) {
    }

    /**
     * A ranked candidate.
     *
     * @param rank 1 for the most likely
     * @param signalId the candidate signal
     * @param resourceId its resource
     * @param type its signal type
     * @param kind event, log, state or change
     */
    public record Cause(int rank, String signalId, String resourceId, String type, String kind) {
    }

    /** A listed incident. @param id its id @param members its signals @param causes its ranked candidates */
    public record Incident(String id, List<Signal> members, List<Cause> causes) {
    }

    /** The tenant's listed incidents with members and ranked causes. */
    public List<Incident> incidents(TenantId tenant, GraphHandle graph) throws GraphUnavailableException,
            GraphRejectedException {
        Analysis analysis = new RcaService(graph).analysis(null, null);
        List<Incident> out = new ArrayList<>();
        for (IncidentAnalysis i : analysis.listed()) {
            List<Cause> causes = new ArrayList<>();
            for (RankedRootCause c : i.causes().subList(0, Math.min(CAUSES, i.causes().size()))) {
                causes.add(new Cause(c.rank(), c.signal().id(), c.signal().resourceId(), c.signal().type().name(),
                        c.signal().kind().label()));
            }
            List<Signal> members = new ArrayList<>();
            for (Fact f : i.members()) {
                members.add(new Signal(f.id(), f.resourceId(), f.type().name(), f.kind().label()));
            }
            out.add(new Incident(i.id(), members, causes));
        }
        return out;
    }
}
