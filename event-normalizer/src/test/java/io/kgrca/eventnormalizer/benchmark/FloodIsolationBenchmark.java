package io.kgrca.eventnormalizer.benchmark;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Flood isolation in a pool: prints p50/p99 of the other tenants' latency without and with one tenant flooding,
 * and their ratio (acceptance: p99 with the flood within 2x of p99 without). See {@link FloodIsolation}.
 *
 * <p>Run: {@code ./mvnw -o -q -pl event-normalizer test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.eventnormalizer.benchmark.FloodIsolationBenchmark
 * [-Dexec.args="tenants events/s run-seconds instances quota-bytes/s partitions slice rounds"]} (defaults 20 5 30 2
 * 1048576 6 100 2; slice: the pool's {@code POOL_TENANT_SLICE}, 0 for whole polls in offset order; rounds: pairs of
 * runs, no flood then flood, whose records are pooled per kind).
 */
public final class FloodIsolationBenchmark {

    private FloodIsolationBenchmark() {
    }

    /** Arguments: see the class comment. */
    public static void main(String[] args) throws Exception {
        FloodIsolation.Options o = new FloodIsolation.Options(arg(args, 0, 20), arg(args, 1, 5),
                Duration.ofSeconds(Math.min(60, arg(args, 2, 30))), arg(args, 3, 2), arg(args, 4, 1_048_576),
                arg(args, 5, 6), arg(args, 6, 100), arg(args, 7, 2));
        FloodIsolation.Result r = FloodIsolation.run(o);
        System.out.println(report(r));
        System.exit(0);
    }

    /** The figures as a Markdown table, with the machine and the date. */
    static String report(FloodIsolation.Result r) {
        FloodIsolation.Options o = r.options();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "flood isolation: %d tenants x %d events/s, pool of %d event-normalizer "
                        + "instances, %d partitions, quota %d B/s per tenant, %d rounds of two runs of %d s, "
                        + "POOL_TENANT_SLICE %d%n",
                o.tenants(), o.eventsPerSecond(), o.instances(), o.partitions(), o.quota(), o.rounds(),
                o.run().toSeconds(), o.slice()));
        s.append(String.format(Locale.ROOT, "machine: %d cores, load average %.1f, Java %s, %s%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), Instant.now()));
        s.append("| run | other tenants' records | p50 ms | p99 ms | max ms | not out after the drain | "
                + "flooder's records out | flooder's acknowledged bytes/s |\n|---|---|---|---|---|---|---|---|\n");
        for (FloodIsolation.Figures f : new FloodIsolation.Figures[]{r.quiet(), r.flood()}) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.0f |%n", f.name(),
                    f.records(), f.p50(), f.p99(), f.max(), f.late(), f.floodRecords(), f.floodBytesPerSecond()));
        }
        s.append(String.format(Locale.ROOT, "p99 ratio (flood / no flood): %.2f%n", r.ratio()));
        return s.toString();
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
