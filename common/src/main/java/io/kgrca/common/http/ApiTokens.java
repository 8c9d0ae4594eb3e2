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
 * is derived from it, not stored: {@code rca.<tenant>.<base64url(HMAC-SHA256(operator token, "rca-read:" +
 * tenant))>}, so the control plane can show it to the operator and hand it to the tenant's graph-builder at any
 * time, and replacing the operator token revokes every read token at once. The tenant is readable in the token so
 * that a graph-builder can tell "a token of another tenant" (403) from "no valid token" (401) without the key.
 */
public final class ApiTokens {

    /** The prefix of a tenant read token. */
    public static final String READ_PREFIX = "rca.";
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

    /** The RCA read token of {@code tenant}, derived from the operator token. */
    public static ApiToken rcaReadToken(ApiToken operator, TenantId tenant) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(operator.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] tag = mac.doFinal(("rca-read:" + tenant.value()).getBytes(StandardCharsets.UTF_8));
            return ApiToken.of(READ_PREFIX + tenant.value() + "." + B64.encodeToString(tag));
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
