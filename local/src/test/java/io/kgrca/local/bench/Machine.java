package io.kgrca.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the workers and the machine use, from {@code /proc}: resident memory and CPU time of this JVM's child
 * processes (the workers the process runtime or the benchmark started), of this JVM (broker, Neo4j, control plane
 * and the feed), the machine's available memory and load.
 */
final class Machine {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private Machine() {
    }

    /**
     * A sample.
     *
     * @param workers         child processes counted
     * @param workersRssBytes their resident memory in total
     * @param workersCpuSec   their CPU time in total since they started
     * @param selfRssBytes    this JVM's resident memory
     * @param selfCpuSec      this JVM's CPU time
     * @param availableBytes  the machine's MemAvailable
     * @param totalBytes      the machine's MemTotal
     * @param nanos           when ({@link System#nanoTime()})
     */
    record Sample(int workers, long workersRssBytes, double workersCpuSec, long selfRssBytes, double selfCpuSec,
                  long availableBytes, long totalBytes, long nanos) {

        /** Cores used on average by the workers between {@code earlier} and this sample. */
        double workerCores(Sample earlier) {
            return (workersCpuSec - earlier.workersCpuSec) / seconds(earlier);
        }

        /** Cores used on average by this JVM between {@code earlier} and this sample. */
        double selfCores(Sample earlier) {
            return (selfCpuSec - earlier.selfCpuSec) / seconds(earlier);
        }

        private double seconds(Sample earlier) {
            return Math.max(1e-9, (nanos - earlier.nanos) / 1e9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d worker processes, RSS %.1f MiB in total; benchmark JVM (broker, "
                    + "Neo4j, control plane, feed) RSS %.1f MiB; machine MemAvailable %.1f of %.1f GiB; load %s",
                    workers, mib(workersRssBytes), mib(selfRssBytes), availableBytes / 1073741824.0,
                    totalBytes / 1073741824.0, loadAverage());
        }
    }

    /** A sample now. */
    static Sample sample() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        long rss = 0;
        double cpu = 0;
        int counted = 0;
        for (ProcessHandle p : children) {
            long r = rssBytes(p.pid());
            if (r > 0) {
                rss += r;
                cpu += cpuSeconds(p.pid());
                counted++;
            }
        }
        long self = ProcessHandle.current().pid();
        return new Sample(counted, rss, cpu, rssBytes(self), cpuSeconds(self), meminfo("MemAvailable:"),
                meminfo("MemTotal:"), System.nanoTime());
    }

    /** Resident memory of {@code pid} ({@code VmRSS}), 0 when it is gone. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return kib(line) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** User plus system CPU seconds of {@code pid}, 0 when it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name (which may hold blanks) start after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static long meminfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key)) {
                    return kib(line) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static long kib(String line) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]);
    }
}
