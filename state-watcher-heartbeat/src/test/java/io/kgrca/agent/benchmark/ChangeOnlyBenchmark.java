package io.kgrca.agent.benchmark;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kgrca.agent.Fixtures;
import io.kgrca.agent.k8s.ResourceMapper;
import io.kgrca.agent.state.ChangeTracker;
import io.kgrca.agent.state.Outgoing;
import io.kgrca.agent.state.ResourceMaps;
import io.kgrca.agent.state.TopologyRules;
import io.kgrca.agent.state.ClusterView;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.tenant.TenantId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the agent sends in one simulated hour, against a full resend at every resync as the baseline in the same run.
 *
 * <p>A cluster of {@code NAMESPACES x PODS_PER_NAMESPACE} pods (each owned by a replica set of a deployment,
 * selected by a service, on one of {@code NODES} nodes). Informers resync every 30 s and 1 %
 * of the pods change status every minute. The baseline re-sends every object and edge at every resync; the agent
 * sends only changes plus one full snapshot per hour. Prints records, bytes and CPU time per resync round for
 * both, and the ratios. Run:
 * {@code mvn -pl state-watcher-heartbeat exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.agent.benchmark.ChangeOnlyBenchmark}
 */
public final class ChangeOnlyBenchmark {

    private static final int NAMESPACES = 50;
    private static final int PODS_PER_NAMESPACE = 100;
    private static final int NODES = 20;
    private static final int ROUNDS_PER_HOUR = 120;
    private static final double CHURN_PER_MINUTE = 0.01;

    private ChangeOnlyBenchmark() {
    }

    public static void main(String[] args) {
        List<HasMetadata> cluster = cluster();
        ResourceMapper mapper = new ResourceMapper("bench");
        System.out.printf("cluster: %d objects (%d pods, %d nodes), resync every 30 s, %.0f %% pod churn per minute%n",
                cluster.size(), NAMESPACES * PODS_PER_NAMESPACE, NODES, CHURN_PER_MINUTE * 100);
        Totals warm = runAgent(cluster, mapper, 10);
        Totals warmBase = runBaseline(cluster, mapper, 10);
        Totals agent = runAgent(cluster, mapper, ROUNDS_PER_HOUR);
        Totals base = runBaseline(cluster, mapper, ROUNDS_PER_HOUR);
        System.out.printf("(warm-up: agent %d records, baseline %d records)%n", warm.records, warmBase.records);
        System.out.printf("agent (changes only + 1 snapshot/h): %,d records/h, %,d KiB/h, %.1f ms CPU per resync round%n",
                agent.records, agent.bytes / 1024, agent.nanos / 1e6 / ROUNDS_PER_HOUR);
        System.out.printf("baseline (full resend every 30 s):   %,d records/h, %,d KiB/h, %.1f ms CPU per resync round%n",
                base.records, base.bytes / 1024, base.nanos / 1e6 / ROUNDS_PER_HOUR);
        System.out.printf("ratio baseline/agent: records %.1fx, bytes %.1fx, CPU %.1fx%n",
                (double) base.records / agent.records, (double) base.bytes / agent.bytes, (double) base.nanos / agent.nanos);
    }

    private record Totals(long records, long bytes, long nanos) {
    }

    private static Totals runAgent(List<HasMetadata> cluster, ResourceMapper mapper, int rounds) {
        ChangeTracker tracker = new ChangeTracker(TenantId.of("bench"), Clock.systemUTC(), Duration.ofMinutes(10));
        tracker.startLeading();
        long records = 0;
        long bytes = 0;
        long start = System.nanoTime();
        List<HasMetadata> current = new ArrayList<>(cluster);
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 1) {
                churn(current, round);
            }
            for (HasMetadata o : current) {
                for (Outgoing out : tracker.upsert(mapper.map(o))) {
                    records++;
                    bytes += size(out);
                }
            }
        }
        for (Outgoing out : tracker.snapshot()) {
            records++;
            bytes += size(out);
        }
        return new Totals(records, bytes, System.nanoTime() - start);
    }

    /** The baseline: every resync maps and sends every object and every edge. */
    private static Totals runBaseline(List<HasMetadata> cluster, ResourceMapper mapper, int rounds) {
        long records = 0;
        long bytes = 0;
        long start = System.nanoTime();
        List<HasMetadata> current = new ArrayList<>(cluster);
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 1) {
                churn(current, round);
            }
            ClusterView view = new ClusterView();
            List<ResourceRecord> mapped = new ArrayList<>(current.size());
            for (HasMetadata o : current) {
                ResourceRecord r = mapper.map(o);
                mapped.add(r);
                view.put(r);
            }
            for (ResourceRecord r : mapped) {
                records++;
                bytes += JsonCodec.shared().encode(ResourceMaps.at(r, Instant.now())).length;
                for (var e : TopologyRules.derivedFrom(r, view)) {
                    if (!e.type().name().equals("SELECTS") || e.to().equals(r.ref())) {
                        records++;
                        bytes += JsonCodec.shared().encode(e).length;
                    }
                }
            }
        }
        return new Totals(records, bytes, System.nanoTime() - start);
    }

    private static long size(Outgoing out) {
        return out.value() == null ? 0 : JsonCodec.shared().encode(out.value()).length;
    }

    /** Every minute (every second round) 1 % of the pods restart a container. */
    private static void churn(List<HasMetadata> objects, int round) {
        int pods = NAMESPACES * PODS_PER_NAMESPACE;
        int changes = (int) (pods * CHURN_PER_MINUTE);
        for (int i = 0; i < changes; i++) {
            int index = (round * 7919 + i * 104729) % pods;
            Pod p = (Pod) objects.get(index);
            int restarts = p.getStatus().getContainerStatuses().get(0).getRestartCount() + 1;
            objects.set(index, new PodBuilder(p).editStatus().editFirstContainerStatus().withRestartCount(restarts)
                    .endContainerStatus().endStatus().build());
        }
    }

    private static List<HasMetadata> cluster() {
        List<HasMetadata> pods = new ArrayList<>();
        List<HasMetadata> rest = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            rest.add(Fixtures.node("node-" + n, "2025-01-01T00:00:00Z"));
        }
        for (int ns = 0; ns < NAMESPACES; ns++) {
            String namespace = "ns-" + ns;
            for (int app = 0; app < 10; app++) {
                String name = "app-" + app;
                rest.add(Fixtures.deployment(namespace, name, 10));
                rest.add(Fixtures.replicaSet(namespace, name + "-rs", name));
                rest.add(Fixtures.service(namespace, name, Map.of("app", name)));
                for (int i = 0; i < PODS_PER_NAMESPACE / 10; i++) {
                    pods.add(Fixtures.pod(namespace, name + "-" + i, Map.of("app", name), "node-" + (i % NODES), name + "-rs"));
                }
            }
        }
        pods.addAll(rest);
        return pods;
    }
}
