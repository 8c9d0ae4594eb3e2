package io.kgrca.graphbuilder.benchmark;

import io.kgrca.common.config.Env;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.GraphBuilderSettings;
import io.kgrca.graphbuilder.GraphPoolFactory;
import io.kgrca.graphbuilder.store.SharedGraphs;
import io.kgrca.graphbuilder.store.TenantGraphs;
import io.kgrca.testsupport.Neo4jServer;
import io.kgrca.testsupport.bench.TenantMemory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Marginal heap per idle tenant of a pool graph-builder ({@link GraphPoolFactory}): N tenants' processors over the
 * instance's one driver, each fed one resource record written to a real Neo4j, with their Prometheus meters.
 * Prints figures, asserts nothing.
 *
 * <p>Neo4j should run in another JVM, or its own heap is measured too: start one with {@code exec.args="serve"}
 * (it prints its bolt URI and runs until killed), then run the benchmark with {@code exec.args="bolt://127.0.0.1:<port>
 * 0 100 1000"}. Without a URI it starts Neo4j in this JVM and says that the figures include the server's heap.
 * Run: {@code ./mvnw -o -q -pl graph-builder test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.graphbuilder.benchmark.PoolMemoryBenchmark -Dexec.args="..."}.
 */
public final class PoolMemoryBenchmark {

    private PoolMemoryBenchmark() {
    }

    /** Arguments: {@code serve}, or [bolt URI] then the tenant counts (default 0 100 1000). */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            Neo4jServer server = Neo4jServer.startStandalone();
            System.out.println("neo4j " + server.boltUri());
            Thread.sleep(Long.MAX_VALUE);
            return;
        }
        boolean external = args.length > 0 && args[0].startsWith("bolt://");
        Neo4jServer embedded = external ? null : Neo4jServer.startStandalone();
        String uri = external ? args[0] : embedded.boltUri();
        if (!external) {
            System.out.println("Neo4j runs in this JVM: the figures include its server-side heap");
        }
        GraphBuilderSettings settings = GraphBuilderSettings.fromEnv(new Env(Map.of("NEO4J_URI", uri)));
        String run = UUID.randomUUID().toString().substring(0, 6);
        try {
            TenantMemory.print("graph-builder", TenantMemory.counts(external
                    ? Arrays.copyOfRange(args, 1, args.length) : args), n -> populate(settings, run, n));
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static int populations;

    private static AutoCloseable populate(GraphBuilderSettings settings, String run, int tenants) throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GraphPoolFactory pool = new GraphPoolFactory(new SharedGraphs(TenantGraphs.driver(settings.neo4j()),
                settings.neo4j()), settings, meters, TimeWindow.UNBOUNDED);
        int population = populations++;
        List<BatchProcessor> processors = new ArrayList<>(tenants);
        for (int i = 0; i < tenants; i++) {
            TenantId tenant = TenantId.of("gm-" + run + "-" + population + "-" + i);
            BatchProcessor p = pool.create(tenant);
            BatchOutcome outcome = p.process(List.of(Fixtures.resource(tenant, "Pod", "shop", "api").inbound()));
            if (outcome.outputs() != 1) {
                throw new IllegalStateException("tenant " + tenant + ": the record was not written: " + outcome);
            }
            processors.add(p);
        }
        return () -> {
            processors.forEach(BatchProcessor::close);
            pool.close();
            meters.close();
        };
    }
}
