package io.kgrca.rcaeval.benchmark;

import io.kgrca.common.config.Env;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.GraphBuilderSettings;
import io.kgrca.graphbuilder.analysis.Analysis;
import io.kgrca.graphbuilder.analysis.Fact;
import io.kgrca.graphbuilder.analysis.IncidentAnalysis;
import io.kgrca.graphbuilder.analysis.RankedRootCause;
import io.kgrca.graphbuilder.query.RcaService;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.store.TenantGraphs;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.rcaeval.corpus.Corpus;
import io.kgrca.rcaeval.corpus.Scenario;
import io.kgrca.rcaeval.pipeline.Pipeline;
import io.kgrca.rcaeval.pipeline.ReplayMode;
import io.kgrca.testsupport.Neo4jServer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Replays the scenarios whose names contain the first argument (full speed) and prints, for each, its truth and the
 * incidents the analysis finds with their members and top causes: what a developer reads to see why a scenario
 * ranks as it does.
 */
public final class RcaExplain {

    private RcaExplain() {
    }

    public static void main(String[] args) throws Exception {
        String filter = args.length > 0 ? args[0] : "";
        List<Scenario> scenarios = Corpus.load().stream().filter(s -> s.name().contains(filter)).toList();
        try (Neo4jServer neo4j = Neo4jServer.startStandalone()) {
            GraphBuilderSettings settings = GraphBuilderSettings.fromEnv(new Env(Map.of("NEO4J_URI", neo4j.boltUri())));
            int n = 0;
            for (Scenario s : scenarios) {
                TenantId tenant = TenantId.of("x" + (n++) + "-" + UUID.randomUUID().toString().substring(0, 4));
                TenantGraph graph = TenantGraphs.open(TenantGraphs.driver(settings.neo4j()), tenant, settings.neo4j());
                try (GraphHandle handle = GraphHandle.of(graph)) {
                    new Pipeline(settings).run(tenant, s, ReplayMode.FULL, handle);
                    Analysis a = new RcaService(handle).analysis(null, null);
                    System.out.println("\n===== " + s.name() + " truth " + s.truth());
                    for (IncidentAnalysis i : a.listed()) {
                        System.out.printf("-- incident %s %s impact %.1f, %d members, resources %s%n", i.id(),
                                i.severity(), i.impact(), i.members().size(), i.resources());
                        for (Fact m : i.members()) {
                            System.out.printf("     m %-18s %-6s %-60s %s%n", m.type(), m.kind().label(),
                                    m.resourceId(), m.message() == null ? "" : m.message().substring(0,
                                            Math.min(90, m.message().length())));
                        }
                        for (RankedRootCause c : i.causes().subList(0, Math.min(5, i.causes().size()))) {
                            System.out.printf("   %d. %.3f (expl %.2f root %.2f) %s %s %s%n", c.rank(), c.score(),
                                    c.explanation(), c.rootness(), c.signal().type(), c.signal().kind().label(),
                                    c.signal().resourceId());
                        }
                    }
                    if (System.getenv("EXPLAIN_RELATIONS") != null) {
                        graph.read(tx -> tx.query("MATCH (r:Resource {tenant: $tenant}) RETURN r.kind AS k, "
                                + "coalesce(r.placeholder, false) AS p, coalesce(r.deleted, false) AS d, count(*) AS n",
                                Map.of())).forEach(r -> System.out.println("   kinds " + r.asMap()));
                        for (String id : s.truth().affected()) {
                            var rows = graph.read(tx -> tx.query("MATCH (r:Resource {tenant: $tenant, id: $id}) "
                                    + "OPTIONAL MATCH (r)-[e]-(o:Resource) RETURN r.deleted AS d, r.node AS node, "
                                    + "r.labels_kv AS labels, type(e) AS t, o.id AS o", Map.of("id", id)));
                            rows.forEach(r -> System.out.println("   rel " + id + " " + r.asMap()));
                        }
                    }
                    System.out.println("   quiet: " + a.quiet().stream().map(f -> f.type() + "@" + f.resourceId())
                            .toList());
                }
            }
        }
    }
}
