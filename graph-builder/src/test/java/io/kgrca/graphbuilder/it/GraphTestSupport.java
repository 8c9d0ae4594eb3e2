package io.kgrca.graphbuilder.it;

import io.kgrca.common.config.Env;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.GraphBuilderFactory;
import io.kgrca.graphbuilder.GraphBuilderSettings;
import io.kgrca.graphbuilder.metrics.GraphMetrics;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.store.TenantGraphs;
import io.kgrca.graphbuilder.write.GraphBatchProcessor;
import io.kgrca.testsupport.Neo4jServer;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared set-up of the ITs that drive the processor directly against a real Neo4j. */
final class GraphTestSupport {

    private GraphTestSupport() {
    }

    static GraphBuilderSettings settings(Neo4jServer neo4j, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("NEO4J_URI", neo4j.boltUri());
        return GraphBuilderSettings.fromEnv(new Env(env));
    }

    static TenantGraph open(Neo4jServer neo4j, TenantId tenant) throws GraphUnavailableException {
        GraphBuilderSettings s = settings(neo4j, Map.of());
        return TenantGraphs.open(TenantGraphs.driver(s.neo4j()), tenant, s.neo4j());
    }

    /**
     * The processor, without a time window: these fixtures are dated 2025 and some use synthetic broker timestamps
     * as a logical clock (deletion order), which the window (docs/hardening.md) would judge absurd.
     */
    static GraphBatchProcessor processor(TenantGraph graph, GraphBuilderSettings settings) {
        return GraphBuilderFactory.processor(graph.tenant(), GraphHandle.of(graph), settings, GraphMetrics.NOOP,
                TimeWindow.UNBOUNDED);
    }

    static BatchOutcome feed(GraphBatchProcessor p, Fixtures.Wire... records) throws Exception {
        List<InboundRecord> in = Arrays.stream(records).map(Fixtures.Wire::inbound).toList();
        return p.process(in);
    }

    static long count(Neo4jServer neo4j, String cypher, Map<String, Object> params) {
        try (Session s = neo4j.driver().session()) {
            return s.run(cypher, params).single().get(0).asLong();
        }
    }

    static List<Record> rows(Neo4jServer neo4j, String cypher, Map<String, Object> params) {
        try (Session s = neo4j.driver().session()) {
            return s.run(cypher, params).list();
        }
    }
}
