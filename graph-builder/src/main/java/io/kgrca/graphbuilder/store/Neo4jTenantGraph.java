package io.kgrca.graphbuilder.store;

import io.kgrca.common.tenant.TenantId;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;

import java.time.Duration;
import java.util.Locale;

/** {@link TenantGraph} on the Neo4j Java driver. */
public final class Neo4jTenantGraph implements TenantGraph {

    private final Driver driver;
    private final TenantId tenant;
    private final TenancyDecision tenancy;
    private final TransactionConfig txConfig;
    private final boolean ownsDriver;

    /** A graph over {@code driver}, which it closes on {@link #close()}. */
    public Neo4jTenantGraph(Driver driver, TenantId tenant, TenancyDecision tenancy, Duration txTimeout) {
        this(driver, tenant, tenancy, txTimeout, true);
    }

    private Neo4jTenantGraph(Driver driver, TenantId tenant, TenancyDecision tenancy, Duration txTimeout,
                             boolean ownsDriver) {
        this.driver = driver;
        this.tenant = tenant;
        this.tenancy = tenancy;
        this.txConfig = TransactionConfig.builder().withTimeout(txTimeout).build();
        this.ownsDriver = ownsDriver;
    }

    /** A graph over a driver shared by a pool instance's tenants: {@link #close()} leaves the driver open. */
    public static Neo4jTenantGraph borrowing(Driver driver, TenantId tenant, TenancyDecision tenancy,
                                             Duration txTimeout) {
        return new Neo4jTenantGraph(driver, tenant, tenancy, txTimeout, false);
    }

    @Override
    public TenantId tenant() {
        return tenant;
    }

    @Override
    public TenancyMode mode() {
        return tenancy.mode();
    }

    @Override
    public String database() {
        return tenancy.database();
    }

    @Override
    public <T> T write(GraphWork<T> work) throws GraphUnavailableException, GraphRejectedException {
        return run(AccessMode.WRITE, work);
    }

    @Override
    public <T> T read(GraphWork<T> work) throws GraphUnavailableException, GraphRejectedException {
        return run(AccessMode.READ, work);
    }

    private <T> T run(AccessMode mode, GraphWork<T> work) throws GraphUnavailableException, GraphRejectedException {
        SessionConfig config = SessionConfig.builder().withDatabase(tenancy.database())
                .withDefaultAccessMode(mode).build();
        try (Session session = driver.session(config)) {
            return mode == AccessMode.WRITE
                    ? session.executeWrite(tx -> work.run(new TenantTx(tx, tenant)), txConfig)
                    : session.executeRead(tx -> work.run(new TenantTx(tx, tenant)), txConfig);
        } catch (RuntimeException e) {
            throw Neo4jErrors.raise("tenant " + tenant + " " + mode.name().toLowerCase(
                    Locale.ROOT) + " on database " + tenancy.database(), e);
        }
    }

    @Override
    public void close() {
        if (ownsDriver) {
            driver.close();
        }
    }
}
