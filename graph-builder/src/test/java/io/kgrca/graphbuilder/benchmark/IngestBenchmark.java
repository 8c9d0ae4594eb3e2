package io.kgrca.graphbuilder.benchmark;

import com.sun.management.OperatingSystemMXBean;
import io.kgrca.common.config.Env;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.GraphBuilderFactory;
import io.kgrca.graphbuilder.GraphBuilderSettings;
import io.kgrca.graphbuilder.metrics.GraphMetrics;
import io.kgrca.graphbuilder.store.GraphHandle;
import io.kgrca.graphbuilder.store.TenantGraph;
import io.kgrca.graphbuilder.store.TenantGraphs;
import io.kgrca.graphbuilder.write.GraphBatchProcessor;
import io.kgrca.testsupport.Neo4jServer;
import org.neo4j.driver.Session;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Events per second into Neo4j: the graph-builder's batched writes (one transaction per polled batch, UNWIND)
 * against one transaction per event, in the same run, on the same real Neo4j 5.26 Community
 * (in this JVM), through the same processor: mapping, planning, resources, events, causal linking and incidents.
 * Kafka is not in the loop; the numbers are what the sink can absorb.
 *
 * <p>Workload: 10 nodes, 200 pods of 50 deployments with services, and events on random pods, event times 20 ms
 * apart: 75% normal life-cycle events, each a new event, and 25% warnings (BackOff, Unhealthy, OOMKilled,
 * FailedScheduling, ...), which repeat as updates of one aggregated event per pod and reason, as Kubernetes
 * aggregates them. Every warning is abnormal, so every one of them is linked and grouped.
 *
 * <p>Run: {@code mvn -pl graph-builder exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.graphbuilder.benchmark.IngestBenchmark [-Dexec.args="<batched events> <single events>
 * <batch sizes, comma-separated> [aggregated|distinct] [rounds]"]} (defaults 20000 1500 500 aggregated 3);
 * {@code distinct} makes every warning a new event. Each batch size is warmed up first; the figures are medians
 * over the rounds, and the ratio compares medians of the same run.
 */
public final class IngestBenchmark {

    private static final String[][] NORMAL = {{"Scheduled", "Successfully assigned"}, {"Pulling", "Pulling image"},
        {"Pulled", "Successfully pulled image"}, {"Created", "Created container app"}, {"Started", "Started container"}};
    private static final String[][] WARNING = {{"BackOff", "Back-off restarting failed container app"},
        {"Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503"},
        {"Unhealthy", "Liveness probe failed: context deadline exceeded"}, {"OOMKilled", "Container app was OOMKilled"},
        {"FailedScheduling", "0/10 nodes are available: 10 Insufficient cpu."},
        {"FailedMount", "MountVolume.SetUp failed for volume \"data\""}};

    /** Every warning a new event instead of an update of its pod's aggregated one (the harsher workload). */
    private static boolean distinctWarnings;

    private IngestBenchmark() {
    }

    /** Runs the benchmark and prints its figures. */
    public static void main(String[] args) throws Exception {
        int batchedEvents = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int singleEvents = args.length > 1 ? Integer.parseInt(args[1]) : 1_500;
        int[] batchSizes = Arrays.stream((args.length > 2 ? args[2] : "500").split(","))
                .mapToInt(Integer::parseInt).toArray();
        distinctWarnings = args.length > 3 && "distinct".equals(args[3]);
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        System.out.printf("machine: %d cores, %s, load average %s%n", Runtime.getRuntime().availableProcessors(),
                memTotal(), load());
        try (Neo4jServer neo4j = Neo4jServer.startStandalone()) {
            GraphBuilderSettings settings = GraphBuilderSettings.fromEnv(new Env(Map.of("NEO4J_URI", neo4j.boltUri())));
            // Warm-up: JIT and the Cypher plans of every path and batch size, on tenants of their own.
            run(neo4j, settings, "warmup", singleEvents, 1, false);
            for (int size : batchSizes) {
                run(neo4j, settings, "warmup", Math.max(batchedEvents, 2 * size), size, false);
            }
            double[] single = new double[rounds];
            double[][] batched = new double[batchSizes.length][rounds];
            for (int round = 0; round < rounds; round++) {
                single[round] = run(neo4j, settings, "single-" + (round + 1), singleEvents, 1, true);
                for (int b = 0; b < batchSizes.length; b++) {
                    batched[b][round] = run(neo4j, settings, "batch" + batchSizes[b] + "-" + (round + 1),
                            batchedEvents, batchSizes[b], true);
                }
            }
            double singleMedian = median(single);
            System.out.printf("%nRESULT one transaction per event: median %.0f events/s over %d rounds%n",
                    singleMedian, rounds);
            for (int b = 0; b < batchSizes.length; b++) {
                double m = median(batched[b]);
                System.out.printf("RESULT batched, %d per transaction: median %.0f events/s (rounds %s), "
                        + "ratio %.1fx%n", batchSizes[b], m, Arrays.toString(Arrays.stream(batched[b])
                        .mapToLong(Math::round).toArray()), m / singleMedian);
            }
            System.out.printf("load average after: %s%n", load());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Feeds {@code events} events in batches of {@code batchSize}; returns events per second. */
    private static double run(Neo4jServer neo4j, GraphBuilderSettings settings, String name, int events,
                              int batchSize, boolean print) throws Exception {
        TenantId tenant = TenantId.of("bench-" + name + "-" + Long.toHexString(System.nanoTime() & 0xffffff));
        TenantGraph graph = TenantGraphs.open(TenantGraphs.driver(settings.neo4j()), tenant, settings.neo4j());
        try (GraphBatchProcessor processor = GraphBuilderFactory.processor(tenant, GraphHandle.of(graph), settings,
                GraphMetrics.NOOP)) {
            List<InboundRecord> topology = inbound(topology(tenant));
            for (int i = 0; i < topology.size(); i += 500) {
                processor.process(topology.subList(i, Math.min(topology.size(), i + 500)));
            }
            List<InboundRecord> stream = inbound(events(tenant, events));
            long started = System.nanoTime();
            long cpuStarted = cpuNanos();
            int written = 0;
            for (int i = 0; i < stream.size(); i += batchSize) {
                BatchOutcome outcome = processor.process(stream.subList(i, Math.min(stream.size(), i + batchSize)));
                if (!outcome.rejections().isEmpty()) {
                    throw new IllegalStateException("rejected: " + outcome.rejections().get(0).message());
                }
                written += outcome.outputs();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (cpuNanos() - cpuStarted) / 1e9;
            double rate = written / seconds;
            if (print) {
                System.out.printf("%-10s %6d events in %7.2f s = %7.0f events/s (batch %d); %.0f events per CPU second "
                        + "(builder and Neo4j together); graph: %s%n", name, written, seconds, rate, batchSize,
                        written / cpuSeconds, counts(neo4j, tenant));
            }
            return rate;
        }
    }

    private static List<Fixtures.Wire> topology(TenantId t) {
        List<Fixtures.Wire> out = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            out.add(Fixtures.resource(t, "Node", "", "node-" + n));
        }
        for (int d = 0; d < 50; d++) {
            ResourceRef svc = ResourceRef.of("Service", "ns-" + d % 5, "svc-" + d);
            out.add(Fixtures.resource(t, "Service", svc.namespace(), svc.name()));
            for (int p = 0; p < 4; p++) {
                ResourceRef pod = pod(d * 4 + p);
                out.add(Fixtures.resource(t, "Pod", pod.namespace(), pod.name()));
                out.add(Fixtures.edge(t, EdgeType.RUNS_ON, pod, ResourceRef.of("Node", "", "node-" + (d * 4 + p) % 10)));
                out.add(Fixtures.edge(t, EdgeType.SELECTS, svc, pod));
            }
        }
        return out;
    }

    private static ResourceRef pod(int i) {
        return ResourceRef.of("Pod", "ns-" + (i / 4) % 5, "app-" + i / 4 + "-" + i % 4);
    }

    /**
     * Three normal life-cycle events in four, each a new event; one warning in four, on a random pod. As the
     * Kubernetes event recorder does, a warning that repeats on a pod (same reason and message) is the same
     * aggregated event with a higher count and a later last-seen, so repeats are updates, not new events (unless
     * {@link #distinctWarnings}).
     */
    private static List<Fixtures.Wire> events(TenantId t, int count) {
        Random rng = new Random(42);
        Instant base = Instant.parse("2025-07-01T00:00:00Z");
        Map<String, Instant> firstSeen = new HashMap<>();
        Map<String, Integer> repeats = new HashMap<>();
        List<Fixtures.Wire> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int podIndex = rng.nextInt(200);
            ResourceRef pod = pod(podIndex);
            Instant at = base.plusMillis(20L * i);
            if (rng.nextInt(4) == 0) {
                int w = rng.nextInt(WARNING.length);
                String id = distinctWarnings ? "w-" + i : "w-" + podIndex + "-" + w;
                Instant first = firstSeen.computeIfAbsent(id, k -> at);
                int n = repeats.merge(id, 1, Integer::sum);
                out.add(Fixtures.event(t, id, WARNING[w][0], Severity.WARNING, pod, first, at, n, WARNING[w][1]));
            } else {
                String[] n = NORMAL[rng.nextInt(NORMAL.length)];
                out.add(Fixtures.event(t, "ev-" + i, n[0], Severity.INFO, pod, at, n[1]));
            }
        }
        return out;
    }

    private static List<InboundRecord> inbound(List<Fixtures.Wire> wires) {
        List<InboundRecord> out = new ArrayList<>(wires.size());
        for (int i = 0; i < wires.size(); i++) {
            out.add(wires.get(i).inbound(i % 6, i));
        }
        return out;
    }

    private static String counts(Neo4jServer neo4j, TenantId t) {
        try (Session s = neo4j.driver().session()) {
            var r = s.run("MATCH (e:Event {tenant: $t}) RETURN count(e) AS events, "
                    + "sum(CASE WHEN e.abnormal THEN 1 ELSE 0 END) AS abnormal", Map.of("t", t.value())).single();
            return r.get("events").asLong() + " event nodes (" + r.get("abnormal").asLong() + " abnormal)";
        }
    }

    /** CPU time of this process: the builder and the in-process Neo4j, not the other processes on the machine. */
    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (Exception e) {
            return "memory unknown";
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
