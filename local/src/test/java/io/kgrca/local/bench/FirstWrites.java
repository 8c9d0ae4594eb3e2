package io.kgrca.local.bench;

import io.kgrca.common.tenant.TenantId;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each of several tenants' first graph node appears: Neo4j is asked every 100 ms which of the tenants still
 * waiting have a {@code Resource} node (the state every tenant sends first), and each tenant's time is taken from
 * {@code sinceNanos} to the poll that saw it.
 */
final class FirstWrites {

    private static final String SEEN = """
            UNWIND $tenants AS t
            CALL { WITH t MATCH (n:Resource {tenant: t}) RETURN n LIMIT 1 }
            RETURN DISTINCT t
            """;

    private FirstWrites() {
    }

    /**
     * Milliseconds from {@code sinceNanos} ({@link System#nanoTime()}) to each tenant's first node; tenants not seen
     * within {@code timeout} are absent from the map.
     */
    static Map<TenantId, Long> await(Driver driver, List<TenantId> tenants, long sinceNanos, Duration timeout)
            throws InterruptedException {
        Map<TenantId, Long> seen = new LinkedHashMap<>();
        List<TenantId> waiting = new ArrayList<>(tenants);
        long end = System.nanoTime() + timeout.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < end) {
            List<String> names = waiting.stream().map(TenantId::value).toList();
            List<Record> found;
            try (Session s = driver.session()) {
                found = s.run(SEEN, Map.of("tenants", names)).list();
            }
            long ms = (System.nanoTime() - sinceNanos) / 1_000_000;
            for (Record r : found) {
                TenantId t = TenantId.of(r.get("t").asString());
                seen.put(t, ms);
                waiting.remove(t);
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(100);
            }
        }
        return seen;
    }
}
