package io.kgrca.rcaeval.it;

import io.kgrca.common.config.Env;
import io.kgrca.graphbuilder.GraphBuilderSettings;
import io.kgrca.rcaeval.corpus.Corpus;
import io.kgrca.rcaeval.corpus.Scenario;
import io.kgrca.rcaeval.eval.Evaluation;
import io.kgrca.rcaeval.eval.Report;
import io.kgrca.rcaeval.pipeline.ReplayMode;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's code on a small fixed subset of the corpus, in all three replay modes, on a real Neo4j: asserts
 * only the mechanics (the replay reached the graph as signals, every scenario got incidents, every mode ran). The
 * accuracy figures are the benchmark's to report, not a test's to assert.
 */
@ExtendWith(Neo4jExtension.class)
class RcaCorpusIT {

    private static final List<String> SUBSET = List.of("hand/hand-memory-limit-oomkilled.json",
            "hand/hand-image-tag-not-found.json", "hand/hand-coredns-forwarding-loop.json",
            "generated/node-failure-s2026.json", "generated/slow-dependency-s2027.json",
            "generated/job-failure-s2026.json");

    @Test
    void aSubsetOfTheCorpusRunsThroughReplayNormalizersAndTheGraphBuilderInEveryMode(Neo4jServer neo4j)
            throws Exception {
        List<Scenario> scenarios = SUBSET.stream().map(Corpus::load).toList();
        List<ReplayMode> modes = Arrays.asList(ReplayMode.values());
        GraphBuilderSettings settings = GraphBuilderSettings.fromEnv(new Env(Map.of("NEO4J_URI", neo4j.boltUri())));

        List<Evaluation.ScenarioRun> runs = new Evaluation(settings, "it" + Long.toHexString(System.nanoTime() & 0xfff))
                .run(scenarios, modes);

        assertThat(runs).hasSize(SUBSET.size());
        for (Evaluation.ScenarioRun run : runs) {
            assertThat(run.modes()).as(run.scenario().name()).containsOnlyKeys(ReplayMode.values());
            run.modes().forEach((mode, m) -> {
                String what = run.scenario().name() + " " + mode;
                assertThat(m.pipeline().replayed()).as(what).isPositive();
                assertThat(m.pipeline().normalized()).as(what).isPositive();
                assertThat(m.pipeline().rejected()).as(what).isZero();
                assertThat(GraphCounts.of(neo4j, m.tenant())).as(what).containsKeys("node:Signal", "node:Resource");
                assertThat(m.incidents()).as(what).isNotEmpty();
            });
        }
        System.out.println(Report.markdown(runs, modes));
    }
}
