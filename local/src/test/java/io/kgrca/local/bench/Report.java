package io.kgrca.local.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the figures as they come ({@code BENCH <part> | <line>}) and once more, all together, at the end:
 * results only, without the notes (where the logs are, which ports).
 */
final class Report {

    private final List<String> results = new ArrayList<>();

    /** A note: printed now, not repeated in the summary. */
    synchronized void note(String part, String line) {
        System.out.println("BENCH " + part + " | " + line);
    }

    /** A figure: printed now and in the summary. */
    synchronized void result(String part, String line) {
        String l = "BENCH " + part + " | " + line;
        results.add(l);
        System.out.println(l);
    }

    /** The summary. */
    synchronized void summary(String header) {
        System.out.println();
        System.out.println("==================== scale benchmark, " + Instant.now() + " ====================");
        System.out.println(header);
        results.forEach(System.out::println);
        System.out.println("=".repeat(90));
    }
}
