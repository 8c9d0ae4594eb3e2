package io.kgrca.local.demo;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Reads what a tenant's graph holds in Neo4j (shared database: every node carries its tenant). */
public final class GraphProbe {

    private final Driver driver;
    private final String tenant;

    /** A probe of {@code tenant}'s graph through {@code driver}. */
    public GraphProbe(Driver driver, String tenant) {
        this.driver = driver;
        this.tenant = tenant;
    }

    /**
     * Node and relationship counts of the tenant's graph.
     *
     * @param nodes        all nodes of the tenant
     * @param resources    {@code Resource} nodes that are not placeholders
     * @param events       {@code Signal:Event} nodes
     * @param logTemplates {@code Signal:LogTemplate} nodes
     * @param derived      {@code Signal:State} and {@code Signal:Change} nodes, derived from resource records
     * @param abnormal     abnormal signals (what the RCA analyses)
     */
    public record Counts(long nodes, long resources, long events, long logTemplates, long derived,
                         long abnormal) {
        @Override
        public String toString() {
            return nodes + " nodes (" + resources + " resources, " + events + " events, " + logTemplates
                    + " log templates, " + derived + " state and change signals), " + abnormal + " abnormal signals";
        }
    }

    /** The counts now. */
    public Counts counts() {
        return new Counts(
                count("MATCH (n {tenant: $t}) RETURN count(n)"),
                count("MATCH (n:Resource {tenant: $t}) WHERE coalesce(n.placeholder, false) = false RETURN count(n)"),
                count("MATCH (n:Signal:Event {tenant: $t}) RETURN count(n)"),
                count("MATCH (n:Signal:LogTemplate {tenant: $t}) RETURN count(n)"),
                count("MATCH (n:Signal {tenant: $t}) WHERE n:State OR n:Change RETURN count(n)"),
                count("MATCH (n:Signal {tenant: $t}) WHERE n.abnormal RETURN count(n)"));
    }

    /**
     * Waits for the tenant's first node, polling every 50 ms, and returns the time from {@code sinceNanos} (a
     * {@link System#nanoTime()}) to when it was seen; empty after {@code timeout}.
     */
    public Optional<Duration> awaitFirstWrite(long sinceNanos, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (count("MATCH (n {tenant: $t}) RETURN count(n) LIMIT 1") > 0) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - sinceNanos));
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /** Deletes the tenant's graph. */
    public void delete() {
        try (Session s = driver.session()) {
            s.run("MATCH (n {tenant: $t}) DETACH DELETE n", Map.of("t", tenant)).consume();
        }
    }

    private long count(String cypher) {
        try (Session s = driver.session()) {
            return s.run(cypher, Map.of("t", tenant)).single().get(0).asLong();
        }
    }
}
