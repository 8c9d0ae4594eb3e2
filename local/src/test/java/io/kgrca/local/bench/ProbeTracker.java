package io.kgrca.local.bench;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * End-to-end latency from produce to graph write. Every probe is a raw Kubernetes event whose graph node id the
 * event-normalizer derives from its uid ({@code evt-} and the first 8 bytes of the uid's SHA-256, as
 * {@code EventNormalizer} does); its start is the broker's append timestamp of the raw record (the shared topics
 * are LogAppendTime). A poller thread asks Neo4j every {@code pollMs} which outstanding probes exist (the
 * {@code (tenant, id)} uniqueness constraint of {@code Signal} makes it an index seek) and records
 * {@code seen - appended}. The resolution is therefore the poll interval plus one query.
 */
final class ProbeTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeTracker.class);
    private static final int CHUNK = 2_000;
    private static final String FIND = """
            UNWIND $rows AS r
            MATCH (e:Signal {tenant: r.t, id: r.id})
            RETURN r.t AS t, r.id AS id
            """;

    /** A probe not seen yet: its tenant, node id, and start (ms; the broker's timestamp once acknowledged). */
    private record Probe(String tenant, String id, long startMs) {
    }

    private final Driver driver;
    private final long pollMs;
    private final Map<String, Probe> outstanding = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean stopping;
    private long[] latencies = new long[1024];
    private int count;
    private long sent;
    private long failedSends;

    ProbeTracker(Driver driver, long pollMs) {
        this.driver = driver;
        this.pollMs = pollMs;
        this.poller = new Thread(this::poll, "probe-poller");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    /** The graph node id of the raw event with {@code uid}. */
    static String eventNodeId(String uid) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            return "evt-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A probe was handed to the producer now. */
    void sent(String tenant, String uid) {
        String id = eventNodeId(uid);
        outstanding.put(tenant + "/" + id, new Probe(tenant, id, System.currentTimeMillis()));
        synchronized (this) {
            sent++;
        }
    }

    /** The broker acknowledged the probe with its append timestamp (or failed: {@code brokerMs} &lt; 0). */
    void acknowledged(String tenant, String uid, long brokerMs) {
        String key = tenant + "/" + eventNodeId(uid);
        if (brokerMs < 0) {
            outstanding.remove(key);
            synchronized (this) {
                failedSends++;
            }
            return;
        }
        outstanding.computeIfPresent(key, (k, p) -> new Probe(p.tenant(), p.id(), brokerMs));
    }

    /** Probes sent and not seen in the graph yet. */
    int outstanding() {
        return outstanding.size();
    }

    /** The figures since the last reset; {@code lost} = still outstanding. */
    synchronized Latencies snapshot() {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return new Latencies(sent, count, outstanding.size(), failedSends, sorted);
    }

    /** Forgets the figures and the outstanding probes (between phases). */
    synchronized void reset() {
        outstanding.clear();
        count = 0;
        sent = 0;
        failedSends = 0;
    }

    /** Waits until no probe is outstanding or {@code maxMs} passed. */
    void drain(long maxMs) throws InterruptedException {
        long end = System.currentTimeMillis() + maxMs;
        while (!outstanding.isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
    }

    private void poll() {
        while (!stopping) {
            try {
                Thread.sleep(pollMs);
                pollOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("bench: probe poll failed (tenant: all probes): {}", e.toString());
            }
        }
    }

    private void pollOnce() {
        List<Probe> all = new ArrayList<>(outstanding.values());
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Probe p : all.subList(from, Math.min(all.size(), from + CHUNK))) {
                rows.add(Map.of("t", p.tenant(), "id", p.id()));
            }
            List<Record> found;
            try (Session s = driver.session()) {
                found = s.run(FIND, Map.of("rows", rows)).list();
            }
            long now = System.currentTimeMillis();
            for (Record r : found) {
                Probe p = outstanding.remove(r.get("t").asString() + "/" + r.get("id").asString());
                if (p != null) {
                    record(Math.max(0, now - p.startMs()));
                }
            }
        }
    }

    private synchronized void record(long ms) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = ms;
    }

    @Override
    public void close() {
        stopping = true;
        poller.interrupt();
    }

    /**
     * Latency figures of a phase.
     *
     * @param sent        probes handed to the producer
     * @param seen        probes found in the graph
     * @param outstanding probes not found (lost, if the phase drained)
     * @param failedSends probes the broker did not acknowledge
     * @param sortedMs    the latencies, sorted
     */
    record Latencies(long sent, int seen, int outstanding, long failedSends, long[] sortedMs) {

        long percentile(double p) {
            if (sortedMs.length == 0) {
                return -1;
            }
            int i = (int) Math.ceil(p / 100.0 * sortedMs.length) - 1;
            return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, i))];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "probes sent %d, seen %d, lost %d (send failures %d); "
                    + "latency p50 %d ms, p99 %d ms, max %d ms", sent, seen, outstanding, failedSends,
                    percentile(50), percentile(99), percentile(100));
        }
    }
}
