package io.kgrca.graphbuilder.store;

/** What the operator asked for in {@code NEO4J_TENANCY}. */
public enum TenancySetting {
    /** A database per tenant when the server supports it, else shared. */
    AUTO,
    /** Always the shared database. */
    SHARED,
    /** Always a database per tenant; refused by a server that cannot create databases. */
    DATABASE
}
