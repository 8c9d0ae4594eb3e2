package io.kgrca.graphbuilder.query;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.config.WorkerDefinitions;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.BearerAuthenticator;
import io.kgrca.common.http.BindAddress;
import io.kgrca.common.http.TlsSettings;
import io.kgrca.common.tenant.TenantId;

import java.util.HexFormat;
import java.util.Locale;

/**
 * Who may ask the RCA API and where it listens, read from the worker's environment (secrets already resolved from
 * their {@code *_FILE}).
 *
 * @param auth        the authenticator: the operator token (known by {@code API_TOKEN_SHA256} only, 64 hex digits)
 *                    and the tenant's {@code RCA_READ_TOKEN}; with neither, every RCA request is refused
 * @param port        {@code RCA_PORT}: an extra, RCA-only listener, or -1 (default) for none: the routes are then
 *                    served on the worker's loopback health and metrics listener only
 * @param bindAddress {@code RCA_BIND_ADDRESS}, default 127.0.0.1
 * @param tls         {@code RCA_TLS_KEYSTORE_FILE} and {@code RCA_TLS_KEYSTORE_PASSWORD_FILE}, or null; required when
 *                    {@code RCA_BIND_ADDRESS} is not loopback
 */
public record RcaAccess(BearerAuthenticator auth, int port, String bindAddress, TlsSettings tls) {

    /** Reads and validates; a bad value throws naming its variable, never showing a secret. */
    public static RcaAccess fromEnv(Env env, TenantId tenant) {
        byte[] digest = operatorDigest(env);
        ApiToken read = WorkerDefinitions.RCA_READ_TOKEN.raw(env).map(t -> {
            if (!ApiToken.wellFormed(t)) {
                throw new InvalidConfigurationException("RCA_READ_TOKEN", "is not a token");
            }
            return ApiToken.of(t);
        }).orElse(null);
        RcaAccess listener = listener(env, null);
        return new RcaAccess(BearerAuthenticator.forTenant(tenant, digest, read), listener.port(),
                listener.bindAddress(), listener.tls());
    }

    /** {@code RCA_PORT}, {@code RCA_BIND_ADDRESS} and {@code RCA_TLS_*} with {@code auth}, validated. */
    static RcaAccess listener(Env env, BearerAuthenticator auth) {
        int port = WorkerDefinitions.RCA_PORT.read(env);
        String bind = WorkerDefinitions.RCA_BIND_ADDRESS.read(env);
        TlsSettings tls = TlsSettings.fromEnv(env, "RCA").orElse(null);
        if (tls != null && port < 0) {
            throw new InvalidConfigurationException("RCA_PORT", "is required when RCA_TLS_KEYSTORE_FILE is set");
        }
        if (port >= 0 && tls == null && !BindAddress.isLoopback(bind)) {
            throw new InvalidConfigurationException("RCA_BIND_ADDRESS", "'" + bind + "' is not loopback, so "
                    + "RCA_TLS_KEYSTORE_FILE and RCA_TLS_KEYSTORE_PASSWORD_FILE are required");
        }
        return new RcaAccess(auth, port, bind, tls);
    }

    /** {@code API_TOKEN_SHA256} as 32 bytes, or null when unset. */
    static byte[] operatorDigest(Env env) {
        return WorkerDefinitions.API_TOKEN_SHA256.raw(env).map(RcaAccess::digest).orElse(null);
    }

    private static byte[] digest(String hex) {
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new InvalidConfigurationException("API_TOKEN_SHA256", "is not 64 hex digits (sha256sum of the "
                    + "operator token)");
        }
        return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    }
}
