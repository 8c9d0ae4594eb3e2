package io.kgrca.common.json;

/** Thrown when bytes cannot be read as the expected message; {@link #reason()} and {@link #field()} say why. */
public final class JsonDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why decoding failed; {@link #code()} is stable and fit for metric tags. */
    public enum Reason {
        /** The value is null or zero bytes. */
        EMPTY("empty-value"),
        /** The bytes are not JSON. */
        NOT_JSON("not-json"),
        /** The JSON ends before it is complete. */
        TRUNCATED("truncated-json"),
        /** The JSON is not an object where one is expected. */
        NOT_AN_OBJECT("not-a-json-object"),
        /** A required field is absent or null. */
        MISSING_FIELD("missing-field"),
        /** A field has the wrong type or format (no scalar coercion), or a count is negative. */
        INVALID_FIELD("invalid-field"),
        /** An object names the same member twice. */
        DUPLICATE_FIELD("duplicate-field"),
        /** Something follows the value: a second value, or bytes that are not JSON. */
        TRAILING_DATA("trailing-data"),
        /** The value starts with a byte-order mark. */
        BYTE_ORDER_MARK("byte-order-mark"),
        /** The value is not UTF-8 (UTF-16 or UTF-32). */
        NOT_UTF8("not-utf8");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** A short stable code, such as {@code missing-field}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final String field;

    /** Creates the exception. {@code field} is the JSON path of the offending field, or null. */
    public JsonDecodeException(Reason reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.field = field;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }

    /** The dotted path of the field at fault, or null when the whole value is at fault. */
    public String field() {
        return field;
    }
}
