package io.kgrca.local.bench;

import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.embedded.LoopbackPorts;
import io.kgrca.local.LocalRuntime;
import io.kgrca.local.LocalStack;
import org.neo4j.driver.Driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * The shared placement: one pool per worker kind serves every tenant. Phases: warm-up (10 tenants), registration
 * to first graph write of new tenants with the pools running, marginal memory per idle tenant (live heap after a
 * full GC and RSS of the pool instances before and after N tenants were placed and sent their state), records
 * fetched per record produced with 10, 100, ... active tenants, then the trickle of all N tenants.
 *
 * @param o      the options
 * @param report where the figures go
 */
record SharedRun(Options o, Report report) {

    void run() throws Exception {
        String part = "shared (" + o.pools() + " pools)";
        try (LocalStack stack = new LocalStack("kg-bench-shared")) {
            stack.startInfrastructure();
            Path dir = Files.createTempDirectory("kg-bench-shared-");
            report.note(part, "Kafka " + stack.bootstrap() + ", Neo4j " + stack.neo4j().boltUri() + ", worker logs in "
                    + dir);
            Pools pools = null;
            if ("self".equals(o.pools())) {
                Infrastructure.provisionTopics(stack.bootstrap());
                pools = new Pools(LocalRuntime.repoRoot(), dir, o.poolInstances(), o.poolHeap(),
                        Pools.baseEnv(stack.bootstrap(), stack.neo4j().boltUri()));
            } else {
                Map<String, String> settings = new HashMap<>(Infrastructure.controlPlaneSettings());
                settings.put("DEFAULT_PLACEMENT", "shared");
                settings.put("POOL_MIN", String.valueOf(o.poolInstances()));
                settings.put("POOL_MAX", String.valueOf(o.poolInstances()));
                // A free block of ports (the default 19100 may be taken by another stack on the machine).
                settings.put("POOL_PORT_BASE", String.valueOf(Math.min(65_000, LoopbackPorts.next())));
                settings.put("POOL_MEMORY", "768m");
                stack.startControlPlane(LocalRuntime.choose("process", LocalRuntime.repoRoot(), dir), settings);
            }
            try (ProbeTracker probes = new ProbeTracker(stack.neo4j().driver(), 200);
                 Traffic traffic = new Traffic(stack.bootstrap(), probes)) {
                List<TenantId> admitted = new CopyOnWriteArrayList<>();
                traffic.startHeartbeats(() -> admitted, Duration.ofSeconds(10));
                phases(part, stack.neo4j().driver(), traffic, probes, admitted);
            } finally {
                if (pools != null) {
                    report.note(part, "pool instances all alive at the end: " + pools.allAlive());
                    pools.close();
                }
            }
        }
    }

    private void phases(String part, Driver driver, Traffic traffic, ProbeTracker probes, List<TenantId> admitted)
            throws Exception {
        List<TenantId> warm = tenants("w", 10);
        admit(traffic, warm, admitted);
        long t0 = System.nanoTime();
        traffic.sendState(warm);
        Map<TenantId, Long> firstWarm = FirstWrites.await(driver, warm, t0, Duration.ofMinutes(3));
        report.note(part, "warm-up: pools started and " + firstWarm.size() + "/10 tenants written, the last after "
                + firstWarm.values().stream().mapToLong(Long::longValue).max().orElse(-1) + " ms");
        warm.forEach(traffic::probe);
        probes.drain(o.drain().toMillis());
        report.result(part, "warm-up probes: " + probes.snapshot());
        probes.reset();

        startup(part, driver, traffic, admitted);
        List<TenantId> all = tenants("s", o.tenants());
        idleMemory(part, traffic, probes, all, admitted);
        for (int n : o.fetchTenants()) {
            if (n <= all.size()) {
                trickle(part, "fetch N=" + n, traffic, probes, all.subList(0, n), o.fetchDuration());
            }
        }
        trickle(part, "MAIN " + all.size() + " tenants", traffic, probes, all, o.duration());
    }

    /** Registration (and placement) of one new tenant at a time → its first graph node, the pools running. */
    private void startup(String part, Driver driver, Traffic traffic, List<TenantId> admitted) throws Exception {
        List<Long> times = new ArrayList<>();
        for (TenantId t : tenants("r", o.startupSamples())) {
            long t0 = System.nanoTime();
            admit(traffic, List.of(t), admitted);
            traffic.sendState(List.of(t));
            Long ms = FirstWrites.await(driver, List.of(t), t0, Duration.ofMinutes(2)).get(t);
            times.add(ms == null ? -1 : ms);
        }
        report.result(part, "registration" + ("self".equals(o.pools()) ? " and placement" : "")
                + " → first graph write, one new tenant at a time, pools running: " + times + " ms");
    }

    private void idleMemory(String part, Traffic traffic, ProbeTracker probes, List<TenantId> all,
                            List<TenantId> admitted) throws Exception {
        Thread.sleep(3_000);
        long heap0 = Infrastructure.workersLiveHeap();
        long rss0 = Machine.sample().workersRssBytes();
        admit(traffic, all, admitted);
        traffic.sendState(all);
        all.forEach(traffic::probe);
        // Every tenant's processors must exist before the second measurement: wait for all probes, 5 min at least.
        probes.drain(Math.max(Duration.ofMinutes(5).toMillis(), o.drain().toMillis() + all.size() * 20L));
        report.result(part, "state and one probe of " + all.size() + " tenants (lost = not in the graph yet at the "
                + "second measurement): " + probes.snapshot());
        probes.reset();
        Thread.sleep(3_000);
        long heap1 = Infrastructure.workersLiveHeap();
        long rss1 = Machine.sample().workersRssBytes();
        report.result(part, String.format(Locale.ROOT, "idle tenants in the pools: live heap after full GC %.1f → "
                + "%.1f MiB, RSS %.1f → %.1f MiB (all instances); marginal per idle tenant: heap %.1f KiB, RSS "
                + "%.1f KiB (N=%d)", Machine.mib(heap0), Machine.mib(heap1), Machine.mib(rss0), Machine.mib(rss1),
                (heap1 - heap0) / 1024.0 / all.size(), (rss1 - rss0) / 1024.0 / all.size(), all.size()));
    }

    private void trickle(String part, String phase, Traffic traffic, ProbeTracker probes, List<TenantId> active,
                         Duration duration) throws Exception {
        probes.reset();
        Window w = new Window();
        long produced0 = traffic.produced();
        traffic.trickle(active, o.period(), duration, () -> false);
        probes.drain(o.drain().toMillis());
        Thread.sleep(2_000);
        w.end();
        report.result(part, phase + ": " + active.size() + " tenants, one probe event + one log line or pod status "
                + "per tenant every " + o.period().toMillis() + " ms for " + duration.toSeconds() + " s; "
                + (traffic.produced() - produced0) + " records produced; " + probes.snapshot());
        w.lines().forEach(l -> report.result(part, phase + ": " + l));
    }

    private void admit(Traffic traffic, List<TenantId> tenants, List<TenantId> admitted) {
        if ("self".equals(o.pools())) {
            traffic.place(tenants, PlacementMode.SHARED);
        }
        traffic.register(tenants);
        admitted.addAll(tenants);
    }

    static List<TenantId> tenants(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> TenantId.of(String.format(Locale.ROOT, "%s%04d", prefix, i)))
                .toList();
    }
}
