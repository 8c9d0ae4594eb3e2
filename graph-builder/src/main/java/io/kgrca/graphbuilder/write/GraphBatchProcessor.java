package io.kgrca.graphbuilder.write;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.Rejection;
import io.kgrca.common.worker.SinkUnavailableException;
import io.kgrca.graphbuilder.mapping.BatchPlan;
import io.kgrca.graphbuilder.mapping.BatchPlanner;
import io.kgrca.graphbuilder.mapping.Mutation;
import io.kgrca.graphbuilder.mapping.RecordMapper;
import io.kgrca.graphbuilder.metrics.GraphMetrics;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import io.kgrca.graphbuilder.store.TenantGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph-builder's sink: maps a poll's records, writes them in one Neo4j transaction, and returns only after it
 * committed, so the loop commits the offsets after the graph has the data.
 *
 * <p>A record that cannot be mapped is rejected with its reason. When Neo4j is unavailable nothing is committed and
 * {@link SinkUnavailableException} tells the loop to rewind and back off. When Neo4j refuses the batch itself, the
 * batch is split in halves, each in its own transaction, until the records at fault are alone; those are rejected
 * (dead-lettered with Neo4j's error) and every other record is written, so one bad record never stops a partition.
 */
public final class GraphBatchProcessor implements BatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(GraphBatchProcessor.class);

    /** Reason code of a record Neo4j refused on its own. */
    public static final String GRAPH_REJECTED = "graph-rejected";

    private record Mapped(InboundRecord record, Mutation mutation) {
    }

    private final TenantId tenant;
    private final GraphHandle graph;
    private final RecordMapper mapper;
    private final BatchPlanner planner;
    private final GraphWriter writer;
    private final GraphMetrics metrics;

    /** A processor writing to {@code graph}, which it closes on {@link #close()}. */
    public GraphBatchProcessor(TenantId tenant, GraphHandle graph, RecordMapper mapper, BatchPlanner planner,
                               GraphWriter writer, GraphMetrics metrics) {
        this.tenant = tenant;
        this.graph = graph;
        this.mapper = mapper;
        this.planner = planner;
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException {
        List<Mapped> mapped = new ArrayList<>(records.size());
        List<Rejection> rejections = new ArrayList<>();
        map(records, mapped, rejections);
        int applied = apply(mapped, rejections);
        return new BatchOutcome(applied, rejections);
    }

    /**
     * A batch mapped and planned, not written: for a pool's transaction of many tenants ({@link GraphTurnProcessor}),
     * which writes {@link #plan()} through {@link GraphWriter#writeIn} and then reports it with
     * {@link GraphBatchProcessor#committed(Prepared, Duration)}.
     *
     * @param tenant      the tenant
     * @param graph       the tenant's graph (its database decides which transaction it joins)
     * @param records     the records given
     * @param applicable  how many of them map to a mutation
     * @param plan        their plan (null when none maps)
     * @param rejections  the records the mapper refused
     * @param kinds       the kind of each applicable record's mutation (resource, edge, event, log), for the meters
     */
    public record Prepared(TenantId tenant, TenantGraph graph, List<InboundRecord> records, int applicable,
                           BatchPlan plan, List<Rejection> rejections, List<String> kinds) {
    }

    /** Maps and plans {@code records} without writing them; opens the tenant's graph if needed. */
    public Prepared prepare(List<InboundRecord> records) throws SinkUnavailableException {
        List<Mapped> mapped = new ArrayList<>(records.size());
        List<Rejection> rejections = new ArrayList<>();
        map(records, mapped, rejections);
        TenantGraph g = open();
        BatchPlan plan = mapped.isEmpty() ? null : planner.plan(mapped.stream().map(Mapped::mutation).toList());
        return new Prepared(tenant, g, records, mapped.size(), plan, rejections,
                mapped.stream().map(m -> kindOf(m.mutation())).toList());
    }

    /** Counts a prepared batch that a shared transaction committed, as {@link #process(List)} counts its own. */
    public BatchOutcome committed(Prepared prepared, Duration took) {
        if (prepared.applicable() > 0) {
            countCommitted(prepared.kinds(), took);
        }
        return new BatchOutcome(prepared.applicable(), prepared.rejections());
    }

    /** Counts a shared transaction's failure for this tenant: unavailable, or refused. */
    public void failed(boolean unavailable) {
        metrics.neo4jError(unavailable ? "unavailable" : "rejected");
    }

    private void map(List<InboundRecord> records, List<Mapped> mapped, List<Rejection> rejections) {
        for (InboundRecord r : records) {
            try {
                mapped.add(new Mapped(r, mapper.map(r)));
            } catch (RecordRejectedException e) {
                rejections.add(Rejection.of(r, e));
            }
        }
    }

    private int apply(List<Mapped> batch, List<Rejection> rejections) throws SinkUnavailableException {
        if (batch.isEmpty()) {
            return 0;
        }
        TenantGraph g = open();
        long started = System.nanoTime();
        try {
            BatchPlan plan = planner.plan(batch.stream().map(Mapped::mutation).toList());
            writer.write(g, plan);
            countCommitted(batch.stream().map(m -> kindOf(m.mutation())).toList(),
                    Duration.ofNanos(System.nanoTime() - started));
            return batch.size();
        } catch (GraphUnavailableException e) {
            metrics.neo4jError("unavailable");
            throw new SinkUnavailableException(e.getMessage(), e);
        } catch (GraphRejectedException | RuntimeException e) {
            metrics.neo4jError("rejected");
            return split(batch, rejections, e);
        }
    }

    private int split(List<Mapped> batch, List<Rejection> rejections, Exception e) throws SinkUnavailableException {
        if (batch.size() == 1) {
            InboundRecord r = batch.get(0).record();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            rejections.add(new Rejection(r, GRAPH_REJECTED, e.getMessage(), cause.getClass().getName()));
            return 0;
        }
        LOG.warn("tenant {}: Neo4j refused a batch of {} records ({}); splitting it to isolate the records at fault",
                tenant, batch.size(), e.getMessage());
        int half = batch.size() / 2;
        return apply(batch.subList(0, half), rejections) + apply(batch.subList(half, batch.size()), rejections);
    }

    private TenantGraph open() throws SinkUnavailableException {
        try {
            return graph.get();
        } catch (GraphUnavailableException e) {
            metrics.neo4jError("unavailable");
            throw new SinkUnavailableException(e.getMessage(), e);
        }
    }

    /** Counts a committed batch: its size, its time and its records by kind (one kind per record). */
    private void countCommitted(List<String> kinds, Duration took) {
        metrics.batchCommitted(kinds.size(), took);
        Map<String, Integer> byKind = new LinkedHashMap<>();
        kinds.forEach(k -> byKind.merge(k, 1, Integer::sum));
        byKind.forEach(metrics::recordsApplied);
    }

    static String kindOf(Mutation m) {
        if (m instanceof Mutation.ResourceUpsert || m instanceof Mutation.ResourceDelete) {
            return "resource";
        }
        if (m instanceof Mutation.EdgeUpsert || m instanceof Mutation.EdgeDelete) {
            return "edge";
        }
        return m instanceof Mutation.EventObserved ? "event" : "log";
    }

    @Override
    public void close() {
        graph.close();
    }
}
