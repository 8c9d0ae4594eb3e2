package io.kgrca.graphbuilder;

import com.codahale.metrics.health.HealthCheck;
import io.kgrca.common.http.ApiListener;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.TenantProcessorFactory;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.common.worker.TurnProcessor;
import io.kgrca.common.worker.WorkerContext;
import io.kgrca.graphbuilder.mapping.BatchPlanner;
import io.kgrca.graphbuilder.mapping.RecordMapper;
import io.kgrca.graphbuilder.metrics.MicrometerGraphMetrics;
import io.kgrca.graphbuilder.query.PoolRcaRoutes;
import io.kgrca.graphbuilder.query.RcaAccess;
import io.kgrca.graphbuilder.query.RcaService;
import io.kgrca.graphbuilder.signal.DependencyHints;
import io.kgrca.graphbuilder.store.SharedGraphs;
import io.kgrca.graphbuilder.store.TenantGraphs;
import io.kgrca.graphbuilder.write.GraphBatchProcessor;
import io.kgrca.graphbuilder.write.GraphTurnProcessor;
import io.kgrca.graphbuilder.write.GraphWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A pool graph-builder instance's processors (shared placement): ONE Neo4j driver ({@link SharedGraphs}: edition
 * asked once, schema applied once per database), and per tenant a {@link GraphBatchProcessor} over that tenant's
 * {@code GraphHandle}, writing tenant-scoped exactly as a dedicated worker does. The mapper, planner and writer
 * hold settings only (the recent log ids, the state snapshots and the causal analysis live in the graph or are
 * computed per question), so they are shared; a tenant's processor holds its graph handle and its meters. A turn of
 * several tenants is written in one transaction per database ({@link GraphTurnProcessor}).
 * {@link #start(WorkerContext, Predicate)} also serves the RCA routes of the pooled tenants
 * ({@link PoolRcaRoutes}).
 */
public final class GraphPoolFactory implements TenantProcessorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GraphPoolFactory.class);

    private final SharedGraphs graphs;
    private final MeterRegistry meters;
    private final RecordMapper mapper;
    private final BatchPlanner planner;
    private final GraphWriter writer;
    private final GraphTurnProcessor turns;
    private volatile ApiListener listener;

    /** Processors over {@code graphs} (which this closes), with meters in {@code meters}. */
    public GraphPoolFactory(SharedGraphs graphs, GraphBuilderSettings settings, MeterRegistry meters,
                            TimeWindow window) {
        this.graphs = graphs;
        this.meters = meters;
        this.mapper = new RecordMapper(window);
        this.planner = new BatchPlanner(new DependencyHints(settings.clusterDns()));
        this.writer = new GraphWriter(settings.recentLogIds(), settings.stubRetention());
        this.turns = new GraphTurnProcessor(graphs, writer);
        FunctionCounter.builder("kg_graph_pool_transactions", turns, GraphTurnProcessor::transactions)
                .description("transactions that wrote several tenants of a turn at once").register(meters);
        FunctionCounter.builder("kg_graph_pool_transaction_tenants", turns, GraphTurnProcessor::tenantsWritten)
                .description("tenants' batches written by those transactions").register(meters);
        FunctionCounter.builder("kg_graph_pool_transactions_refused", turns, GraphTurnProcessor::refused)
                .description("shared transactions Neo4j refused; their tenants were written one by one")
                .register(meters);
    }

    /**
     * The factory of a pool instance, from its context, answering RCA questions for the tenants placed in the pool
     * per the placements the instance follows ({@link WorkerContext#placements()}).
     */
    public static GraphPoolFactory start(WorkerContext context) {
        PlacementView view = context.placements();
        return start(context, tenant -> view.get(tenant.value()).map(p -> p.mode() == PlacementMode.SHARED)
                .orElse(false));
    }

    /**
     * The factory of a pool instance, from its context: the shared driver, a {@code neo4j} readiness check, and the
     * RCA routes {@code /tenants/<tenant>/rca/...} of the tenants {@code servedHere} accepts (those placed in the
     * pool) on the instance's HTTP server, and on the RCA-only listener when {@code RCA_PORT} is set.
     */
    public static GraphPoolFactory start(WorkerContext context, Predicate<TenantId> servedHere) {
        GraphBuilderSettings settings = GraphBuilderSettings.fromEnv(context.settings().env());
        SharedGraphs graphs = new SharedGraphs(TenantGraphs.driver(settings.neo4j()), settings.neo4j());
        GraphPoolFactory factory = new GraphPoolFactory(graphs, settings, context.meters(),
                context.settings().timeWindow());
        try {
            context.health().register("neo4j", new HealthCheck() {
                @Override
                protected Result check() {
                    return Result.healthy(graphs.schemaApplications() + " database(s) prepared");
                }
            });
            PoolRcaRoutes routes = PoolRcaRoutes.fromEnv(context.settings().env(), tenant -> servedHere.test(tenant)
                    ? Optional.of(new RcaService(graphs.handle(tenant), tenant, settings.analysis(),
                    settings.lookback(), Clock.systemUTC())) : Optional.empty());
            if (!routes.acceptsAnything()) {
                LOG.warn("tenant=-: neither RCA_READ_KEY nor API_TOKEN_SHA256 is set: the pool's RCA API refuses "
                        + "every request");
            }
            routes.register(context.http());
            factory.listen(routes, PoolRcaRoutes.listener(context.settings().env()));
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
        return factory;
    }

    private void listen(PoolRcaRoutes routes, RcaAccess access) {
        if (access.port() < 0) {
            return;
        }
        try {
            listener = ApiListener.bind(new InetSocketAddress(access.bindAddress(), access.port()), access.tls());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on RCA_PORT " + access.port(), e);
        }
        routes.register(listener);
        listener.start();
        LOG.info("tenant=-: pooled tenants' RCA API (token required) on {}://{}:{}/tenants/<tenant>/rca",
                listener.tls() ? "https" : "http", access.bindAddress(), listener.port());
    }

    @Override
    public BatchProcessor create(TenantId tenant) {
        return new GraphBatchProcessor(tenant, graphs.handle(tenant), mapper, planner, writer,
                new MicrometerGraphMetrics(meters, tenant.value()));
    }

    /** A turn's tenants in one transaction per database ({@link GraphTurnProcessor}). */
    @Override
    public Optional<TurnProcessor> turns() {
        return Optional.of(turns);
    }

    /** The turn processor (tests, benchmarks: its counts). */
    public GraphTurnProcessor turnProcessor() {
        return turns;
    }

    /** The shared graphs (tests, benchmarks). */
    public SharedGraphs graphs() {
        return graphs;
    }

    @Override
    public void close() {
        ApiListener l = listener;
        if (l != null) {
            l.close();
        }
        graphs.close();
    }
}
