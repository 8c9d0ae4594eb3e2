package io.kgrca.testsupport.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a worker benchmark's figures: every run, the best of the rounds for each configuration, and the ratios a
 * reader compares: each configuration against the pass-through run on the same topic (names ending in the same
 * {@code , <topic label>}), and the cost of foreign records (the {@code 1 in 50 own} runs against the
 * {@code own records} runs).
 */
public final class Report {

    private Report() {
    }

    /** Prints the runs of {@code worker}'s benchmark over {@code records} records of {@code distinct} inputs. */
    public static void print(String worker, int records, int distinct, List<WorkerThroughput.Run> runs) {
        Map<String, Double> best = new HashMap<>();
        for (WorkerThroughput.Run r : runs) {
            System.out.printf(Locale.ROOT, "run  %-40s %8d records in %7.3f s = %10.0f records/s%n", r.name(),
                    r.records(), r.seconds(), r.perSecond());
            best.merge(r.name(), r.perSecond(), Math::max);
        }
        System.out.printf(Locale.ROOT, "%n%s benchmark, %s, %d records per topic (%d distinct real inputs), "
                + "%d processors%n", worker, Instant.now(), records, distinct,
                Runtime.getRuntime().availableProcessors());
        best.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> System.out.printf(Locale.ROOT,
                "best %-40s %10.0f records/s%n", e.getKey(), e.getValue()));
        for (String name : best.keySet().stream().sorted().toList()) {
            if (!name.startsWith("pass-through")) {
                ratio(best, name, "pass-through" + name.substring(name.lastIndexOf(',')));
            }
        }
        ratio(best, worker + ", 1 in 50 own", worker + ", own records");
        ratio(best, "pass-through, 1 in 50 own", "pass-through, own records");
    }

    private static void ratio(Map<String, Double> best, String a, String b) {
        if (best.containsKey(a) && best.containsKey(b)) {
            System.out.printf(Locale.ROOT, "ratio %-40s / %-32s = %.2f%n", a, b, best.get(a) / best.get(b));
        }
    }
}
