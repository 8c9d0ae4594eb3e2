package io.kgrca.controlplane.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import io.kgrca.common.config.Env;
import io.kgrca.common.model.Registration;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.reconcile.DesiredWorkers;
import io.kgrca.controlplane.reconcile.PortPlan;
import io.kgrca.controlplane.reconcile.Reconciler;
import io.kgrca.controlplane.reconcile.TokenBucket;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.tenant.Lifecycle;
import io.kgrca.controlplane.tenant.TenantState;
import io.kgrca.controlplane.tenant.TenantStore;
import io.kgrca.testsupport.DockerEngine;
import io.kgrca.testsupport.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark (a program, not a test) of the control plane. Prints:
 * <ol>
 *   <li>a reconcile pass over 1,000 unchanged tenants with the in-memory runtime, against a baseline pass that only
 *       reads each tenant's record and workers;</li>
 *   <li>the control plane's heap per tenant (store, trackers, status, ports) over 10,000 tenants;</li>
 *   <li>registration to three running containers on the real Docker engine, median and p95 over 20 tenants,
 *       against starting three containers directly through docker-java in the same run.</li>
 * </ol>
 * Run: {@code ./mvnw -pl control-plane -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.controlplane.it.ControlPlaneBenchmark} (part 3 needs a Docker engine and the
 * {@code eclipse-temurin:17-jre} base image).
 */
public final class ControlPlaneBenchmark {

    private ControlPlaneBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        reconcilePass();
        heapPerTenant();
        if (DockerEngine.available()) {
            registrationToRunning();
        } else {
            System.out.println("3. registration to running: SKIPPED, no Docker engine reachable");
        }
        System.exit(0);
    }

    private static ControlPlaneConfig config(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BROKERS", "127.0.0.1:9092",
                "HEARTBEAT_TIMEOUT", "1h", "CLEANUP_TIMEOUT", "2h", "WORKER_PORT_RANGE", "20000-59999",
                "SPAWN_BURST", "10000", "SPAWN_RATE_PER_SECOND", "1000"));
        env.putAll(extra);
        return ControlPlaneConfig.fromEnv(new Env(env));
    }

    private static Reconciler reconciler(TenantStore store, InMemoryWorkerRuntime runtime, ControlPlaneConfig c) {
        PortPlan ports = new PortPlan(c.workerPortBase(), c.workerPortCount());
        Clock clock = Clock.systemUTC();
        return new Reconciler(store, new Lifecycle(c.heartbeatTimeout(), c.cleanupTimeout(), clock.instant()),
                new DesiredWorkers(c, ports), runtime, GroupCleaner.NONE,
                new TokenBucket(clock, c.spawnRatePerSecond(), c.spawnBurst()),
                new Reconciler.Collaborators(c.restart(), ports, ControlPlaneMetrics.NOOP, clock, Duration.ofSeconds(1)));
    }

    private static void reconcilePass() throws Exception {
        int tenants = 1000;
        TenantStore store = new TenantStore();
        InMemoryWorkerRuntime runtime = new InMemoryWorkerRuntime(Clock.systemUTC());
        ControlPlaneConfig c = config(Map.of());
        Reconciler reconciler = reconciler(store, runtime, c);
        List<TenantId> ids = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            TenantId id = TenantId.of("tenant-" + i);
            ids.add(id);
            store.update(id, t -> t.register(new Registration(id.value(), null, "1", null, null), Clock.systemUTC().instant()));
            reconciler.reconcile(id);
        }
        Map<TenantId, List<WorkerInstance>> actual = runtime.list().stream()
                .collect(Collectors.groupingBy(WorkerInstance::tenant));
        double[] pass = new double[15];
        double[] base = new double[15];
        long sink = 0;
        for (int round = -5; round < 15; round++) {
            long t0 = System.nanoTime();
            for (TenantId id : ids) {
                sink += store.get(id).orElseThrow().heartbeats() + actual.get(id).size();
            }
            long t1 = System.nanoTime();
            for (TenantId id : ids) {
                if (!reconciler.reconcile(id, actual.get(id)).noop()) {
                    throw new IllegalStateException("an unchanged tenant was changed");
                }
            }
            long t2 = System.nanoTime();
            if (round >= 0) {
                base[round] = (t1 - t0) / 1e6;
                pass[round] = (t2 - t1) / 1e6;
            }
        }
        System.out.printf("1. reconcile pass over %d unchanged tenants (in-memory runtime): median %.2f ms, p95 %.2f ms;"
                + " baseline (read records and workers only): median %.3f ms; ratio %.0fx (checksum %d)%n", tenants,
                median(pass), p95(pass), median(base), median(pass) / median(base), sink);
    }

    private static void heapPerTenant() throws Exception {
        int tenants = 10_000;
        TenantStore store = new TenantStore();
        InMemoryWorkerRuntime runtime = new InMemoryWorkerRuntime(Clock.systemUTC());
        ControlPlaneConfig c = config(Map.of());
        long before = usedHeap();
        Reconciler reconciler = reconciler(store, runtime, c);
        for (int i = 0; i < tenants; i++) {
            TenantId id = TenantId.of("tenant-" + i);
            store.update(id, t -> t.register(new Registration(id.value(), "cluster-" + id.value(), "1", null, null),
                    Clock.systemUTC().instant()).heartbeat(Clock.systemUTC().instant(), Duration.ofMillis(5)));
            reconciler.reconcile(id, List.of());
        }
        long withRuntime = usedHeap();
        long runtimeOnly = runtimeFootprint(tenants);
        System.out.printf("2. heap per tenant (records, trackers, statuses, ports; the in-memory runtime's own %d B/tenant"
                + " subtracted): %.1f KiB over %,d tenants%n", runtimeOnly / tenants,
                (withRuntime - before - runtimeOnly) / 1024.0 / tenants, tenants);
        if (reconciler.statusOf(TenantId.of("tenant-1")).isEmpty() || runtime.list().isEmpty()) {
            throw new IllegalStateException("nothing was kept");
        }
    }

    private static long runtimeFootprint(int tenants) throws Exception {
        long before = usedHeap();
        InMemoryWorkerRuntime runtime = new InMemoryWorkerRuntime(Clock.systemUTC());
        ControlPlaneConfig c = config(Map.of());
        DesiredWorkers desired = new DesiredWorkers(c, new PortPlan(c.workerPortBase(), c.workerPortCount()));
        TenantStore scratch = new TenantStore();
        for (int i = 0; i < tenants; i++) {
            TenantId id = TenantId.of("tenant-" + i);
            var rec = scratch.update(id, t -> t.register(new Registration(id.value(), null, "1", null, null),
                    Clock.systemUTC().instant()));
            for (var spec : desired.of(rec, TenantState.ACTIVE).values()) {
                runtime.start(spec);
            }
            scratch.forget(id);
        }
        long after = usedHeap();
        if (runtime.list().size() != tenants * 3) {
            throw new IllegalStateException();
        }
        return after - before;
    }

    private static void registrationToRunning() throws Exception {
        TestImages.build();
        DockerClient docker = DockerEngine.client();
        try (KafkaBroker broker = KafkaBroker.startStandalone()) {
            Main.Running cp = ControlPlaneHarness.start(ControlPlaneHarness.config(broker, Map.of(
                    "HEARTBEAT_TIMEOUT", "10m", "CLEANUP_TIMEOUT", "20m", "RECONCILE_INTERVAL", "30s",
                    "WORKER_PORT_RANGE", "24000-24299")));
            while (!cp.plane().ready()) {
                Thread.sleep(50);
            }
            List<Double> viaControlPlane = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
                for (int i = 0; i < 20; i++) {
                    direct.add(directStart(docker, i));
                    String t = "bench-" + i;
                    long t0 = System.nanoTime();
                    ControlPlaneHarness.register(p, t);
                    while (ControlPlaneHarness.running(t).size() < 3) {
                        Thread.sleep(20);
                    }
                    viaControlPlane.add((System.nanoTime() - t0) / 1e9);
                    ControlPlaneHarness.deregister(p, t);
                }
            } finally {
                cp.close();
                ControlPlaneHarness.removeAllManagedContainers();
            }
            double[] cpS = viaControlPlane.stream().mapToDouble(d -> d).toArray();
            double[] dS = direct.stream().mapToDouble(d -> d).toArray();
            System.out.printf("3. registration -> three running containers over 20 tenants: median %.2f s, p95 %.2f s;"
                    + " baseline (create+start 3 containers directly): median %.2f s; ratio %.2f%n",
                    median(cpS), p95(cpS), median(dS), median(cpS) / median(dS));
        }
    }

    private static double directStart(DockerClient docker, int i) {
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            String id = docker.createContainerCmd(TestImages.WORKER).withName("kg-bench-direct-" + i + "-" + k)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
                    .exec().getId();
            docker.startContainerCmd(id).exec();
            ids.add(id);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        ids.forEach(id -> docker.removeContainerCmd(id).withForce(true).exec());
        return s;
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static double p95(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.ceil(0.95 * s.length) - 1];
    }
}
