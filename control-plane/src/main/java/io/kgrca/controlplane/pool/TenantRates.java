package io.kgrca.controlplane.pool;

import io.kgrca.common.tenant.TenantId;

import java.util.Map;

/**
 * Each shared tenant's record rate, as the pool instances report it ({@code GET /pool/tenants}): the input of a
 * promotion policy (a tenant above a sustained rate moves to dedicated placement).
 */
public interface TenantRates {

    /** Records per second of {@code tenant} over the last measurement interval, summed over worker kinds; 0 when unknown. */
    double recordsPerSecond(TenantId tenant);

    /** Every tenant with a known rate. */
    Map<TenantId, Double> all();
}
