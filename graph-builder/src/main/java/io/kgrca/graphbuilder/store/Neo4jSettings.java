package io.kgrca.graphbuilder.store;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.WorkerDefinitions;

import java.time.Duration;
import java.util.Locale;

/**
 * How to reach Neo4j, read from the worker's environment.
 *
 * @param uri            {@code NEO4J_URI}, default {@code bolt://127.0.0.1:7687}
 * @param user           {@code NEO4J_USER}, default {@code neo4j}
 * @param password       {@code NEO4J_PASSWORD}; empty means no authentication
 * @param database       {@code NEO4J_DATABASE}, the shared database, default {@code neo4j}
 * @param tenancy        {@code NEO4J_TENANCY}: {@code auto} (default), {@code shared} or {@code database}
 * @param databasePrefix {@code NEO4J_TENANT_DATABASE_PREFIX}, default {@code kg-}
 * @param txTimeout      {@code NEO4J_TX_TIMEOUT}, the server-side limit of one batch transaction, default 60 s
 * @param retryTime      {@code NEO4J_TX_RETRY}, how long the driver retries a transient failure before the worker
 *                       loop takes over with its own backoff, default 3 s
 */
public record Neo4jSettings(String uri, String user, String password, String database, TenancySetting tenancy,
                            String databasePrefix, Duration txTimeout, Duration retryTime) {

    /** Hides the password. */
    @Override
    public String toString() {
        return "Neo4jSettings[uri=" + uri + ", user=" + user + ", database=" + database + ", tenancy=" + tenancy
                + ", databasePrefix=" + databasePrefix + ", txTimeout=" + txTimeout + ", retryTime=" + retryTime + "]";
    }

    /** Reads and validates through the definitions in {@link WorkerDefinitions}; a bad value throws naming it. */
    public static Neo4jSettings fromEnv(Env env) {
        return new Neo4jSettings(WorkerDefinitions.NEO4J_URI.read(env), WorkerDefinitions.NEO4J_USER.read(env),
                WorkerDefinitions.NEO4J_PASSWORD.read(env), WorkerDefinitions.NEO4J_DATABASE.read(env),
                TenancySetting.valueOf(WorkerDefinitions.NEO4J_TENANCY.read(env).toUpperCase(Locale.ROOT)),
                WorkerDefinitions.NEO4J_TENANT_DATABASE_PREFIX.read(env), WorkerDefinitions.NEO4J_TX_TIMEOUT.read(env),
                WorkerDefinitions.NEO4J_TX_RETRY.read(env));
    }
}
