package io.kgrca.rcaeval.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed corpus: scenario files under {@code corpus/} on the class path ({@code hand/} written from public
 * write-ups, {@code generated/} written by the generator from {@link #GENERATED_SEEDS}), listed in
 * {@code corpus/index.txt}.
 */
public final class Corpus {

    /** The seeds of the generated scenarios, each used for every fault class (odd seeds are held out). */
    public static final List<Long> GENERATED_SEEDS = List.of(2026L, 2027L);
    /** The index's resource path. */
    public static final String INDEX = "corpus/index.txt";

    private Corpus() {
    }

    /** The files of the index, relative to {@code corpus/}. */
    public static List<String> files() {
        String index = resource(INDEX);
        List<String> files = new ArrayList<>();
        for (String line : index.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                files.add(line.trim());
            }
        }
        return files;
    }

    /** Every scenario of the index. */
    public static List<Scenario> load() {
        return files().stream().map(Corpus::load).toList();
    }

    /** One scenario by its path relative to {@code corpus/}. */
    public static Scenario load(String file) {
        try {
            return ScenarioCodec.parse(resource("corpus/" + file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
