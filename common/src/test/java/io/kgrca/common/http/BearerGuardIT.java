package io.kgrca.common.http;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.testsupport.SelfSignedTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A guarded route on a real listener, plain and over TLS: 401 without or with a wrong token, 403, 200. */
class BearerGuardIT {

    private final ApiToken operator = ApiTokens.newOperatorToken(new SecureRandom());
    private final TenantId tenant = TenantId.of("af-1");
    private final BearerAuthenticator auth = BearerAuthenticator.forTenant(tenant, operator.digest(),
            ApiTokens.rcaReadToken(operator, tenant));

    private ApiListener listener(TlsSettings tls) throws Exception {
        return ApiListener.bind(new InetSocketAddress("127.0.0.1", 0), tls)
                .route("/rca", new BearerGuard(auth, ex -> HealthHttpServer.respondJson(ex, 200, Map.of("ok", true)),
                        ex -> tenant.value()))
                .start();
    }

    private static HttpResponse<String> get(HttpClient client, String base, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/rca/incidents"))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertOutcomes(HttpClient client, String base) throws Exception {
        HttpResponse<String> none = get(client, base, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"kg-rca\"");

        String wrong = ApiTokens.newOperatorToken(new SecureRandom()).reveal();
        HttpResponse<String> bad = get(client, base, wrong);
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        assertThat(bad.body()).doesNotContain(wrong);

        String other = ApiTokens.rcaReadToken(operator, TenantId.of("af-2")).reveal();
        HttpResponse<String> forbidden = get(client, base, other);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).doesNotContain(other);

        assertThat(get(client, base, ApiTokens.rcaReadToken(operator, tenant).reveal()).statusCode()).isEqualTo(200);
        assertThat(get(client, base, operator.reveal()).statusCode()).isEqualTo(200);
    }

    @Test
    void aPlainListenerAnswers401401403And200() throws Exception {
        try (ApiListener l = listener(null)) {
            assertOutcomes(HttpClient.newHttpClient(), "http://127.0.0.1:" + l.port());
        }
    }

    @Test
    void aTlsListenerAnswersTheSameOverHttpsAndRefusesPlainHttp(@TempDir Path dir) throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(dir);
        try (ApiListener l = listener(new TlsSettings(tls.keystore(), tls.passwordFile()))) {
            assertThat(l.tls()).isTrue();
            HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();

            assertOutcomes(client, "https://127.0.0.1:" + l.port());
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "http://127.0.0.1:" + l.port(),
                    operator.reveal())).isInstanceOf(IOException.class);
        }
    }
}
