package io.kgrca.graphbuilder.write;

import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.SinkUnavailableException;
import io.kgrca.common.worker.TurnProcessor;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import io.kgrca.graphbuilder.store.SharedGraphs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The graph-builder pool's {@link TurnProcessor}: a turn's tenants are written in one Neo4j transaction per database
 * (at most {@link #MAX_RECORDS} records each) instead of one transaction per tenant, so that a turn of a thousand
 * tenants with a record or two each is a few commits, not a thousand. Each tenant's plan still runs through its own
 * {@code TenantTx}: every statement stays scoped to its tenant.
 *
 * <p>When Neo4j refuses such a transaction (a statement of one tenant), its tenants are written again one by one by
 * their own {@link GraphBatchProcessor}s, which split a refused batch down to the records at fault: one tenant's bad
 * record costs the others one retry, never a record. When Neo4j is unavailable the whole turn is retried.
 */
public final class GraphTurnProcessor implements TurnProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(GraphTurnProcessor.class);

    /** The most records of one shared transaction (the dedicated graph-builder's batch size). */
    public static final int MAX_RECORDS = 2000;

    private final SharedGraphs graphs;
    private final GraphWriter writer;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong tenantsWritten = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** Writes through {@code graphs}' driver with {@code writer}'s statements. */
    public GraphTurnProcessor(SharedGraphs graphs, GraphWriter writer) {
        this.graphs = graphs;
        this.writer = writer;
    }

    @Override
    public List<BatchOutcome> process(List<TenantBatch> batches) throws SinkUnavailableException {
        BatchOutcome[] out = new BatchOutcome[batches.size()];
        GraphBatchProcessor.Prepared[] prepared = new GraphBatchProcessor.Prepared[batches.size()];
        Map<String, List<Integer>> byDatabase = new LinkedHashMap<>();
        for (int i = 0; i < batches.size(); i++) {
            TenantBatch b = batches.get(i);
            if (!(b.processor() instanceof GraphBatchProcessor p)) {
                out[i] = b.processor().process(b.records());
                continue;
            }
            prepared[i] = p.prepare(b.records());
            if (prepared[i].plan() == null) {
                out[i] = new BatchOutcome(0, prepared[i].rejections());
            } else {
                byDatabase.computeIfAbsent(prepared[i].graph().database(), d -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> e : byDatabase.entrySet()) {
            for (List<Integer> chunk : chunks(e.getValue(), prepared)) {
                write(e.getKey(), chunk, batches, prepared, out);
            }
        }
        return Arrays.asList(out);
    }

    /** Consecutive groups of at most {@link #MAX_RECORDS} applicable records (a larger tenant alone). */
    static List<List<Integer>> chunks(List<Integer> indexes, GraphBatchProcessor.Prepared[] prepared) {
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int records = 0;
        for (int i : indexes) {
            int n = prepared[i].applicable();
            if (!current.isEmpty() && records + n > MAX_RECORDS) {
                chunks.add(current);
                current = new ArrayList<>();
                records = 0;
            }
            current.add(i);
            records += n;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private void write(String database, List<Integer> chunk, List<TenantBatch> batches,
                       GraphBatchProcessor.Prepared[] prepared, BatchOutcome[] out) throws SinkUnavailableException {
        List<SharedGraphs.TenantWork> works = new ArrayList<>(chunk.size());
        for (int i : chunk) {
            GraphBatchProcessor.Prepared p = prepared[i];
            works.add(new SharedGraphs.TenantWork(p.tenant(), tx -> writer.writeIn(tx, p.plan())));
        }
        long started = System.nanoTime();
        try {
            graphs.writeTogether(database, works);
        } catch (GraphUnavailableException e) {
            chunk.forEach(i -> processor(batches, i).failed(true));
            throw new SinkUnavailableException(e.getMessage(), e);
        } catch (GraphRejectedException | RuntimeException e) {
            refused.incrementAndGet();
            LOG.warn("tenant=-: Neo4j refused the shared transaction of {} tenants on database '{}' ({}); writing "
                    + "them one by one", chunk.size(), database, e.getMessage());
            for (int i : chunk) {
                TenantBatch b = batches.get(i);
                try (MDC.MDCCloseable t = MDC.putCloseable(WorkerLauncher.TENANT_KEY, b.tenant().value())) {
                    out[i] = b.processor().process(b.records());
                }
            }
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        transactions.incrementAndGet();
        tenantsWritten.addAndGet(chunk.size());
        for (int i : chunk) {
            out[i] = processor(batches, i).committed(prepared[i], took);
        }
    }

    /** Shared transactions committed. */
    public long transactions() {
        return transactions.get();
    }

    /** Tenants' batches those transactions wrote (over {@link #transactions()}: tenants per commit). */
    public long tenantsWritten() {
        return tenantsWritten.get();
    }

    /** Shared transactions Neo4j refused, whose tenants were then written one by one. */
    public long refused() {
        return refused.get();
    }

    private static GraphBatchProcessor processor(List<TenantBatch> batches, int i) {
        return (GraphBatchProcessor) batches.get(i).processor();
    }
}
