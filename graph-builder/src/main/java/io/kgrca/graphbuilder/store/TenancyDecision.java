package io.kgrca.graphbuilder.store;

import io.kgrca.common.tenant.TenantId;

import java.util.Locale;

/**
 * Decides, from the operator's setting and the server's edition, how a tenant's graph is stored. Pure.
 *
 * @param mode     the tenancy mode
 * @param database the database the tenant's graph lives in
 * @param reason   a sentence for the start-up log
 */
public record TenancyDecision(TenancyMode mode, String database, String reason) {

    /**
     * The decision.
     *
     * @param setting        {@code NEO4J_TENANCY}
     * @param edition        what {@code CALL dbms.components()} reports ({@code community}, {@code enterprise})
     * @param tenant         the tenant
     * @param sharedDatabase {@code NEO4J_DATABASE}, the database of the shared mode
     * @param prefix         the prefix of per-tenant database names
     * @throws IllegalStateException when a database per tenant is required but the server cannot create databases
     */
    public static TenancyDecision decide(TenancySetting setting, String edition, TenantId tenant,
                                         String sharedDatabase, String prefix) {
        boolean multiDatabase = edition != null && edition.toLowerCase(Locale.ROOT).contains("enterprise");
        switch (setting) {
            case SHARED:
                return shared(sharedDatabase, "NEO4J_TENANCY=shared");
            case DATABASE:
                if (!multiDatabase) {
                    throw new IllegalStateException("NEO4J_TENANCY=database needs a server that can create databases"
                            + " (Enterprise or Aura), but this one is '" + edition + "'");
                }
                return perTenant(prefix, tenant, "NEO4J_TENANCY=database");
            default:
                return multiDatabase
                        ? perTenant(prefix, tenant, "the server is " + edition + ", which hosts a database per tenant")
                        : shared(sharedDatabase, "the server is " + edition
                                + ", which cannot create databases: tenants share one, scoped by a tenant property");
        }
    }

    private static TenancyDecision shared(String database, String reason) {
        return new TenancyDecision(TenancyMode.SHARED_DATABASE, database, reason);
    }

    private static TenancyDecision perTenant(String prefix, TenantId tenant, String reason) {
        return new TenancyDecision(TenancyMode.DATABASE_PER_TENANT, DatabaseNames.forTenant(prefix, tenant), reason);
    }
}
