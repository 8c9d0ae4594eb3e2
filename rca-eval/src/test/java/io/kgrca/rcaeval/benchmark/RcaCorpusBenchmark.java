package io.kgrca.rcaeval.benchmark;

import io.kgrca.common.config.Env;
import io.kgrca.graphbuilder.GraphBuilderSettings;
import io.kgrca.rcaeval.corpus.Corpus;
import io.kgrca.rcaeval.corpus.Scenario;
import io.kgrca.rcaeval.eval.Evaluation;
import io.kgrca.rcaeval.eval.Report;
import io.kgrca.rcaeval.pipeline.ReplayMode;
import io.kgrca.testsupport.Neo4jServer;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The RCA corpus benchmark: every scenario of the committed corpus replayed through the agent's mapping, both
 * normalizers and the graph-builder into one real Neo4j 5.26 (in this JVM), in the three replay modes, each scenario
 * and mode a fresh tenant; the RCA asked through {@code RcaAdapter}. Prints the tables of {@link Report} and writes
 * them to {@code rca-eval/target/rca-corpus.md}. Asserts nothing.
 *
 * <p>Run (from the repository root): {@code ./mvnw -o -q -pl rca-eval test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.kgrca.rcaeval.benchmark.RcaCorpusBenchmark
 * [-Dexec.args="<name substring>"]}.
 */
public final class RcaCorpusBenchmark {

    private RcaCorpusBenchmark() {
    }

    /** Runs the benchmark; {@code args[0]}, when given, keeps only scenarios whose name contains it. */
    public static void main(String[] args) throws Exception {
        String filter = args.length > 0 ? args[0] : "";
        List<Scenario> scenarios = Corpus.load().stream().filter(s -> s.name().contains(filter)).toList();
        List<ReplayMode> modes = Arrays.asList(ReplayMode.values());
        long started = System.nanoTime();
        String header = String.format("date %s, machine: %d cores, load average %.2f, %d scenarios, modes %s%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), scenarios.size(), modes);
        System.out.print(header);
        try (Neo4jServer neo4j = Neo4jServer.startStandalone()) {
            GraphBuilderSettings settings = GraphBuilderSettings.fromEnv(new Env(Map.of("NEO4J_URI", neo4j.boltUri())));
            List<Evaluation.ScenarioRun> runs = new Evaluation(settings, "bench").run(scenarios, modes);
            String table = header + String.format("duration %.0f s%n", (System.nanoTime() - started) / 1e9)
                    + Report.markdown(runs, modes);
            System.out.println(table);
            Path out = Path.of("rca-eval/target/rca-corpus.md");
            if (!Files.isDirectory(out.getParent())) {
                out = Path.of("target/rca-corpus.md");
            }
            Files.createDirectories(out.getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            System.out.println("written to " + out.toAbsolutePath());
        }
    }
}
