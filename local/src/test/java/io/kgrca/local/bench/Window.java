package io.kgrca.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A measured stretch of a run: CPU of the workers and of this JVM between its start and end, the workers' resident
 * memory sampled every 5 s (mean and maximum), the lowest MemAvailable of the machine, and the broker's bytes in
 * and out per data topic.
 */
final class Window {

    private final Machine.Sample start;
    private final Map<String, BrokerTraffic.Counts> brokerBefore;
    private final List<Machine.Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean stopping;
    private Machine.Sample end;
    private Map<String, BrokerTraffic.Counts> brokerAfter;

    Window() {
        start = Machine.sample();
        brokerBefore = BrokerTraffic.snapshot();
        samples.add(start);
        sampler = new Thread(() -> {
            while (!stopping) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    return;
                }
                Machine.Sample s = Machine.sample();
                synchronized (samples) {
                    samples.add(s);
                }
            }
        }, "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Ends the window. */
    Window end() {
        stopping = true;
        sampler.interrupt();
        end = Machine.sample();
        brokerAfter = BrokerTraffic.snapshot();
        synchronized (samples) {
            samples.add(end);
        }
        return this;
    }

    /** The last sample. */
    Machine.Sample last() {
        return end;
    }

    /** The highest total RSS of the workers seen. */
    long maxWorkersRss() {
        synchronized (samples) {
            return samples.stream().mapToLong(Machine.Sample::workersRssBytes).max().orElse(0);
        }
    }

    /** The lowest MemAvailable seen. */
    long minAvailable() {
        synchronized (samples) {
            return samples.stream().mapToLong(Machine.Sample::availableBytes).min().orElse(0);
        }
    }

    /** The figures, one per line. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        double meanRss;
        synchronized (samples) {
            meanRss = samples.stream().mapToLong(Machine.Sample::workersRssBytes).average().orElse(0);
        }
        out.add(String.format(Locale.ROOT, "window %.0f s: %d worker processes; workers' RSS mean %.1f MiB, max "
                + "%.1f MiB; CPU of the workers %.2f cores, of the benchmark JVM (broker, Neo4j, control plane, "
                + "feed, probe poller) %.2f cores; lowest MemAvailable %.2f GiB of %.2f; load %s", seconds,
                end.workers(), Machine.mib((long) meanRss), Machine.mib(maxWorkersRss()), end.workerCores(start),
                end.selfCores(start), minAvailable() / 1073741824.0, end.totalBytes() / 1073741824.0,
                Machine.loadAverage()));
        out.addAll(BrokerTraffic.report(brokerBefore, brokerAfter));
        return out;
    }
}
