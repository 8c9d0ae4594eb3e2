package io.kgrca.graphbuilder.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.config.WorkerDefinitions;
import io.kgrca.common.http.ApiListener;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.http.BearerAuthenticator;
import io.kgrca.common.http.BearerGuard;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.tenant.TenantId;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The RCA endpoints of a pool graph-builder (shared placement): {@code GET /tenants/<tenant>/rca/...} answers as a
 * dedicated graph-builder's {@code /rca/...} ({@link RcaHttpRoutes}) for any tenant placed in the pool.
 *
 * <p>Authorization is the dedicated worker's, per request's tenant: the operator token (known by
 * {@code API_TOKEN_SHA256} only) or that tenant's own read token, which the pool verifies with the read key
 * ({@code RCA_READ_KEY}, {@link ApiTokens#rcaReadKey}) it derives the tenant's token from. Another tenant's read
 * token is 403, no valid token 401; a malformed tenant in the path is 404 before any check. A tenant this instance
 * does not serve (not placed in the pool) is 404 after the check, so the answer says nothing to a caller without a
 * token for that tenant.
 */
public final class PoolRcaRoutes {

    /** The path prefix of the pooled tenants' APIs. */
    public static final String PREFIX = "/tenants/";

    private final Function<TenantId, Optional<RcaService>> services;
    private final byte[] operatorDigest;
    private final ApiToken readKey;

    /**
     * Routes answering from {@code services} (empty for a tenant not served here).
     *
     * @param operatorDigest SHA-256 of the operator token, or null
     * @param readKey        the read key, or null: tenants' read tokens are then refused
     */
    public PoolRcaRoutes(Function<TenantId, Optional<RcaService>> services, byte[] operatorDigest, ApiToken readKey) {
        this.services = services;
        this.operatorDigest = operatorDigest == null ? null : operatorDigest.clone();
        this.readKey = readKey;
    }

    /** Routes with the tokens of the environment ({@code API_TOKEN_SHA256}, {@code RCA_READ_KEY}). */
    public static PoolRcaRoutes fromEnv(Env env, Function<TenantId, Optional<RcaService>> services) {
        ApiToken key = WorkerDefinitions.RCA_READ_KEY.raw(env).map(k -> {
            if (!ApiToken.wellFormed(k) || !k.startsWith(ApiTokens.KEY_PREFIX)) {
                throw new InvalidConfigurationException("RCA_READ_KEY", "is not a read key ("
                        + ApiTokens.KEY_PREFIX + "...)");
            }
            return ApiToken.of(k);
        }).orElse(null);
        return new PoolRcaRoutes(services, RcaAccess.operatorDigest(env), key);
    }

    /** The extra RCA-only listener's settings ({@code RCA_PORT}, {@code RCA_BIND_ADDRESS}, {@code RCA_TLS_*}). */
    public static RcaAccess listener(Env env) {
        return RcaAccess.listener(env, null);
    }

    /** True when at least one token can be allowed. */
    public boolean acceptsAnything() {
        return operatorDigest != null || readKey != null;
    }

    /** Adds the guarded routes to the instance's loopback {@code server}. */
    public void register(HealthHttpServer server) {
        server.route(PREFIX, handler());
    }

    /** Adds the guarded routes to an RCA-only {@code listener}. */
    public void register(ApiListener listener) {
        listener.route(PREFIX, handler());
    }

    /** The authenticator of {@code tenant}'s API. */
    BearerAuthenticator authenticator(TenantId tenant) {
        return BearerAuthenticator.forTenant(tenant, operatorDigest,
                readKey == null ? null : ApiTokens.rcaReadTokenFromKey(readKey, tenant));
    }

    private HttpHandler handler() {
        BearerGuard guard = new BearerGuard(ex -> authenticator(tenantOf(ex).orElseThrow()), this::serve,
                ex -> tenantOf(ex).map(TenantId::value).orElse("-"));
        return ex -> {
            if (tenantOf(ex).isEmpty()) {
                ex.getRequestBody().close();
                HealthHttpServer.respondJson(ex, 404, Map.of("error", "expected " + PREFIX + "<tenant>/rca/..."));
                return;
            }
            guard.handle(ex);
        };
    }

    private void serve(HttpExchange ex) throws IOException {
        TenantId tenant = tenantOf(ex).orElseThrow();
        Optional<RcaService> service = services.apply(tenant);
        if (service.isEmpty()) {
            HealthHttpServer.respondJson(ex, 404, Map.of("error", "tenant " + tenant
                    + " is not served by this pool instance"));
            return;
        }
        String path = ex.getRequestURI().getPath().substring(PREFIX.length() + tenant.value().length());
        new RcaHttpRoutes(service.get(), tenant, authenticator(tenant)).answer(ex, path);
    }

    /** The tenant of a {@code /tenants/<tenant>/rca...} path, when it is a valid tenant id. */
    static Optional<TenantId> tenantOf(HttpExchange ex) {
        return tenantOf(ex.getRequestURI().getPath());
    }

    static Optional<TenantId> tenantOf(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int slash = path.indexOf('/', PREFIX.length());
        if (slash < 0 || !path.startsWith("/rca", slash)) {
            return Optional.empty();
        }
        String tenant = path.substring(PREFIX.length(), slash);
        return TenantId.isValid(tenant) ? Optional.of(TenantId.of(tenant)) : Optional.empty();
    }
}
