package io.kgrca.graphbuilder.store;

import io.kgrca.common.tenant.TenantId;

/**
 * One tenant's graph in Neo4j, whichever {@link TenancyMode} holds it: the graph code writes the same statements
 * (with {@code tenant} on every node and relationship and {@code $tenant} in every match) and does not know whether
 * the database is the tenant's own or shared.
 *
 * <p>There is no in-memory implementation: the statements are Cypher, so they are tested against a real Neo4j
 * (the ITs), while every decision around them is pure and unit-tested.
 */
public interface TenantGraph extends AutoCloseable {

    /** The tenant. */
    TenantId tenant();

    /** How the tenant's graph is kept apart. */
    TenancyMode mode();

    /** The database it lives in. */
    String database();

    /** Runs {@code work} in one write transaction and commits it. */
    <T> T write(GraphWork<T> work) throws GraphUnavailableException, GraphRejectedException;

    /** Runs {@code work} in one read transaction. */
    <T> T read(GraphWork<T> work) throws GraphUnavailableException, GraphRejectedException;

    /** Releases the driver. */
    @Override
    void close();
}
