package io.kgrca.common.key;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.tenant.TenantIdRule;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Encodes and decodes record keys of the form {@code <client>::<type>::<id>}.
 *
 * <p>Encoding is strict: it only ever produces the full form. Decoding accepts the full form and the two
 * legacy forms {@code <client>} and {@code <client>::<id>}. A key with three or more parts must have a valid
 * type in its second part; the id is everything after the second separator and may itself contain
 * {@code ::}. Keys over {@link #MAX_KEY_BYTES}, invalid UTF-8, ids with control characters and tenant parts
 * that fail the tenant grammar are rejected with a {@link KeyDecodeException} that names the rule.
 */
public final class KeyCodec {

    /** The separator between key parts. */
    public static final String SEPARATOR = "::";
    /** The longest key accepted, in bytes. */
    public static final int MAX_KEY_BYTES = 4096;

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9.-]{0,31}");

    private KeyCodec() {
    }

    /** Encodes a full key as UTF-8 bytes. */
    public static byte[] encode(TenantId tenant, String type, String id) {
        return RecordKey.of(tenant, type, id).encode().getBytes(StandardCharsets.UTF_8);
    }

    /** Encodes a full key as a string. */
    public static String encodeToString(TenantId tenant, String type, String id) {
        return RecordKey.of(tenant, type, id).encode();
    }

    static String encodeToString(RecordKey key) {
        return switch (key.form()) {
            case FULL -> key.tenant().value() + SEPARATOR + key.type() + SEPARATOR + key.id();
            case LEGACY_ID -> key.tenant().value() + SEPARATOR + key.id();
            case TENANT_ONLY -> key.tenant().value();
        };
    }

    /** Decodes key bytes as UTF-8; see the class comment for the accepted forms. */
    public static RecordKey decode(byte[] key) throws KeyDecodeException {
        if (key == null) {
            throw new KeyDecodeException(KeyDecodeException.Reason.NULL_KEY, "record has no key");
        }
        if (key.length > MAX_KEY_BYTES) {
            throw new KeyDecodeException(KeyDecodeException.Reason.KEY_TOO_LONG,
                    "key has " + key.length + " bytes, more than the " + MAX_KEY_BYTES + " allowed");
        }
        return decode(strictUtf8(key));
    }

    /** Decodes a key string; see the class comment for the accepted forms. */
    public static RecordKey decode(String key) throws KeyDecodeException {
        if (key == null) {
            throw new KeyDecodeException(KeyDecodeException.Reason.NULL_KEY, "record has no key");
        }
        if (key.isEmpty()) {
            throw new KeyDecodeException(KeyDecodeException.Reason.EMPTY_KEY, "record key is empty");
        }
        if (key.length() > MAX_KEY_BYTES) {
            throw new KeyDecodeException(KeyDecodeException.Reason.KEY_TOO_LONG,
                    "key has " + key.length() + " characters, more than the " + MAX_KEY_BYTES + " allowed");
        }
        int first = key.indexOf(SEPARATOR);
        TenantId tenant = tenant(first < 0 ? key : key.substring(0, first));
        if (first < 0) {
            return new RecordKey(tenant, null, null, KeyForm.TENANT_ONLY);
        }
        String rest = key.substring(first + SEPARATOR.length());
        int second = rest.indexOf(SEPARATOR);
        if (second < 0) {
            return new RecordKey(tenant, null, checkedId(rest), KeyForm.LEGACY_ID);
        }
        String type = rest.substring(0, second);
        if (!TYPE.matcher(type).matches()) {
            throw new KeyDecodeException(KeyDecodeException.Reason.INVALID_TYPE,
                    "key type " + shown(type) + " does not match [a-z][a-z0-9.-]{0,31}");
        }
        return new RecordKey(tenant, type, checkedId(rest.substring(second + SEPARATOR.length())), KeyForm.FULL);
    }

    /** Decodes, returning empty instead of throwing; for callers that only route. */
    public static Optional<RecordKey> tryDecode(byte[] key) {
        try {
            return Optional.of(decode(key));
        } catch (KeyDecodeException e) {
            return Optional.empty();
        }
    }

    /** True when {@code type} matches {@code [a-z][a-z0-9.-]{0,31}}. */
    public static boolean isValidType(String type) {
        return type != null && TYPE.matcher(type).matches();
    }

    static void requireValidType(String type) {
        if (!isValidType(type)) {
            throw new IllegalArgumentException("key type " + shown(type) + " does not match [a-z][a-z0-9.-]{0,31}");
        }
    }

    static void requireValidId(String id) {
        String problem = idProblem(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static TenantId tenant(String part) throws KeyDecodeException {
        Optional<TenantIdRule> broken = TenantId.firstBrokenRule(part);
        if (broken.isPresent()) {
            throw new KeyDecodeException(KeyDecodeException.Reason.INVALID_TENANT,
                    "key tenant " + shown(part) + " is invalid: a tenant id " + broken.get().description());
        }
        return TenantId.of(part);
    }

    private static String checkedId(String id) throws KeyDecodeException {
        String problem = idProblem(id);
        if (problem != null) {
            throw new KeyDecodeException(KeyDecodeException.Reason.INVALID_ID, problem);
        }
        return id;
    }

    private static String idProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "key id is empty";
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return "key id contains a control character at index " + i;
            }
        }
        return null;
    }

    private static String strictUtf8(byte[] key) throws KeyDecodeException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new KeyDecodeException(KeyDecodeException.Reason.NOT_UTF8, "key is not valid UTF-8");
        }
    }

    private static String shown(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
