package io.kgrca.graphbuilder.store;

import io.kgrca.common.tenant.TenantId;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.summary.SummaryCounters;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A transaction on one tenant's graph. Every statement gets the tenant as the {@code $tenant} parameter, which the
 * caller may not set itself, so no statement can be run for another tenant by mistake.
 */
public final class TenantTx {

    /** The name of the tenant parameter every statement receives. */
    public static final String TENANT = "tenant";

    private final TransactionContext tx;
    private final TenantId tenant;

    /** Wraps a driver transaction. */
    public TenantTx(TransactionContext tx, TenantId tenant) {
        this.tx = tx;
        this.tenant = tenant;
    }

    /** The tenant. */
    public TenantId tenant() {
        return tenant;
    }

    /** Runs a statement and returns its records. */
    public List<Record> query(String cypher, Map<String, Object> params) {
        return tx.run(cypher, withTenant(params)).list();
    }

    /** Runs a statement and returns what it changed. */
    public SummaryCounters update(String cypher, Map<String, Object> params) {
        return tx.run(cypher, withTenant(params)).consume().counters();
    }

    private Map<String, Object> withTenant(Map<String, Object> params) {
        if (params.containsKey(TENANT)) {
            throw new IllegalArgumentException("the tenant parameter is set by TenantTx, not by callers");
        }
        Map<String, Object> all = new HashMap<>(params);
        all.put(TENANT, tenant.value());
        return all;
    }
}
