package io.kgrca.common.key;

import io.kgrca.common.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decides on raw key bytes, before any value is parsed and without allocating, whether a record belongs to
 * one tenant.
 *
 * <p>A key belongs to tenant {@code t} when it is exactly {@code t} or starts with {@code t::}. Comparing the
 * prefix together with its separator is what keeps {@code af-1} from matching {@code af-10::x}. Tenant ids
 * are ASCII, so comparing bytes is the same as comparing characters.
 */
public final class TenantKeyFilter {

    private final byte[] tenant;
    private final byte[] prefix;

    private TenantKeyFilter(TenantId tenantId) {
        this.tenant = tenantId.value().getBytes(StandardCharsets.US_ASCII);
        this.prefix = (tenantId.value() + KeyCodec.SEPARATOR).getBytes(StandardCharsets.US_ASCII);
    }

    /** A filter that accepts the keys of {@code tenantId}. */
    public static TenantKeyFilter forTenant(TenantId tenantId) {
        return new TenantKeyFilter(tenantId);
    }

    /** True when {@code key} belongs to this filter's tenant; false for a null key. */
    public boolean matches(byte[] key) {
        if (key == null) {
            return false;
        }
        if (key.length == tenant.length) {
            return Arrays.equals(key, tenant);
        }
        return key.length > prefix.length
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
