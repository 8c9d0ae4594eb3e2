package io.kgrca.common.http;

import io.kgrca.common.tenant.TenantId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * How tokens are made. The operator token is 32 random bytes ({@code kgop.<base64url>}). A tenant's RCA read token
 * is derived from it, not stored, in two steps: the <i>read key</i> {@code rcak.<base64url(HMAC-SHA256(operator
 * token, "rca-read-key"))>}, then {@code rca.<tenant>.<base64url(HMAC-SHA256(read key, "rca-read:" + tenant))>}. So
 * the control plane can show a read token to the operator and hand it to the tenant's dedicated graph-builder at any
 * time; a pool graph-builder, which answers for many tenants, receives the read key ({@code RCA_READ_KEY}) and
 * verifies any tenant's read token with it without ever holding the operator token (the key grants nothing beyond
 * reading graphs, which a pool instance can read anyway); replacing the operator token revokes every read token at
 * once. The tenant is readable in the token so that a dedicated graph-builder can tell "a token of another tenant"
 * (403) from "no valid token" (401) without the key.
 */
public final class ApiTokens {

    /** The prefix of a tenant read token. */
    public static final String READ_PREFIX = "rca.";
    /** The prefix of a read key. */
    public static final String KEY_PREFIX = "rcak.";
    private static final String OPERATOR_PREFIX = "kgop.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ApiTokens() {
    }

    /** A new operator token from {@code random}. */
    public static ApiToken newOperatorToken(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return ApiToken.of(OPERATOR_PREFIX + B64.encodeToString(bytes));
    }

    /** The RCA read token of {@code tenant}, derived from the operator token (through its read key). */
    public static ApiToken rcaReadToken(ApiToken operator, TenantId tenant) {
        return rcaReadTokenFromKey(rcaReadKey(operator), tenant);
    }

    /**
     * The read key of {@code operator}: what a pool graph-builder gets ({@code RCA_READ_KEY}) to verify the read
     * tokens of the tenants it serves; it cannot be turned back into the operator token.
     */
    public static ApiToken rcaReadKey(ApiToken operator) {
        return ApiToken.of(KEY_PREFIX + B64.encodeToString(hmac(operator, "rca-read-key")));
    }

    /** The RCA read token of {@code tenant}, derived from a {@link #rcaReadKey read key}. */
    public static ApiToken rcaReadTokenFromKey(ApiToken readKey, TenantId tenant) {
        return ApiToken.of(READ_PREFIX + tenant.value() + "." + B64.encodeToString(hmac(readKey,
                "rca-read:" + tenant.value())));
    }

    private static byte[] hmac(ApiToken key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /**
     * The tenant a read token names, when {@code token} has the read-token shape and names a valid tenant id;
     * says nothing about whether the token is genuine.
     */
    public static Optional<TenantId> claimedTenant(String token) {
        if (token == null || !token.startsWith(READ_PREFIX)) {
            return Optional.empty();
        }
        int dot = token.indexOf('.', READ_PREFIX.length());
        if (dot < 0) {
            return Optional.empty();
        }
        String tenant = token.substring(READ_PREFIX.length(), dot);
        return TenantId.isValid(tenant) ? Optional.of(TenantId.of(tenant)) : Optional.empty();
    }
}
