package io.kgrca.local.bench;

import io.kgrca.common.placement.PoolNames;
import io.kgrca.embedded.LoopbackPorts;
import io.kgrca.local.LocalRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Pool instances started by the benchmark itself, as the control plane's pools would run them (used until and
 * unless the control plane runs the pools): per worker kind {@code instances} child JVMs from the modules' jars,
 * {@code PLACEMENT=shared}, {@code GROUP_INSTANCE_ID = PoolNames.instance(kind, n)}, no {@code CLIENT_ID}, bound to
 * 127.0.0.1. Output goes to {@code <dir>/kg-<kind>.pool-<n>.log}.
 */
final class Pools implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pools.class);
    /** The worker kinds, in the order of the pipeline. */
    static final List<String> KINDS = List.of("event-normalizer", "log-normalizer", "graph-builder");

    /**
     * One running instance.
     *
     * @param kind    worker kind
     * @param name    its member id
     * @param process the child JVM
     * @param port    its health/metrics port (serves {@code GET /pool/tenants})
     */
    record Instance(String kind, String name, Process process, int port) {
    }

    private final List<Instance> instances = new ArrayList<>();

    /**
     * Starts {@code perKind} instances of every kind with {@code env} (Kafka, Neo4j and settings) on top of the pool
     * variables; {@code heap} is each JVM's {@code -Xmx}.
     */
    Pools(Path repoRoot, Path dir, int perKind, String heap, Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        for (String kind : KINDS) {
            for (int n = 0; n < perKind; n++) {
                int port = LoopbackPorts.next();
                ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx" + heap, "-jar",
                        LocalRuntime.jar(repoRoot, kind).toString());
                Map<String, String> e = pb.environment();
                e.remove("CLIENT_ID");
                e.putAll(env);
                e.put("PLACEMENT", "shared");
                e.put("GROUP_INSTANCE_ID", PoolNames.instance(kind, n));
                e.put("METRICS_PORT", String.valueOf(port));
                e.put("HTTP_BIND_ADDRESS", "127.0.0.1");
                pb.redirectErrorStream(true);
                pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(PoolNames.container(kind, n) + ".log")
                        .toFile()));
                instances.add(new Instance(kind, PoolNames.instance(kind, n), pb.start(), port));
                LOG.info("bench: started pool instance {} on port {} (tenant: all shared tenants)",
                        PoolNames.instance(kind, n), port);
            }
        }
    }

    List<Instance> instances() {
        return List.copyOf(instances);
    }

    /** True when every instance still runs. */
    boolean allAlive() {
        return instances.stream().allMatch(i -> i.process().isAlive());
    }

    /** Resident memory of every instance, in total. */
    long rssBytes() {
        return instances.stream().mapToLong(i -> Machine.rssBytes(i.process().pid())).sum();
    }

    /**
     * Live heap of every instance in total after a full GC: {@code jcmd <pid> GC.class_histogram} (which collects
     * first) and its {@code Total} line; -1 when jcmd fails.
     */
    long liveHeapBytes() {
        long total = 0;
        for (Instance i : instances) {
            long live = liveHeapBytes(i.process().pid());
            if (live < 0) {
                return -1;
            }
            total += live;
        }
        return total;
    }

    /** Live heap of one JVM after a full GC, -1 when jcmd fails. */
    static long liveHeapBytes(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            for (String line : out.split("\n")) {
                String t = line.trim();
                if (t.startsWith("Total ")) {
                    String[] f = t.split("\\s+");
                    return Long.parseLong(f[2]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        for (Instance i : instances) {
            i.process().destroy();
        }
        for (Instance i : instances) {
            try {
                if (!i.process().waitFor(20, TimeUnit.SECONDS)) {
                    i.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                i.process().destroyForcibly();
            }
        }
        LOG.info("bench: {} pool instances stopped (tenant: all shared tenants)", instances.size());
    }

    /** Variables every instance gets besides the pool's own. */
    static Map<String, String> baseEnv(String bootstrap, String boltUri) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BROKERS", bootstrap);
        env.put("NEO4J_URI", boltUri);
        return env;
    }
}
