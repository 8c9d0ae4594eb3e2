package io.kgrca.common.key;

import io.kgrca.common.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Pure, on raw key bytes and without allocating: what a consumed record's key means to one tenant's loop.
 *
 * <ul>
 *   <li>{@link Verdict#MINE}: the key is the tenant's ({@link TenantKeyFilter}), or exactly {@code <tenant>::},
 *       which names the tenant but no record: the loop decodes it and dead-letters what does not decode, so
 *       nothing of the tenant's is dropped silently;</li>
 *   <li>{@link Verdict#FOREIGN}: the key's tenant part is a valid tenant id, another tenant's;</li>
 *   <li>{@link Verdict#NO_KEY}: the record has no key;</li>
 *   <li>{@link Verdict#INVALID_KEY}: the key is empty or its tenant part (up to the first {@code ::}) breaks the
 *       tenant grammar (upper case, too long, not ASCII, {@code ../x}, ...): no tenant's worker owns it.</li>
 * </ul>
 * The last three are seen by every tenant's dedicated loop; they are counted by verdict, not dead-lettered, so
 * that N tenants do not make N copies (docs/hardening.md).
 */
public final class KeyClassifier {

    /** What a key means to the loop. */
    public enum Verdict {
        /** The loop's tenant's record. */
        MINE("mine"),
        /** Another (valid) tenant's record. */
        FOREIGN("foreign"),
        /** A record without a key. */
        NO_KEY("no-key"),
        /** A key whose tenant part is no valid tenant id. */
        INVALID_KEY("invalid-key");

        private final String code;

        Verdict(String code) {
            this.code = code;
        }

        /** A stable code, fit for a metric label. */
        public String code() {
            return code;
        }
    }

    private static final int MAX_TENANT = 40;

    private final TenantKeyFilter filter;
    private final byte[] bareKey;

    private KeyClassifier(TenantId tenant) {
        this.filter = TenantKeyFilter.forTenant(tenant);
        this.bareKey = (tenant.value() + KeyCodec.SEPARATOR).getBytes(StandardCharsets.US_ASCII);
    }

    /** The classifier of {@code tenant}'s loop. */
    public static KeyClassifier forTenant(TenantId tenant) {
        return new KeyClassifier(tenant);
    }

    /** The verdict on {@code key}. */
    public Verdict classify(byte[] key) {
        if (key == null) {
            return Verdict.NO_KEY;
        }
        if (filter.matches(key) || Arrays.equals(key, bareKey)) {
            return Verdict.MINE;
        }
        return validTenantPart(key) ? Verdict.FOREIGN : Verdict.INVALID_KEY;
    }

    /**
     * The tenant part of {@code key} (the bytes before its first {@code ::}, or all of them) when it is a valid
     * tenant id; null for a null key or an invalid tenant part ({@link Verdict#INVALID_KEY}). What a pool instance,
     * which serves many tenants, reads the tenant from.
     */
    public static String tenantPart(byte[] key) {
        if (key == null) {
            return null;
        }
        int end = tenantPartEnd(key);
        return end < 0 ? null : new String(key, 0, end, StandardCharsets.US_ASCII);
    }

    /** True when the bytes before the first {@code ::} (or all of them) match the tenant grammar. */
    static boolean validTenantPart(byte[] key) {
        return tenantPartEnd(key) >= 0;
    }

    /** The length of the valid tenant part, or -1. */
    private static int tenantPartEnd(byte[] key) {
        int end = 0;
        while (end < key.length && !(key[end] == ':' && end + 1 < key.length && key[end + 1] == ':')) {
            if (end == MAX_TENANT || !allowed(key[end])) {
                return -1;
            }
            end++;
        }
        return end > 0 && key[0] != '-' && key[end - 1] != '-' ? end : -1;
    }

    private static boolean allowed(byte b) {
        return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-';
    }
}
