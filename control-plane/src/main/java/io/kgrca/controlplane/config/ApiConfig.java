package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.BindAddress;
import io.kgrca.common.http.TlsSettings;

import java.nio.file.Path;

/**
 * The status API's authentication and its optional second listener.
 *
 * @param tokenFile     {@code API_TOKEN_FILE}, default {@code /var/lib/kg-rca/api-token}: the operator token,
 *                      generated there (mode 0600) at the first start when absent
 * @param bindAddress   {@code API_BIND_ADDRESS}, default 127.0.0.1: the API-only listener
 * @param port          {@code API_PORT}: the API-only listener's port; unset (-1) means no such listener (the API is
 *                      then served on the loopback {@code HTTP_PORT} only)
 * @param tls           {@code API_TLS_KEYSTORE_FILE} and {@code API_TLS_KEYSTORE_PASSWORD_FILE}, or null: HTTPS on the
 *                      API-only listener; required when {@code API_BIND_ADDRESS} is not loopback
 * @param operatorToken the loaded token, null until {@link ControlPlaneConfig#withOperatorToken} (never from the
 *                      environment itself)
 */
public record ApiConfig(Path tokenFile, String bindAddress, int port, TlsSettings tls, ApiToken operatorToken) {

    /** Reads and validates, through {@link ControlPlaneDefinitions}. */
    public static ApiConfig fromEnv(Env env) {
        Path file = Path.of(ControlPlaneDefinitions.API_TOKEN_FILE.read(env));
        String bind = ControlPlaneDefinitions.API_BIND_ADDRESS.read(env);
        int port = ControlPlaneDefinitions.API_PORT.read(env);
        TlsSettings tls = ControlPlaneDefinitions.API_TLS_KEYSTORE_FILE.read(env);
        if (tls != null && port < 0) {
            throw new InvalidConfigurationException("API_PORT", "is required when API_TLS_KEYSTORE_FILE is set (TLS "
                    + "is served on the API-only listener)");
        }
        if (port >= 0 && tls == null && !BindAddress.isLoopback(bind)) {
            throw new InvalidConfigurationException("API_BIND_ADDRESS", "'" + bind + "' is not loopback, so "
                    + "API_TLS_KEYSTORE_FILE and API_TLS_KEYSTORE_PASSWORD_FILE are required (tokens never travel in "
                    + "clear over a network)");
        }
        return new ApiConfig(file, bind, port, tls, null);
    }

    /** With the loaded operator token. */
    public ApiConfig withToken(ApiToken token) {
        return new ApiConfig(tokenFile, bindAddress, port, tls, token);
    }
}
