package io.kgrca.common.http;

import io.kgrca.common.tenant.TenantId;

import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Pure: decides what an {@code Authorization} header is worth. Tokens are compared through their SHA-256 digests
 * with {@link MessageDigest#isEqual(byte[], byte[])} (constant time, equal lengths), and no verdict carries any part
 * of a token.
 *
 * <ul>
 *   <li>{@link #forOperator(ApiToken)}, the control plane: only the operator token is allowed; a genuine read
 *       token of any tenant (the control plane can derive them all) is 403, anything else 401.</li>
 *   <li>{@link #forTenant(TenantId, byte[], ApiToken)}, a tenant's graph-builder: the operator token (known only
 *       by its digest) and the tenant's own read token are allowed; a read-token-shaped token naming another tenant
 *       is 403 (the graph-builder cannot verify other tenants' tokens; either way nothing is served), anything
 *       else 401.</li>
 * </ul>
 */
public final class BearerAuthenticator {

    private static final String SCHEME = "bearer ";

    private final byte[] operatorDigest;
    private final ApiToken derivationKey;
    private final TenantId tenant;
    private final byte[] tenantTokenDigest;

    private BearerAuthenticator(byte[] operatorDigest, ApiToken derivationKey, TenantId tenant,
                                byte[] tenantTokenDigest) {
        this.operatorDigest = operatorDigest == null ? null : operatorDigest.clone();
        this.derivationKey = derivationKey;
        this.tenant = tenant;
        this.tenantTokenDigest = tenantTokenDigest;
    }

    /** The control plane's: the operator token only; it also recognises (and forbids) tenant read tokens. */
    public static BearerAuthenticator forOperator(ApiToken operator) {
        return new BearerAuthenticator(operator.digest(), operator, null, null);
    }

    /**
     * A tenant API's: {@code operatorDigest} (SHA-256 of the operator token, or null when unknown) and the tenant's
     * {@code readToken} (or null). With neither, every request is refused.
     */
    public static BearerAuthenticator forTenant(TenantId tenant, byte[] operatorDigest, ApiToken readToken) {
        if (operatorDigest != null && operatorDigest.length != 32) {
            throw new IllegalArgumentException("the operator token digest must be 32 bytes (SHA-256)");
        }
        return new BearerAuthenticator(operatorDigest, null, tenant, readToken == null ? null : readToken.digest());
    }

    /** True when at least one token can be allowed. */
    public boolean acceptsAnything() {
        return operatorDigest != null || tenantTokenDigest != null;
    }

    /** The verdict on an {@code Authorization} header value (null when absent). */
    public AuthVerdict check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return AuthVerdict.refused(AuthVerdict.Outcome.MISSING, "-", "a bearer token is required");
        }
        String header = authorization.strip();
        if (header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return AuthVerdict.refused(AuthVerdict.Outcome.MISSING, "-", "only bearer authorization is supported");
        }
        String token = header.substring(SCHEME.length()).strip();
        if (!ApiToken.wellFormed(token)) {
            return AuthVerdict.refused(AuthVerdict.Outcome.INVALID, "-", "malformed token");
        }
        byte[] digest = ApiToken.sha256(token);
        if (operatorDigest != null && MessageDigest.isEqual(digest, operatorDigest)) {
            return AuthVerdict.allowed("operator");
        }
        if (tenantTokenDigest != null && MessageDigest.isEqual(digest, tenantTokenDigest)) {
            return AuthVerdict.allowed("tenant:" + tenant.value());
        }
        Optional<TenantId> claimed = ApiTokens.claimedTenant(token);
        if (claimed.isPresent() && derivationKey != null
                && MessageDigest.isEqual(digest, ApiTokens.rcaReadToken(derivationKey, claimed.get()).digest())) {
            return AuthVerdict.refused(AuthVerdict.Outcome.FORBIDDEN, "tenant:" + claimed.get().value(),
                    "a tenant read token cannot use the operator API");
        }
        if (claimed.isPresent() && tenant != null && !claimed.get().equals(tenant)) {
            return AuthVerdict.refused(AuthVerdict.Outcome.FORBIDDEN, "tenant:" + claimed.get().value(),
                    "the token is for another tenant");
        }
        return AuthVerdict.refused(AuthVerdict.Outcome.INVALID, "-", "unknown token");
    }
}
