package io.kgrca.rcaeval.pipeline;

import io.kgrca.agent.replay.ReplayRecord;
import io.kgrca.agent.replay.Replayer;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.SinkUnavailableException;
import io.kgrca.graphbuilder.GraphBuilderFactory;
import io.kgrca.graphbuilder.GraphBuilderSettings;
import io.kgrca.graphbuilder.metrics.GraphMetrics;
import io.kgrca.graphbuilder.write.GraphBatchProcessor;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.rcaeval.corpus.Scenario;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario through the real path of one tenant, in process: the agent's replay ({@link Replayer}), both
 * normalizers ({@link Normalizers}), and the graph-builder's processor ({@link GraphBuilderFactory#processor}) writing
 * to a real Neo4j, in the batches and order of a {@link ReplayMode}.
 */
public final class Pipeline {

    private final GraphBuilderSettings settings;

    /**
     * What one run did.
     *
     * @param replayed   records the agent replay published
     * @param skipped    timeline entries of kinds the agent does not watch
     * @param normalized records the graph-builder received
     * @param rejected   records a normalizer or the graph-builder rejected
     */
    public record Result(int replayed, int skipped, int normalized, int rejected) {
    }

    /** A pipeline whose graph-builder uses {@code settings}. */
    public Pipeline(GraphBuilderSettings settings) {
        this.settings = settings;
    }

    /** The records the agent publishes for a scenario's timeline, in time order. */
    public static List<ReplayRecord> replay(TenantId tenant, Scenario scenario) {
        return new Replayer(tenant, "eval").replay(scenario.timeline());
    }

    /** Runs the scenario into {@code graph} (the tenant's own, left open). */
    public Result run(TenantId tenant, Scenario scenario, ReplayMode mode, GraphHandle graph) {
        Replayer replayer = new Replayer(tenant, "eval");
        List<ReplayRecord> timeOrdered = replayer.replay(scenario.timeline());
        List<ReplayRecord> delivered = mode.order(timeOrdered, scenario.name().hashCode());
        Partitions raw = new Partitions();
        Partitions normalized = new Partitions();
        Normalizers normalizers = new Normalizers();
        GraphBatchProcessor processor = GraphBuilderFactory.processor(tenant, graph, settings, GraphMetrics.NOOP);
        int toGraph = 0;
        int graphRejected = 0;
        for (int from = 0; from < delivered.size(); from += mode.batchSize()) {
            List<ReplayRecord> batch = delivered.subList(from, Math.min(delivered.size(), from + mode.batchSize()));
            List<InboundRecord> inbound = new ArrayList<>(batch.size());
            Instant last = Instant.EPOCH;
            for (ReplayRecord r : batch) {
                inbound.add(raw.place(r.topic(), r.key().getBytes(StandardCharsets.UTF_8),
                        r.value(), r.at()));
                last = r.at().isAfter(last) ? r.at() : last;
            }
            List<InboundRecord> graphBatch = new ArrayList<>();
            for (OutboundRecord o : normalizers.process(inbound)) {
                graphBatch.add(normalized.place(o.topic(), o.key(), o.value(), last));
            }
            toGraph += graphBatch.size();
            try {
                BatchOutcome outcome = processor.process(graphBatch);
                graphRejected += outcome.rejections().size();
            } catch (SinkUnavailableException e) {
                throw new IllegalStateException("tenant " + tenant + ": Neo4j unavailable during the replay", e);
            }
        }
        return new Result(timeOrdered.size(), replayer.stats().skipped(), toGraph,
                normalizers.rejected() + graphRejected);
    }
}
