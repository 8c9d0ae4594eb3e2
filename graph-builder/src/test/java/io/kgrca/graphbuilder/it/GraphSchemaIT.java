package io.kgrca.graphbuilder.it;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.store.GraphSchema;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.store.TenantGraphs;
import io.kgrca.testsupport.Neo4jServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema is set up once per database: a fresh database gets every rule (also when two workers start at once),
 * a set-up one gets none (one read-only query), and a database missing a rule gets that rule only. On a private
 * server: the shared one's schema is set up by every other IT.
 */
class GraphSchemaIT {

    @Test
    void schemaIsSetUpOncePerDatabaseAndRepairedRuleByRule(@TempDir Path data) throws Exception {
        try (Neo4jServer neo4j = Neo4jServer.startStandalone(data)) {
            Driver driver = neo4j.driver();
            assertThat(present(driver)).isEmpty();

            // Two workers starting at once on a fresh database: both succeed, together they set up every rule.
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> runs = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    runs.add(pool.submit(() -> TenantGraphs.ensureSchema(driver, "neo4j")));
                }
                int total = 0;
                for (Future<Integer> run : runs) {
                    int applied = run.get();
                    assertThat(applied).isBetween(0, GraphSchema.all().size());
                    total += applied;
                }
                assertThat(total).isGreaterThanOrEqualTo(GraphSchema.all().size());
            } finally {
                pool.shutdownNow();
            }
            // Constraints are seen through their backing indexes, which carry the constraint's name.
            assertThat(present(driver)).containsExactlyInAnyOrderElementsOf(
                    GraphSchema.all().stream().map(GraphSchema.Rule::name).toList());

            // A later start: no DDL.
            assertThat(TenantGraphs.ensureSchema(driver, "neo4j")).isZero();

            // One rule dropped (by hand): only that one is created again.
            try (Session s = driver.session()) {
                s.run("DROP CONSTRAINT kg_signal_key").consume();
                s.run("DROP INDEX kg_signal_recent").consume();
            }
            assertThat(TenantGraphs.ensureSchema(driver, "neo4j")).isEqualTo(2);
            assertThat(present(driver)).contains("kg_signal_key", "kg_signal_recent");
            assertThat(TenantGraphs.ensureSchema(driver, "neo4j")).isZero();

            // Opening a tenant's graph goes through the same check and works on the set-up database.
            try (TenantGraph graph = GraphTestSupport.open(neo4j, TenantId.of("schema-it"))) {
                assertThat(graph.tenant()).isEqualTo(TenantId.of("schema-it"));
            }
        }
    }

    private static List<String> present(Driver driver) {
        try (Session s = driver.session()) {
            return s.run(GraphSchema.PRESENT_QUERY).single().get("names").asList(Value::asString);
        }
    }
}
