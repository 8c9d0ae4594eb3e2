package io.kgrca.common.key;

/** Thrown when record-key bytes do not follow the wire contract; {@link #reason()} says which rule failed. */
public final class KeyDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a key was rejected; {@link #code()} is stable and fit for metric tags. */
    public enum Reason {
        /** The record has no key. */
        NULL_KEY("null-key"),
        /** The key is zero bytes long. */
        EMPTY_KEY("empty-key"),
        /** The key is longer than {@link KeyCodec#MAX_KEY_BYTES}. */
        KEY_TOO_LONG("key-too-long"),
        /** The key bytes are not valid UTF-8. */
        NOT_UTF8("key-not-utf8"),
        /** The tenant part fails the tenant id grammar. */
        INVALID_TENANT("invalid-tenant-id"),
        /** The type part fails the type grammar. */
        INVALID_TYPE("invalid-type"),
        /** The id part is empty or has control characters. */
        INVALID_ID("invalid-id");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** A short stable code, such as {@code invalid-tenant-id}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    /** Creates the exception for a key rejected for {@code reason}, with a human explanation. */
    public KeyDecodeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The rule the key broke. */
    public Reason reason() {
        return reason;
    }
}
