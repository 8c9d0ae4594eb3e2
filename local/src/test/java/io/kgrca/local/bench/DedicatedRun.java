package io.kgrca.local.bench;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.local.LocalRuntime;
import io.kgrca.local.LocalStack;
import io.kgrca.local.demo.ControlPlaneApi;
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

/**
 * The dedicated placement on the same machine: the control plane (process runtime: three child JVMs per tenant,
 * each with its own consumer group) with the tenant count rising level by level. At each level the new tenants
 * register, send their state and must reach their first graph write within {@code startTimeout}; then all tenants
 * trickle for {@code levelDuration}. A level <em>breaks</em> when a new tenant is not written within the start
 * timeout, a probe is lost, the probes' p99 exceeds {@code breakP99}, or the machine's MemAvailable falls under
 * 10% of its memory; the run stops at the first level that breaks.
 *
 * @param o      the options
 * @param report where the figures go
 */
record DedicatedRun(Options o, Report report) {

    void run() throws Exception {
        String part = "dedicated";
        try (LocalStack stack = new LocalStack("kg-bench-dedicated")) {
            stack.startInfrastructure();
            Path dir = Files.createTempDirectory("kg-bench-dedicated-");
            Map<String, String> settings = new HashMap<>(Infrastructure.controlPlaneSettings());
            // Every tenant of this run gets its own workers (the control plane's default is shared).
            settings.put("DEFAULT_PLACEMENT", "dedicated");
            stack.startControlPlane(LocalRuntime.choose("process", LocalRuntime.repoRoot(), dir), settings);
            ControlPlaneApi api = new ControlPlaneApi(stack.controlPlanePort(), stack.operatorToken());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!api.ready() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            report.note(part, "Kafka " + stack.bootstrap() + ", Neo4j " + stack.neo4j().boltUri()
                    + ", worker logs in " + dir);
            try (ProbeTracker probes = new ProbeTracker(stack.neo4j().driver(), 200);
                 Traffic traffic = new Traffic(stack.bootstrap(), probes)) {
                List<TenantId> admitted = new CopyOnWriteArrayList<>();
                traffic.startHeartbeats(() -> admitted, Duration.ofSeconds(10));
                levels(part, stack.neo4j().driver(), traffic, probes, admitted);
            }
        }
    }

    private void levels(String part, Driver driver, Traffic traffic, ProbeTracker probes, List<TenantId> admitted)
            throws Exception {
        List<TenantId> all = SharedRun.tenants("d", o.levels().stream().mapToInt(Integer::intValue).max().orElse(0));
        startup(part, driver, traffic, all.subList(0, Math.min(o.startupSamples(), all.size())), admitted);
        for (int level : o.levels()) {
            List<TenantId> fresh = new ArrayList<>(all.subList(admitted.size(), Math.max(admitted.size(), level)));
            long t0 = System.nanoTime();
            traffic.register(fresh);
            admitted.addAll(fresh);
            traffic.sendState(fresh);
            Map<TenantId, Long> first = FirstWrites.await(driver, fresh, t0, o.startTimeout());
            long slowest = first.values().stream().mapToLong(Long::longValue).max().orElse(0);
            report.result(part, "level " + level + ": " + fresh.size() + " new tenants registered at once; "
                    + first.size() + " written within " + o.startTimeout().toSeconds() + " s, the last after "
                    + slowest + " ms");
            if (first.size() < fresh.size()) {
                report.result(part, "level " + level + " BREAKS: " + (fresh.size() - first.size())
                        + " tenants not written within the start timeout");
                return;
            }
            if (!trickle(part, level, traffic, probes, List.copyOf(admitted))) {
                return;
            }
        }
    }

    /** Registration → first graph write of tenants registered one at a time (the others' workers running). */
    private void startup(String part, Driver driver, Traffic traffic, List<TenantId> samples,
                         List<TenantId> admitted) throws Exception {
        List<Long> times = new ArrayList<>();
        for (TenantId t : samples) {
            long t0 = System.nanoTime();
            traffic.register(List.of(t));
            admitted.add(t);
            traffic.sendState(List.of(t));
            Long ms = FirstWrites.await(driver, List.of(t), t0, o.startTimeout()).get(t);
            times.add(ms == null ? -1 : ms);
        }
        report.result(part, "registration → first graph write, one new tenant at a time (three JVMs started each): "
                + times + " ms");
    }

    private boolean trickle(String part, int level, Traffic traffic, ProbeTracker probes, List<TenantId> active)
            throws Exception {
        Thread.sleep(5_000);
        probes.reset();
        Window w = new Window();
        traffic.trickle(active, o.period(), o.levelDuration(), () -> false);
        probes.drain(o.drain().toMillis());
        w.end();
        ProbeTracker.Latencies lat = probes.snapshot();
        String phase = "level " + level;
        report.result(part, phase + ": " + active.size() + " tenants trickling for " + o.levelDuration().toSeconds()
                + " s; " + lat);
        w.lines().forEach(l -> report.result(part, phase + ": " + l));
        Machine.Sample last = w.last();
        double perTenant = Machine.mib(w.maxWorkersRss()) / active.size();
        report.result(part, String.format(Locale.ROOT, "%s: %.1f MiB RSS per tenant (its three workers); by memory "
                + "alone, 80%% of this machine's %.1f GiB holds about %d dedicated tenants", phase, perTenant,
                last.totalBytes() / 1073741824.0, (long) (last.totalBytes() * 0.8 / 1048576.0 / perTenant)));
        List<String> broken = new ArrayList<>();
        if (lat.outstanding() > 0) {
            broken.add(lat.outstanding() + " probes lost");
        }
        if (lat.percentile(99) > o.breakP99().toMillis() || lat.seen() == 0) {
            broken.add("p99 " + lat.percentile(99) + " ms > " + o.breakP99().toMillis() + " ms");
        }
        if (w.minAvailable() < last.totalBytes() / 10) {
            broken.add("MemAvailable under 10%");
        }
        report.result(part, phase + (broken.isEmpty() ? ": holds" : " BREAKS: " + String.join(", ", broken)));
        return broken.isEmpty();
    }
}
