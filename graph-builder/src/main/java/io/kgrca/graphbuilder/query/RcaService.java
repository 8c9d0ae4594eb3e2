package io.kgrca.graphbuilder.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.analysis.Analysis;
import io.kgrca.graphbuilder.analysis.AnalysisSettings;
import io.kgrca.graphbuilder.analysis.Analyzer;
import io.kgrca.graphbuilder.analysis.Evidence;
import io.kgrca.graphbuilder.analysis.IncidentAnalysis;
import io.kgrca.graphbuilder.analysis.RankedRootCause;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers root-cause questions about the tenant's graph. Each question reads the evidence of a time range
 * ({@link EvidenceReader}) and analyses it ({@link Analyzer}): incidents, their ranked causes with the explaining
 * path and its evidence, and what changed before them. Nothing of the analysis is stored, so the answer depends
 * only on what the graph holds, never on how or in which order the records arrived.
 *
 * <p>The default range ends at the last abnormal signal or change the tenant has (so a replayed recording is
 * analysed at its own time) and spans the look-back before it.
 */
public final class RcaService {

    /** Signals analysed per question at most; the most recent are kept and the answer says it was cut. */
    static final int MAX_SIGNALS = 20_000;
    /** Resources read per question at most. */
    static final int MAX_RESOURCES = 100_000;

    /**
     * A list of incidents.
     *
     * @param tenant     the tenant
     * @param computedAt when it was computed
     * @param range      the range analysed
     * @param incidents  the listed incidents (and the unlisted ones when asked), by impact
     * @param quiet      isolated low-evidence signals kept out of the list
     * @param signals    signals analysed
     * @param truncated  true when the range held more than {@link #MAX_SIGNALS}
     */
    public record IncidentList(@JsonProperty("tenant") String tenant,
                               @JsonProperty("computed_at") Instant computedAt,
                               @JsonProperty("range") TimeRange range,
                               @JsonProperty("incidents") List<IncidentSummary> incidents,
                               @JsonProperty("quiet") int quiet,
                               @JsonProperty("signals") int signals,
                               @JsonProperty("truncated") boolean truncated) {
    }

    private final GraphHandle graph;
    private final Analyzer analyzer;
    private final Duration lookback;
    private final Clock clock;

    /** A service reading {@code graph} for {@code tenant}, looking back {@code lookback} by default. */
    public RcaService(GraphHandle graph, TenantId tenant, AnalysisSettings settings, Duration lookback, Clock clock) {
        this.graph = graph;
        this.analyzer = new Analyzer(tenant, settings);
        this.lookback = lookback;
        this.clock = clock;
    }

    /** A service with the default settings, a 6-hour look-back and the system clock. */
    public RcaService(GraphHandle graph) {
        this(graph, graph.tenant(), AnalysisSettings.defaults(), Duration.ofHours(6), Clock.systemUTC());
    }

    /** The incidents of {@code [from, to]} (null: the default range), at most {@code limit}. */
    public IncidentList list(Instant from, Instant to, int limit, boolean includeQuiet) throws GraphUnavailableException,
            GraphRejectedException {
        Run run = analyse(from, to);
        List<IncidentSummary> out = new ArrayList<>();
        String main = run.analysis().listed().isEmpty() ? null : run.analysis().listed().get(0).id();
        for (IncidentAnalysis i : run.analysis().incidents()) {
            if ((i.listed() || includeQuiet) && out.size() < limit) {
                out.add(IncidentSummary.of(i, i.id().equals(main)));
            }
        }
        return new IncidentList(graph.tenant().value(), clock.instant(), run.range(), out,
                run.analysis().quiet().size(), run.analysis().signals(), run.analysis().truncated());
    }

    /** The ranked root causes of an incident of {@code [from, to]}. */
    public Optional<RcaAnswer> incident(String id, Instant from, Instant to, int limit)
            throws GraphUnavailableException, GraphRejectedException {
        Run run = analyse(from, to);
        Optional<IncidentAnalysis> found = run.analysis().incident(id);
        return found.map(i -> answer(run, i, null, i.causes(), limit));
    }

    /** The ranked root causes of one signal (an event, log template, state or change signal id). */
    public Optional<RcaAnswer> signal(String id, Instant from, Instant to, int limit)
            throws GraphUnavailableException, GraphRejectedException {
        Run run = analyse(from, to);
        Optional<IncidentAnalysis> found = run.analysis().incidentOf(id);
        return found.map(i -> {
            var target = i.members().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
            return answer(run, i, SignalDetails.of(target), analyzer.rootCausesOf(run.analysis(), id, limit), limit);
        });
    }

    /** The whole analysis of {@code [from, to]} (null: the default range), for tools and benchmarks. */
    public Analysis analysis(Instant from, Instant to) throws GraphUnavailableException, GraphRejectedException {
        return analyse(from, to).analysis();
    }

    private record Run(TimeRange range, Analysis analysis) {
    }

    private Run analyse(Instant from, Instant to) throws GraphUnavailableException, GraphRejectedException {
        return graph.get().read(tx -> {
            Instant end = to;
            if (end == null) {
                Long latest = EvidenceReader.latest(tx);
                end = latest == null ? clock.instant() : Instant.ofEpochMilli(latest);
            }
            Instant start = from != null ? from : end.minus(lookback);
            TimeRange range = new TimeRange(start, end);
            Evidence evidence = EvidenceReader.read(tx, start.toEpochMilli(), end.toEpochMilli(), MAX_SIGNALS,
                    MAX_RESOURCES);
            return new Run(range, analyzer.analyse(evidence));
        });
    }

    private RcaAnswer answer(Run run, IncidentAnalysis i, SignalDetails target, List<RankedRootCause> ranked,
                             int limit) {
        String main = run.analysis().listed().isEmpty() ? null : run.analysis().listed().get(0).id();
        List<RcaAnswer.Cause> causes = new ArrayList<>();
        for (RankedRootCause r : ranked.subList(0, Math.min(limit, ranked.size()))) {
            List<RcaAnswer.Step> path = r.path().stream().map(s -> new RcaAnswer.Step(SignalDetails.of(s.signal()),
                    s.confidence(), s.hops(), s.evidence().isEmpty() ? null : s.evidence())).toList();
            causes.add(new RcaAnswer.Cause(r.rank(), r.score(), r.explanation(), r.rootness(), r.explains(),
                    SignalDetails.of(r.signal()), path));
        }
        return new RcaAnswer(graph.tenant().value(), clock.instant(), run.range(), IncidentSummary.of(i,
                i.id().equals(main)), target, i.links(), causes, i.members().stream().map(SignalDetails::of).toList(),
                i.changes().stream().map(SignalDetails::of).toList());
    }
}
