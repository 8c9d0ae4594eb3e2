package io.kgrca.graphbuilder.store;

/** How tenants' graphs are kept apart in Neo4j. */
public enum TenancyMode {
    /** One database per tenant (Neo4j Enterprise, Aura): the database boundary isolates tenants. */
    DATABASE_PER_TENANT,
    /**
     * One shared database (Community, which refuses {@code CREATE DATABASE}): every node and relationship carries
     * {@code tenant}, every uniqueness constraint is on {@code (tenant, id)}, and every query takes {@code $tenant}.
     */
    SHARED_DATABASE
}
