package io.kgrca.common.key;

import io.kgrca.common.tenant.TenantId;

import java.util.Objects;
import java.util.Optional;

/**
 * A decoded record key: the tenant, and for most forms a type and an id.
 *
 * <p>Build one with {@link #of(TenantId, String, String)} (strict, validated) or get one from
 * {@link KeyCodec#decode(byte[])}. {@link #type()} is empty for the legacy forms, {@link #id()} is empty for
 * {@link KeyForm#TENANT_ONLY}.
 *
 * @param tenant the tenant the record belongs to
 * @param type   the record type ({@code event}, {@code log}, ...), or null in legacy forms
 * @param id     the record id, which may contain {@code ::}, or null for a bare tenant key
 * @param form   which wire form the key had
 */
public record RecordKey(TenantId tenant, String type, String id, KeyForm form) {

    /** Validates that the parts agree with {@code form}. */
    public RecordKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(form, "form");
        switch (form) {
            case FULL -> {
                KeyCodec.requireValidType(type);
                KeyCodec.requireValidId(id);
            }
            case LEGACY_ID -> {
                requireNull(type, "type", form);
                KeyCodec.requireValidId(id);
            }
            case TENANT_ONLY -> {
                requireNull(type, "type", form);
                requireNull(id, "id", form);
            }
            default -> throw new IllegalStateException("unknown form " + form);
        }
    }

    /** A strict {@code <client>::<type>::<id>} key; throws {@link IllegalArgumentException} on a bad part. */
    public static RecordKey of(TenantId tenant, String type, String id) {
        return new RecordKey(tenant, type, id, KeyForm.FULL);
    }

    /** The record type, absent in legacy forms. */
    public Optional<String> typeIfPresent() {
        return Optional.ofNullable(type);
    }

    /** The record id, absent for a bare tenant key. */
    public Optional<String> idIfPresent() {
        return Optional.ofNullable(id);
    }

    /** The wire form of this key. */
    public String encode() {
        return KeyCodec.encodeToString(this);
    }

    @Override
    public String toString() {
        return encode();
    }

    private static void requireNull(String value, String name, KeyForm form) {
        if (value != null) {
            throw new IllegalArgumentException(name + " must be null in form " + form);
        }
    }
}
