package io.kgrca.rcaeval.eval;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.GraphBuilderSettings;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.store.TenantGraphs;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.rcaeval.corpus.Scenario;
import io.kgrca.rcaeval.pipeline.Pipeline;
import io.kgrca.rcaeval.pipeline.ReplayMode;
import io.kgrca.rcaeval.rca.RcaAdapter;
import io.kgrca.rcaeval.score.Scoring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs scenarios through the {@link Pipeline} in every {@link ReplayMode}, each scenario and mode into a fresh
 * tenant of one Neo4j, asks the RCA through the {@link RcaAdapter} and scores the answer.
 */
public final class Evaluation {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

    private final GraphBuilderSettings settings;
    private final String runId;
    private final RcaAdapter rca = new RcaAdapter();

    /**
     * One scenario in one mode.
     *
     * @param tenant    the tenant it ran as
     * @param pipeline  what the replay did
     * @param incidents the RCA's answer
     * @param score     the score
     */
    public record ModeRun(String tenant, Pipeline.Result pipeline, List<RcaAdapter.Incident> incidents,
                          Scoring.Score score) {

        /** The scored incident's first five candidates, for comparing modes. */
        public List<String> top5() {
            return score.scored().map(i -> i.causes().stream().limit(5).map(RcaAdapter.Cause::signalId).toList())
                    .orElse(List.of());
        }
    }

    /** One scenario in every mode. @param scenario the scenario @param modes its runs */
    public record ScenarioRun(Scenario scenario, Map<ReplayMode, ModeRun> modes) {

        /** True when the truth's rank and the first five candidates are the same in every mode. */
        public boolean identicalAcrossModes() {
            ModeRun first = modes.values().iterator().next();
            return modes.values().stream().allMatch(m -> m.score().rank() == first.score().rank()
                    && m.top5().equals(first.top5()));
        }
    }

    /** An evaluation on the Neo4j of {@code settings}; tenants are named after {@code runId}. */
    public Evaluation(GraphBuilderSettings settings, String runId) {
        this.settings = settings;
        this.runId = runId;
    }

    /** Runs every scenario in every mode of {@code modes}. */
    public List<ScenarioRun> run(List<Scenario> scenarios, List<ReplayMode> modes) throws GraphUnavailableException,
            GraphRejectedException {
        List<ScenarioRun> out = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            Map<ReplayMode, ModeRun> runs = new EnumMap<>(ReplayMode.class);
            for (ReplayMode mode : modes) {
                TenantId tenant = TenantId.of(runId + "-" + i + "-" + mode.name().toLowerCase(Locale.ROOT).charAt(0));
                runs.put(mode, runOne(tenant, s, mode));
            }
            out.add(new ScenarioRun(s, runs));
        }
        return out;
    }

    /** One scenario in one mode, into a fresh tenant. */
    public ModeRun runOne(TenantId tenant, Scenario s, ReplayMode mode) throws GraphUnavailableException,
            GraphRejectedException {
        long started = System.nanoTime();
        TenantGraph graph = TenantGraphs.open(TenantGraphs.driver(settings.neo4j()), tenant, settings.neo4j());
        try (GraphHandle handle = GraphHandle.of(graph)) {
            Pipeline.Result result = new Pipeline(settings).run(tenant, s, mode, handle);
            List<RcaAdapter.Incident> incidents = rca.incidents(tenant, handle);
            Scoring.Score score = Scoring.score(s.truth(), incidents);
            LOG.info("tenant={} scenario={} mode={} replayed={} to-graph={} rejected={} incidents={} rank={} in {} ms",
                    tenant, s.name(), mode, result.replayed(), result.normalized(), result.rejected(),
                    incidents.size(), score.rank(), (System.nanoTime() - started) / 1_000_000);
            return new ModeRun(tenant.value(), result, incidents, score);
        }
    }
}
