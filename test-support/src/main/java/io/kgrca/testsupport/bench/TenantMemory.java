package io.kgrca.testsupport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints the marginal heap of idle tenants in one pool instance (shared placement): for each tenant count N, the
 * instance's shared parts and N tenants' processors, each fed one record, are built and held while the heap used
 * after full collections is read; the figure per tenant is {@code (heap(N) - heap(0)) / N}. A warm-up population
 * runs first so that class initialisation and static caches are not charged to the first tenants.
 */
public final class TenantMemory {

    /** Builds one pool instance's processors. */
    @FunctionalInterface
    public interface Population {
        /**
         * The instance's shared parts and {@code tenants} processors, each fed one record of its tenant; closing
         * the result releases them. Everything the instance keeps must stay reachable from it until then.
         */
        AutoCloseable populate(int tenants) throws Exception;
    }

    private TenantMemory() {
    }

    /** The tenant counts of a benchmark's arguments, 0 100 1000 when there are none. */
    public static int[] counts(String[] args) {
        return args.length == 0 ? new int[] {0, 100, 1000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    }

    /** Measures {@code population} for each of {@code counts} (0 first) and prints the figures. */
    public static void print(String worker, int[] counts, Population population) throws Exception {
        try (AutoCloseable warmUp = population.populate(10)) {
            usedAfterGc();
        }
        long base = usedAfterGc();
        long zero = 0;
        System.out.printf(Locale.ROOT, "%n%s: marginal heap per idle tenant, %s, max heap %d MiB%n", worker,
                Instant.now(), Runtime.getRuntime().maxMemory() >> 20);
        for (int n : counts) {
            try (AutoCloseable held = population.populate(n)) {
                long used = usedAfterGc() - base;
                if (n == 0) {
                    zero = used;
                    System.out.printf(Locale.ROOT, "%-18s %5d tenants: instance's shared parts %8.1f KiB%n", worker,
                            n, used / 1024.0);
                } else {
                    System.out.printf(Locale.ROOT, "%-18s %5d tenants: heap above N=0 %8.2f MiB = %7.1f KiB per "
                            + "tenant%n", worker, n, (used - zero) / 1048576.0, (used - zero) / 1024.0 / n);
                }
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(150);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
