package io.kgrca.graphbuilder.store;

import io.kgrca.common.tenant.TenantId;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens a tenant's graph: connects, asks the server for its edition, decides the {@link TenancyMode}, creates the
 * tenant's database when it has one, and applies the {@link GraphSchema}. Every step is idempotent, so opening
 * again after a failure is safe.
 */
public final class TenantGraphs {

    private static final Logger LOG = LoggerFactory.getLogger(TenantGraphs.class);

    private TenantGraphs() {
    }

    /** A driver for {@code settings}; it connects lazily. */
    public static Driver driver(Neo4jSettings settings) {
        AuthToken auth = settings.user().isEmpty() || settings.password().isEmpty() ? AuthTokens.none()
                : AuthTokens.basic(settings.user(), settings.password());
        Config config = Config.builder()
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                .withConnectionAcquisitionTimeout(10, TimeUnit.SECONDS)
                .withMaxTransactionRetryTime(settings.retryTime().toMillis(), TimeUnit.MILLISECONDS)
                .withMaxConnectionPoolSize(8)
                .withLogging(Logging.slf4j())
                .build();
        return GraphDatabase.driver(settings.uri(), auth, config);
    }

    /**
     * Opens the graph of {@code tenant} over {@code driver} (closed with the graph).
     *
     * @throws GraphUnavailableException when the server cannot be reached or refuses the set-up for now
     * @throws IllegalStateException     when the settings cannot work with this server (e.g. a database per tenant
     *                                   on Community)
     */
    public static TenantGraph open(Driver driver, TenantId tenant, Neo4jSettings settings)
            throws GraphUnavailableException {
        try {
            String edition = edition(driver);
            TenancyDecision decision = TenancyDecision.decide(settings.tenancy(), edition, tenant, settings.database(),
                    settings.databasePrefix());
            if (decision.mode() == TenancyMode.DATABASE_PER_TENANT) {
                createDatabase(driver, decision.database());
            }
            applySchema(driver, decision.database());
            LOG.info("tenant {}: graph in database '{}' ({}): {}", tenant, decision.database(), decision.mode(),
                    decision.reason());
            return new Neo4jTenantGraph(driver, tenant, decision, settings.txTimeout());
        } catch (RuntimeException e) {
            throw failure(tenant, e);
        }
    }

    /**
     * What a failed opening of {@code tenant}'s graph means: a settings error is rethrown as it is, anything else
     * is a {@link GraphUnavailableException} to retry.
     */
    static GraphUnavailableException failure(TenantId tenant, RuntimeException e) {
        if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
            throw e;
        }
        if (Neo4jErrors.isUnavailable(e)) {
            return new GraphUnavailableException("tenant " + tenant + ": cannot open the graph: " + e.getMessage(), e);
        }
        return new GraphUnavailableException("tenant " + tenant + ": graph set-up failed: " + e.getMessage(), e);
    }

    /** The server's edition ({@code community}, {@code enterprise}). */
    static String edition(Driver driver) {
        try (Session s = driver.session()) {
            return s.run("CALL dbms.components() YIELD edition RETURN edition").single().get(0).asString();
        }
    }

    static void createDatabase(Driver driver, String name) {
        try (Session s = driver.session(SessionConfig.forDatabase("system"))) {
            s.run("CREATE DATABASE $name IF NOT EXISTS WAIT 60 SECONDS", Map.of("name", name)).consume();
        }
    }

    static void applySchema(Driver driver, String database) {
        try (Session s = driver.session(SessionConfig.forDatabase(database))) {
            for (String statement : GraphSchema.statements()) {
                try {
                    s.run(statement).consume();
                } catch (ClientException e) {
                    // Another worker created the same rule between our check and our create: that is success.
                    if (e.code() == null || !e.code().contains("EquivalentSchemaRuleAlreadyExists")) {
                        throw e;
                    }
                }
            }
        }
    }
}
