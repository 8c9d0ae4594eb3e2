package io.kgrca.controlplane.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.kgrca.common.config.Env;
import io.kgrca.common.model.Registration;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.config.WorkerIsolation;
import io.kgrca.controlplane.plan.PlanInput;
import io.kgrca.controlplane.plan.Planner;
import io.kgrca.controlplane.plan.SpawnBudget;
import io.kgrca.controlplane.plan.TenantMemory;
import io.kgrca.controlplane.reconcile.DesiredWorkers;
import io.kgrca.controlplane.reconcile.PortPlan;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantState;
import io.kgrca.testsupport.DockerEngine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.kgrca.controlplane.it.ControlPlaneBenchmark.median;
import static io.kgrca.controlplane.it.ControlPlaneBenchmark.p95;

/**
 * Benchmark (a program, not a test): a full resync of N tenants (default 1,000) with the REAL Docker runtime, and
 * the pure plan of 1,000 unchanged tenants. Prints:
 * <ol>
 *   <li>the observation cost of a full resync: before, every tenant's reconcile listed every labelled container
 *       ({@code DockerWorkerRuntime.list()} filtered by tenant, the path of the reconciler on main); now one full
 *       listing, then each tenant from the observed-state cache;</li>
 *   <li>how soon a change made behind the runtime's back (a container removed with the engine's API) shows in the
 *       cache, from the event stream alone;</li>
 *   <li>the pure plan of 1,000 unchanged tenants (target &lt; 50 ms).</li>
 * </ol>
 * Three thousand running containers are too many for this machine, so the containers are created, not started,
 * from a tiny local image ({@code FROM scratch}), labelled as the runtime labels its workers under a label value of
 * their own: the runtime lists them as its stopped workers. Both sides then pay an inspection per stopped container
 * at each full listing, which is what the old path paid per tenant; the figure with running workers (a listing
 * without inspections) is printed as the lower bound of the old path. The old path is timed on a sample of tenants
 * and multiplied by N (the listing does not depend on the tenant). Everything it creates is removed at the end.
 * Run: {@code ./mvnw -o -q -pl control-plane test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.controlplane.it.DockerResyncBenchmark -Dexec.args="1000 10"} (tenants, sampled
 * tenants of the old path).
 */
public final class DockerResyncBenchmark {

    private static final String IMAGE = "kg-bench-core-tiny:latest";
    private static final String OWNER = "kg-bench-core-" + Long.toHexString(System.nanoTime());

    private DockerResyncBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int sample = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        plan(1000);
        if (!DockerEngine.available()) {
            System.out.println("1-2. SKIPPED: no Docker engine reachable");
            System.exit(0);
        }
        DockerClient docker = DockerEngine.client();
        Thread cleanup = new Thread(() -> removeAll(docker));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            buildImage();
            long t0 = System.nanoTime();
            create(docker, tenants);
            System.out.printf("setup: %,d containers created (not started) in %.1f s%n", tenants * 3,
                    (System.nanoTime() - t0) / 1e9);
            resync(docker, tenants, sample);
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            removeAll(docker);
        }
        System.exit(0);
    }

    private static void resync(DockerClient docker, int tenants, int sample) throws Exception {
        DockerWorkerRuntime runtime = new DockerWorkerRuntime(docker, OWNER,
                WorkerIsolation.defaults(Files.createTempDirectory("kg-bench-core-")));
        List<TenantId> ids = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            ids.add(TenantId.of("bench-" + i));
        }
        // The old and the new path alternate, round by round, so that the load of the shared machine hits both.
        AutoCloseable watch = runtime.watchExits(t -> { });
        double[] old = new double[sample];
        double[] bare = new double[sample];
        double[] fresh = new double[sample];
        double[] fullList = new double[sample];
        for (int round = 0; round < sample; round++) {
            TenantId id = ids.get(round * (tenants / sample));
            long t0 = System.nanoTime();
            int n = runtime.list().stream().filter(w -> w.tenant().equals(id)).toList().size();
            long t1 = System.nanoTime();
            docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(DockerWorkerRuntime.MANAGED_BY, OWNER))
                    .exec();
            long t2 = System.nanoTime();
            check(n, id);
            old[round] = (t1 - t0) / 1e6;
            bare[round] = (t2 - t1) / 1e6;
            long t3 = System.nanoTime();
            runtime.list();
            long t4 = System.nanoTime();
            for (TenantId each : ids) {
                check(runtime.list(each).size(), each);
            }
            long t5 = System.nanoTime();
            fullList[round] = (t4 - t3) / 1e6;
            fresh[round] = (t5 - t3) / 1e6;
        }
        double oldTotal = median(old) * tenants;
        System.out.printf("1. full resync of %,d tenants (%,d stopped containers), real Docker runtime:%n"
                + "   before (a full listing per tenant): %.0f ms per tenant (median of %d rounds), %.1f s for all"
                + " (%.1f s if every worker ran: listing without inspections, %.1f ms each)%n"
                + "   now (one listing, then the cache): median %.0f ms (listing %.0f ms, %,d cache lookups %.1f ms);"
                + " ratio %.0fx (%.0fx against the lower bound)%n",
                tenants, tenants * 3, median(old), sample, oldTotal / 1000, median(bare) * tenants / 1000,
                median(bare), median(fresh), median(fullList), tenants, median(fresh) - median(fullList),
                oldTotal / median(fresh), median(bare) * tenants / median(fresh));
        eventFreshness(docker, runtime, ids.get(0));
        watch.close();
    }

    private static void eventFreshness(DockerClient docker, DockerWorkerRuntime runtime, TenantId id)
            throws Exception {
        WorkerInstance victim = runtime.list(id).get(0);
        long t0 = System.nanoTime();
        docker.removeContainerCmd(victim.id()).withForce(true).exec();
        long removed = System.nanoTime();
        while (runtime.list(id).stream().anyMatch(w -> w.id().equals(victim.id()))) {
            if (System.nanoTime() - removed > 10_000_000_000L) {
                throw new IllegalStateException("the cache did not see the removal within 10 s");
            }
            Thread.sleep(1);
        }
        System.out.printf("2. a container removed behind the runtime's back leaves the cache %.1f ms after the"
                + " removal call returned (the call took %.1f ms), from the event stream alone%n",
                (System.nanoTime() - removed) / 1e6, (removed - t0) / 1e6);
    }

    /** The pure planner over 1,000 unchanged tenants: specs as the control plane computes them, workers running. */
    private static void plan(int tenants) {
        ControlPlaneConfig c = ControlPlaneConfig.fromEnv(new Env(Map.of("KAFKA_BROKERS", "127.0.0.1:9092",
                "WORKER_PORT_RANGE", "20000-59999")));
        DesiredWorkers desired = new DesiredWorkers(c, new PortPlan(c.workerPortBase(), c.workerPortCount()));
        Planner planner = new Planner(new SpawnBudget() {
            @Override
            public boolean tryAcquire() {
                throw new IllegalStateException("an unchanged tenant asked to start a worker");
            }

            @Override
            public Duration untilNext() {
                return Duration.ZERO;
            }
        });
        Instant now = Instant.now();
        List<PlanInput> inputs = new ArrayList<>();
        List<TenantMemory> memories = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            TenantId id = TenantId.of("plan-" + i);
            String prefix = "c-" + i + "-";
            TenantRecord r = TenantRecord.unknown(id).register(new Registration(id.value(), null, "1", null, null), now);
            Map<WorkerKind, WorkerSpec> specs = desired.of(r, TenantState.REGISTERED);
            List<WorkerInstance> running = specs.values().stream().map(s -> new WorkerInstance(prefix + s.kind().id(),
                    id, s.kind(), s.hash(), true, null, now, null, s.metricsPort())).toList();
            inputs.add(new PlanInput(id, true, TenantState.REGISTERED, true, specs, running, now,
                    now.plusSeconds(60), null, Duration.ofHours(1)));
            memories.add(new TenantMemory(c.restart(), () -> 0.5));
        }
        double[] pass = new double[15];
        for (int round = -5; round < 15; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < tenants; i++) {
                if (!planner.plan(inputs.get(i), memories.get(i)).noop()) {
                    throw new IllegalStateException("an unchanged tenant was planned a change");
                }
            }
            if (round >= 0) {
                pass[round] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf("3. pure plan of %,d unchanged tenants: median %.2f ms, p95 %.2f ms (target < 50 ms)%n",
                tenants, median(pass), p95(pass));
    }

    private static void check(int workers, TenantId id) {
        if (workers != 3) {
            throw new IllegalStateException(id + " has " + workers + " workers, not 3");
        }
    }

    private static void buildImage() throws Exception {
        Path dir = Files.createTempDirectory("kg-bench-core-image-");
        Files.writeString(dir.resolve("x"), "x", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY x /x\nCMD [\"/x\"]\n", StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("docker", "build", "-q", "-t", IMAGE, dir.toString())
                .redirectErrorStream(true);
        pb.environment().put("DOCKER_BUILDKIT", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("docker build failed: " + out);
        }
    }

    private static void create(DockerClient docker, int tenants) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < tenants; i++) {
                String tenant = "bench-" + i;
                for (WorkerKind kind : WorkerKind.values()) {
                    done.add(pool.submit(() -> docker.createContainerCmd(IMAGE)
                            .withName(OWNER + "-" + kind.id() + "-" + tenant)
                            .withLabels(Map.of(DockerWorkerRuntime.MANAGED_BY, OWNER, DockerWorkerRuntime.TENANT, tenant,
                                    DockerWorkerRuntime.WORKER, kind.id(), DockerWorkerRuntime.SPEC_HASH, "bench",
                                    DockerWorkerRuntime.METRICS_PORT, "0"))
                            .exec()));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void removeAll(DockerClient docker) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Container> ours = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(DockerWorkerRuntime.MANAGED_BY, OWNER)).exec();
            List<Future<?>> done = new ArrayList<>();
            for (Container c : ours) {
                done.add(pool.submit(() -> docker.removeContainerCmd(c.getId()).withForce(true).exec()));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e);
                }
            }
            System.out.printf("cleanup: %,d containers removed%n", ours.size());
            new ProcessBuilder("docker", "rmi", "-f", IMAGE).redirectErrorStream(true).start().waitFor();
        } catch (Exception e) {
            System.err.println("cleanup failed: " + e);
        } finally {
            pool.shutdown();
        }
    }
}
