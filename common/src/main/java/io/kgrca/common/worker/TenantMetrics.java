package io.kgrca.common.worker;

import io.kgrca.common.tenant.TenantId;

/**
 * What a {@link TenantRouter} counts per tenant and per instance; every method has a no-op default, so
 * {@link #NOOP} serves tests. Per-tenant meters exist only while the tenant's processor is live, which bounds them.
 */
public interface TenantMetrics {

    /** Counts nothing. */
    TenantMetrics NOOP = new TenantMetrics() {
    };

    /** {@code records} of {@code tenant} processed in one batch, with {@code outputs} outputs and rejections. */
    default void processed(TenantId tenant, int records, int outputs, int rejected) {
    }

    /** {@code tenant}'s processor was closed for {@code reason} ({@code lru}, {@code idle}, {@code removed}). */
    default void closed(TenantId tenant, String reason) {
    }

    /** How many per-tenant processors are live. */
    default void live(int processors) {
    }
}
