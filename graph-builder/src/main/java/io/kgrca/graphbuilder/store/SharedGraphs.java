package io.kgrca.graphbuilder.store;

import io.kgrca.common.tenant.TenantId;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The graphs of a pool instance's tenants (shared placement) over ONE Neo4j driver: the server's edition is asked
 * once, a database is created and its {@link GraphSchema} applied once per database and instance (with a shared
 * database, once for all tenants), and each tenant's graph borrows the driver, so closing a tenant's processor
 * never closes it. Opening a tenant's graph after the first is then free of round trips. Thread-safe: the loop and
 * the RCA routes open graphs concurrently.
 */
public final class SharedGraphs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedGraphs.class);

    private final Driver driver;
    private final Neo4jSettings settings;
    private final Set<String> prepared = ConcurrentHashMap.newKeySet();
    private final AtomicInteger schemaApplications = new AtomicInteger();
    private volatile String edition;

    /** The graphs over {@code driver}, which this owns and closes. */
    public SharedGraphs(Driver driver, Neo4jSettings settings) {
        this.driver = driver;
        this.settings = settings;
    }

    /**
     * Opens {@code tenant}'s graph, preparing its database the first time this instance meets it.
     *
     * @throws GraphUnavailableException when Neo4j cannot be reached or set up now
     * @throws IllegalStateException     when the settings cannot work with this server
     */
    public TenantGraph open(TenantId tenant) throws GraphUnavailableException {
        try {
            TenancyDecision decision = TenancyDecision.decide(settings.tenancy(), edition(), tenant,
                    settings.database(), settings.databasePrefix());
            prepare(tenant, decision);
            return Neo4jTenantGraph.borrowing(driver, tenant, decision, settings.txTimeout());
        } catch (RuntimeException e) {
            throw TenantGraphs.failure(tenant, e);
        }
    }

    /** A handle that opens {@code tenant}'s graph here on first use. */
    public GraphHandle handle(TenantId tenant) {
        return GraphHandle.opening(tenant, () -> open(tenant));
    }

    /** A tenant's part of a transaction shared by several tenants: its work, through its own {@link TenantTx}. */
    public record TenantWork(TenantId tenant, GraphWork<?> work) {
    }

    /**
     * Runs every tenant's work in ONE write transaction on {@code database}, committed once: a pool's turn of many
     * tenants costs one commit instead of one per tenant. Each work runs through its tenant's {@link TenantTx}, so
     * every statement is still scoped to that tenant; all of them commit or none does (the driver retries transient
     * failures, so the works must have no effect outside the transaction).
     *
     * @throws GraphUnavailableException when Neo4j cannot be reached now
     * @throws GraphRejectedException    when Neo4j refused the transaction (a statement of one of the tenants)
     */
    public void writeTogether(String database, List<TenantWork> works) throws GraphUnavailableException,
            GraphRejectedException {
        SessionConfig config = SessionConfig.builder().withDatabase(database)
                .withDefaultAccessMode(AccessMode.WRITE).build();
        try (Session session = driver.session(config)) {
            session.executeWrite(tx -> {
                for (TenantWork w : works) {
                    w.work().run(new TenantTx(tx, w.tenant()));
                }
                return works.size();
            }, TransactionConfig.builder().withTimeout(settings.txTimeout()).build());
        } catch (RuntimeException e) {
            throw Neo4jErrors.raise(works.size() + " tenants' write on database " + database, e);
        }
    }

    /** How many times the schema was applied by this instance: once per database (for tests and benchmarks). */
    public int schemaApplications() {
        return schemaApplications.get();
    }

    private String edition() {
        String e = edition;
        if (e == null) {
            e = TenantGraphs.edition(driver);
            edition = e;
        }
        return e;
    }

    private void prepare(TenantId tenant, TenancyDecision decision) {
        if (prepared.contains(decision.database())) {
            return;
        }
        synchronized (prepared) {
            if (prepared.contains(decision.database())) {
                return;
            }
            if (decision.mode() == TenancyMode.DATABASE_PER_TENANT) {
                TenantGraphs.createDatabase(driver, decision.database());
            }
            TenantGraphs.ensureSchema(driver, decision.database());
            schemaApplications.incrementAndGet();
            prepared.add(decision.database());
            LOG.info("tenant {}: graph in database '{}' ({}), schema applied once for this pool instance: {}",
                    tenant, decision.database(), decision.mode(), decision.reason());
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
