package io.kgrca.common.placement;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.tenant.TenantId;

import java.nio.charset.StandardCharsets;

/**
 * Pure: what one {@code cluster.placement} record means. The key is the tenant id; the value a {@link Placement}
 * in JSON ({@link JsonCodec#shared()}), or null (a tombstone: the tenant is placed nowhere). Anything else is
 * {@link Decoded#invalid() invalid}, with a reason fit for a metric label: {@code no-key}, {@code invalid-key},
 * {@code malformed} (the value is no placement), {@code key-mismatch} (the value's tenant is not the key).
 */
public final class PlacementDecoder {

    /**
     * One record's meaning.
     *
     * @param tenant    the key's tenant, or null when the key is none
     * @param placement the placement, null for a tombstone or an invalid record
     * @param reason    null for a valid record, else why it is ignored
     * @param detail    for the log line of an invalid record
     */
    public record Decoded(String tenant, Placement placement, String reason, String detail) {

        /** True when the record is ignored. */
        public boolean invalid() {
            return reason != null;
        }

        /** True for a valid tombstone. */
        public boolean tombstone() {
            return reason == null && placement == null;
        }
    }

    private PlacementDecoder() {
    }

    /** Decodes one record. */
    public static Decoded decode(byte[] key, byte[] value) {
        if (key == null) {
            return new Decoded(null, null, "no-key", "a placement record without a key");
        }
        String tenant = new String(key, StandardCharsets.UTF_8);
        if (!TenantId.isValid(tenant)) {
            return new Decoded(null, null, "invalid-key", "key '" + shown(tenant) + "' is no tenant id");
        }
        if (value == null) {
            return new Decoded(tenant, null, null, null);
        }
        Placement placement;
        try {
            placement = JsonCodec.shared().decode(value, Placement.class);
        } catch (JsonDecodeException | RuntimeException e) {
            return new Decoded(tenant, null, "malformed", e.getMessage());
        }
        if (!placement.tenant().equals(tenant)) {
            return new Decoded(tenant, null, "key-mismatch", "the value names tenant '" + shown(placement.tenant())
                    + "', the key '" + tenant + "'");
        }
        return new Decoded(tenant, placement, null, null);
    }

    private static String shown(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
