package io.kgrca.local.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Issue 14's scale benchmarks, both placements in one run, on a real broker and a real Neo4j in this JVM (the
 * local mode's stack) with the workers as child JVMs: the shared placement with N tenants (pools), then the
 * dedicated placement with the tenant count rising until it breaks. A program that prints figures; it asserts
 * nothing and stops by itself. Arguments {@code key=value}: see {@link Options} (defaults make a short trial;
 * the long run is {@code tenants=1000 duration=10m}). The workers' jars must be built
 * ({@code ./mvnw install -DskipTests}).
 */
public final class ScaleBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleBenchmark.class);

    private ScaleBenchmark() {
    }

    /** Runs the parts the arguments name and prints the figures. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Report report = new Report();
        Machine.Sample start = Machine.sample();
        String header = String.format(Locale.ROOT, "machine: %d processors, %.1f GiB, %s %s, load at start %s; "
                + "options %s", Runtime.getRuntime().availableProcessors(), start.totalBytes() / 1073741824.0,
                System.getProperty("java.vm.name"), System.getProperty("java.version"), Machine.loadAverage(), o);
        System.out.println(header);
        for (String part : o.parts()) {
            try {
                switch (part) {
                    case "shared" -> new SharedRun(o, report).run();
                    case "dedicated" -> new DedicatedRun(o, report).run();
                    default -> throw new IllegalArgumentException("parts are shared and dedicated, got " + part);
                }
            } catch (Exception e) {
                LOG.error("bench: part {} failed (tenant: all of the part)", part, e);
                report.result(part, "FAILED: " + e);
            }
        }
        report.summary(header);
        System.exit(0);
    }
}
