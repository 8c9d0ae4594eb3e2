package io.kgrca.common.key;

/** The shapes of record key the wire contract accepts. */
public enum KeyForm {
    /** {@code <client>::<type>::<id>}: the only form the server produces. */
    FULL,
    /** {@code <client>}: registry and heartbeat keys sent by clients today. */
    TENANT_ONLY,
    /** {@code <client>::<id>}: the two-part form older producers use. */
    LEGACY_ID
}
