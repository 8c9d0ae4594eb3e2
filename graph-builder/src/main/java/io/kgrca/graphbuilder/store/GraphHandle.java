package io.kgrca.graphbuilder.store;

import io.kgrca.common.tenant.TenantId;
import org.neo4j.driver.Driver;

import java.util.Optional;



/**
 * The tenant's graph, opened on first use and kept: a worker whose Neo4j is down at start keeps polling and
 * retrying (its readiness says why) instead of exiting and being restarted in a loop.
 */
public final class GraphHandle implements AutoCloseable {

    private final Driver driver;
    private final TenantId tenant;
    private final Neo4jSettings settings;
    private final Opener opener;
    private volatile TenantGraph graph;

    /** Opens a tenant's graph (idempotent, may be retried after a failure). */
    @FunctionalInterface
    public interface Opener {
        /** The opened graph. */
        TenantGraph open() throws GraphUnavailableException;
    }

    /** A handle over {@code driver}, which it owns. */
    public GraphHandle(Driver driver, TenantId tenant, Neo4jSettings settings) {
        this(driver, tenant, settings, null);
    }

    private GraphHandle(Driver driver, TenantId tenant, Neo4jSettings settings, Opener opener) {
        this.driver = driver;
        this.tenant = tenant;
        this.settings = settings;
        this.opener = opener;
    }

    /** A handle whose graph {@code opener} opens (a pool instance's {@link SharedGraphs}); it owns no driver. */
    public static GraphHandle opening(TenantId tenant, Opener opener) {
        return new GraphHandle(null, tenant, null, opener);
    }

    /** A handle over an already opened graph (tests, benchmarks). */
    public static GraphHandle of(TenantGraph graph) {
        GraphHandle h = new GraphHandle(null, graph.tenant(), null, null);
        h.graph = graph;
        return h;
    }

    /**
     * The graph, opening it if needed.
     *
     * @throws GraphUnavailableException when Neo4j cannot be reached or set up now
     * @throws IllegalStateException     when the settings cannot work with this server
     */
    public synchronized TenantGraph get() throws GraphUnavailableException {
        if (graph == null) {
            graph = opener != null ? opener.open() : TenantGraphs.open(driver, tenant, settings);
        }
        return graph;
    }

    /** The tenant whose graph this is. */
    public TenantId tenant() {
        return tenant;
    }

    /** The graph if it is open. */
    public Optional<TenantGraph> ifOpen() {
        return Optional.ofNullable(graph);
    }

    @Override
    public synchronized void close() {
        if (graph != null) {
            graph.close();
        } else if (driver != null) {
            driver.close();
        }
    }
}
