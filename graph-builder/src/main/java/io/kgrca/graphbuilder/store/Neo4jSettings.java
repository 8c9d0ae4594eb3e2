package io.kgrca.graphbuilder.store;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.tenant.TenantId;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach Neo4j, read from the worker's environment.
 *
 * @param uri            {@code NEO4J_URI}, default {@code bolt://127.0.0.1:7687}
 * @param user           {@code NEO4J_USER}; empty means no authentication
 * @param password       {@code NEO4J_PASSWORD}
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

    /** Reads and validates; a bad value throws naming its variable. */
    public static Neo4jSettings fromEnv(Env env) {
        String uri = env.string("NEO4J_URI", "bolt://127.0.0.1:7687");
        try {
            String scheme = URI.create(uri).getScheme();
            if (scheme == null || !scheme.matches("bolt|bolt\\+s|bolt\\+ssc|neo4j|neo4j\\+s|neo4j\\+ssc")) {
                throw new InvalidConfigurationException("NEO4J_URI", "'" + uri
                        + "' must use bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("NEO4J_URI", "'" + uri + "' is not a URI");
        }
        String database = env.string("NEO4J_DATABASE", "neo4j");
        if (!database.matches("[A-Za-z][A-Za-z0-9.-]{0,62}")) {
            throw new InvalidConfigurationException("NEO4J_DATABASE", "'" + database + "' is not a database name");
        }
        String prefix = env.string("NEO4J_TENANT_DATABASE_PREFIX", DatabaseNames.DEFAULT_PREFIX);
        try {
            DatabaseNames.forTenant(prefix, TenantId.of("x"));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("NEO4J_TENANT_DATABASE_PREFIX", e.getMessage());
        }
        return new Neo4jSettings(uri, env.string("NEO4J_USER", ""), env.string("NEO4J_PASSWORD", ""), database,
                env.enumValue("NEO4J_TENANCY", TenancySetting.class, TenancySetting.AUTO), prefix,
                env.duration("NEO4J_TX_TIMEOUT", Duration.ofSeconds(60)),
                env.duration("NEO4J_TX_RETRY", Duration.ofSeconds(3)));
    }
}
