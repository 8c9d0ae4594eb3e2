package io.kgrca.common.benchmark;

import com.sun.management.ThreadMXBean;
import io.kgrca.common.key.TenantKeyFilter;
import io.kgrca.common.tenant.TenantId;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * Benchmark (a program, not a test): how fast {@link TenantKeyFilter} rejects foreign keys, against a baseline loop
 * that only reads the same key bytes, in the same run. Prints both rates, their ratio and the bytes the filter
 * allocated.
 *
 * <p>Run: {@code mvn -pl common -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.common.benchmark.TenantFilterBenchmark}
 */
public final class TenantFilterBenchmark {

    private static final int KEYS = 1 << 16;
    private static final int ROUNDS = 7;
    private static final int PASSES_PER_ROUND = 400;

    private TenantFilterBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) {
        byte[][] keys = foreignKeys(new Random(42));
        TenantKeyFilter filter = TenantKeyFilter.forTenant(TenantId.of("af-1"));
        int prefix = "af-1::".length();

        // Warm-up so that both loops are compiled before they are measured.
        for (int i = 0; i < 50; i++) {
            baseline(keys, prefix);
            filter(keys, filter);
        }
        double[] base = new double[ROUNDS];
        double[] filtered = new double[ROUNDS];
        long allocated = 0;
        long sink = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            for (int p = 0; p < PASSES_PER_ROUND; p++) {
                sink += baseline(keys, prefix);
            }
            long t1 = System.nanoTime();
            long a0 = allocatedBytes();
            for (int p = 0; p < PASSES_PER_ROUND; p++) {
                sink += filter(keys, filter);
            }
            long a1 = allocatedBytes();
            long t2 = System.nanoTime();
            allocated += a1 - a0;
            double n = (double) KEYS * PASSES_PER_ROUND;
            base[r] = n / ((t1 - t0) / 1e9);
            filtered[r] = n / ((t2 - t1) / 1e9);
        }
        double baseMedian = median(base);
        double filterMedian = median(filtered);
        System.out.printf("keys per pass: %d foreign keys of %d tenants (af-10, af-11, ...), %d passes x %d rounds%n",
                KEYS, 90, PASSES_PER_ROUND, ROUNDS);
        System.out.printf("baseline (read the same key bytes): %,.0f keys/s (median)%n", baseMedian);
        System.out.printf("tenant filter (reject foreign)    : %,.0f keys/s (median)%n", filterMedian);
        System.out.printf("ratio filter/baseline             : %.2f%n", filterMedian / baseMedian);
        System.out.printf("bytes allocated by the filter loop: %d over %,d keys%n", allocated,
                (long) KEYS * PASSES_PER_ROUND * ROUNDS);
        System.out.println("(checksum " + sink + ")");
    }

    /** Reads, for every key, its length and the bytes the filter would compare. */
    private static long baseline(byte[][] keys, int prefix) {
        long acc = 0;
        for (byte[] k : keys) {
            int n = Math.min(prefix, k.length);
            for (int i = 0; i < n; i++) {
                acc += k[i];
            }
            acc += k.length;
        }
        return acc;
    }

    private static long filter(byte[][] keys, TenantKeyFilter filter) {
        long matched = 0;
        for (byte[] k : keys) {
            if (filter.matches(k)) {
                matched++;
            }
        }
        return matched;
    }

    private static byte[][] foreignKeys(Random random) {
        byte[][] keys = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            // af-10..af-99 share the prefix "af-1" with the tenant: the hardest foreign keys for a prefix test.
            String tenant = "af-" + (10 + random.nextInt(90));
            String type = random.nextBoolean() ? "event" : "log";
            keys[i] = (tenant + "::" + type + "::" + new UUID(random.nextLong(), random.nextLong()))
                    .getBytes(StandardCharsets.UTF_8);
        }
        return keys;
    }

    private static long allocatedBytes() {
        var bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
