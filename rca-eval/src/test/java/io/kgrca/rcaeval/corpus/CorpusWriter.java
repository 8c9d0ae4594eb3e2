package io.kgrca.rcaeval.corpus;

import io.kgrca.rcaeval.gen.HandWritten;
import io.kgrca.rcaeval.gen.ScenarioGenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the hand-written scenarios ({@link HandWritten}) to {@code src/main/resources/corpus/hand/}, the generated
 * ones ({@link Corpus#GENERATED_SEEDS} × every {@link FaultClass}) to {@code src/main/resources/corpus/generated/},
 * and the index of every scenario file. A program, run after changing
 * the generator: {@code ./mvnw -o -q -pl rca-eval test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.rcaeval.corpus.CorpusWriter} (from the repository root).
 */
public final class CorpusWriter {

    private CorpusWriter() {
    }

    /** The generated scenarios, in index order. */
    public static List<Scenario> generated() {
        List<Scenario> out = new ArrayList<>();
        for (FaultClass fc : FaultClass.values()) {
            for (long seed : Corpus.GENERATED_SEEDS) {
                out.add(new ScenarioGenerator(seed).generate(fc));
            }
        }
        return out;
    }

    private static void clear(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
    }

    /** Writes the corpus under {@code args[0]} (default {@code rca-eval/src/main/resources/corpus}). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "rca-eval/src/main/resources/corpus");
        Path gen = root.resolve("generated");
        clear(gen);
        List<String> index = new ArrayList<>();
        index.add("# every scenario file of the corpus, relative to corpus/ (written by CorpusWriter)");
        Path hand = root.resolve("hand");
        clear(hand);
        for (Scenario s : HandWritten.all()) {
            ScenarioCodec.write(s, hand.resolve(s.name() + ".json"));
            index.add("hand/" + s.name() + ".json");
        }
        for (Scenario s : generated()) {
            ScenarioCodec.write(s, gen.resolve(s.name() + ".json"));
            index.add("generated/" + s.name() + ".json");
        }
        Files.writeString(root.resolve("index.txt"), String.join("\n", index) + "\n", StandardCharsets.UTF_8);
        System.out.printf("wrote %d generated scenarios and an index of %d files under %s%n", generated().size(),
                index.size() - 1, root);
    }
}
