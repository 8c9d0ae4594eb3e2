package io.kgrca.graphbuilder;

import com.codahale.metrics.health.HealthCheck;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.http.ApiListener;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.SinkUnavailableException;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.common.worker.WorkerContext;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.graphbuilder.mapping.BatchPlanner;
import io.kgrca.graphbuilder.mapping.RecordMapper;
import io.kgrca.graphbuilder.metrics.GraphMetrics;
import io.kgrca.graphbuilder.metrics.MicrometerGraphMetrics;
import io.kgrca.graphbuilder.query.RcaAccess;
import io.kgrca.graphbuilder.query.RcaHttpRoutes;
import io.kgrca.graphbuilder.query.RcaService;
import io.kgrca.graphbuilder.signal.DependencyHints;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import io.kgrca.graphbuilder.store.TenantGraphs;
import io.kgrca.graphbuilder.write.GraphBatchProcessor;
import io.kgrca.graphbuilder.write.GraphWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;

/**
 * Builds one tenant's graph-builder sink from a {@link WorkerContext}: the Neo4j graph (opened now if Neo4j
 * answers, else on the first batch), the processor, its metrics, a {@code neo4j} readiness check and the RCA routes
 * on the worker's HTTP server. Holds no static state, so several tenants' loops can share a process.
 */
public final class GraphBuilderFactory implements WorkerLauncher.ProcessorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GraphBuilderFactory.class);

    @Override
    public BatchProcessor create(WorkerContext context) {
        GraphBuilderSettings settings = GraphBuilderSettings.fromEnv(context.settings().env());
        TenantId tenant = context.settings().tenant();
        GraphHandle graph = new GraphHandle(TenantGraphs.driver(settings.neo4j()), tenant, settings.neo4j());
        try {
            graph.get();
        } catch (GraphUnavailableException e) {
            LOG.warn("tenant {}: Neo4j is not available yet ({}); the first batch will retry", tenant,
                    e.getMessage());
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
        GraphMetrics metrics = new MicrometerGraphMetrics(context.meters(), tenant.value());
        context.health().register("neo4j", new HealthCheck() {
            @Override
            protected Result check() {
                return graph.ifOpen().map(g -> Result.healthy("database " + g.database() + " (" + g.mode() + ")"))
                        .orElseGet(() -> Result.unhealthy("graph not opened yet"));
            }
        });
        RcaAccess access = RcaAccess.fromEnv(context.settings().env(), tenant);
        if (!access.auth().acceptsAnything()) {
            LOG.warn("tenant {}: neither RCA_READ_TOKEN nor API_TOKEN_SHA256 is set: the RCA API refuses every "
                    + "request", tenant);
        }
        RcaHttpRoutes routes = new RcaHttpRoutes(new RcaService(graph, tenant, settings.analysis(),
                settings.lookback(), Clock.systemUTC()), tenant, access.auth());
        routes.register(context.http());
        GraphBatchProcessor processor = processor(tenant, graph, settings, metrics, context.settings().timeWindow());
        if (access.port() < 0) {
            return processor;
        }
        ApiListener listener;
        try {
            listener = ApiListener.bind(new InetSocketAddress(access.bindAddress(), access.port()), access.tls());
        } catch (IOException e) {
            processor.close();
            throw new UncheckedIOException("cannot listen on RCA_PORT " + access.port(), e);
        }
        routes.register(listener);
        listener.start();
        LOG.info("tenant {}: RCA API (token required) on {}://{}:{}", tenant, listener.tls() ? "https" : "http",
                access.bindAddress(), listener.port());
        return new BatchProcessor() {
            @Override
            public BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException {
                return processor.process(records);
            }

            @Override
            public void close() {
                listener.close();
                processor.close();
            }
        };
    }

    /** The processor of {@code tenant} over {@code graph}, with the default {@link TimeWindow}. */
    public static GraphBatchProcessor processor(TenantId tenant, GraphHandle graph, GraphBuilderSettings settings,
                                                GraphMetrics metrics) {
        return processor(tenant, graph, settings, metrics, TimeWindow.DEFAULT);
    }

    /** The processor of {@code tenant} over {@code graph}, rejecting records whose times are outside {@code window}. */
    public static GraphBatchProcessor processor(TenantId tenant, GraphHandle graph, GraphBuilderSettings settings,
                                                GraphMetrics metrics, TimeWindow window) {
        GraphWriter writer = new GraphWriter(settings.recentLogIds(), settings.stubRetention());
        return new GraphBatchProcessor(tenant, graph, new RecordMapper(window),
                new BatchPlanner(new DependencyHints(settings.clusterDns())), writer, metrics);
    }
}
