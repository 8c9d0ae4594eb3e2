package io.kgrca.controlplane.placement;

import io.kgrca.common.tenant.TenantId;

import java.util.Map;

/**
 * The tenants' current record rates (records per second), for the promotion policy. The pools report them
 * (per-tenant {@code records} counters of {@code GET /pool/tenants}); a tenant missing from the map has no rate
 * known now, which changes nothing in the policy's memory.
 */
@FunctionalInterface
public interface TenantRates {

    /** No rates known: nothing is ever promoted. */
    TenantRates NONE = Map::of;

    /** The rate of each tenant with a known rate. */
    Map<TenantId, Double> recordsPerSecond();
}
