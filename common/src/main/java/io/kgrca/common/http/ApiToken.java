package io.kgrca.common.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A bearer token held in memory. Its {@link #toString()} never shows the value, so that a token put into a log
 * argument, an exception message or a record's text by mistake prints as {@code [redacted]}.
 */
public final class ApiToken {

    /** The longest token accepted anywhere (a request header with more is refused before any comparison). */
    public static final int MAX_LENGTH = 256;

    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    /**
     * A token; it must be 16 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._~+/=-]} (RFC 6750's
     * token68 characters), which every token this project issues is.
     *
     * @throws IllegalArgumentException naming the rule, never the value
     */
    public static ApiToken of(String value) {
        Objects.requireNonNull(value, "token");
        if (!wellFormed(value)) {
            throw new IllegalArgumentException("a token must be 16-" + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ ~ + / = -");
        }
        return new ApiToken(value);
    }

    /** True when {@code value} could be a token (length and characters); no secret comparison is involved. */
    public static boolean wellFormed(String value) {
        if (value == null || value.length() < 16 || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The secret value, for the one place that must send or store it. */
    public String reveal() {
        return value;
    }

    /** SHA-256 of the token, the form compared in constant time and handed to workers instead of the token. */
    public byte[] digest() {
        return sha256(value);
    }

    /** {@link #digest()} as lower-case hex. */
    public String digestHex() {
        return HexFormat.of().formatHex(digest());
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Constant-time equality of the values (through their digests, so lengths leak nothing either). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ApiToken t && MessageDigest.isEqual(digest(), t.digest());
    }

    @Override
    public int hashCode() {
        return 0; // never a hash of the secret: tokens are not meant to be map keys
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
