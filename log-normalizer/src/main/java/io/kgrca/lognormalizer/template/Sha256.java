package io.kgrca.lognormalizer.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;


/**
 * Pure: the first 16 hex digits of the SHA-256 of a text's UTF-8 bytes, with one digest per thread instead of a
 * provider look-up per call.
 */
public final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Sha256() {
    }

    /** 16 lower-case hex digits: the first 8 bytes of the SHA-256 of {@code text}. */
    public static String hex16(String text) {
        byte[] d = DIGEST.get().digest(text.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(d, 0, 8);
    }
}
