package io.kgrca.controlplane.it;

import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.SelfSignedTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control plane's API on a real listener: health, metrics and service discovery open on loopback; every
 * {@code /api/tenants} route 401 without or with a wrong token, 403 with a tenant's read token, 200/202 with the
 * operator's; the same on the API-only HTTPS listener, which serves no health or metrics.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StatusApiAuthIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private static HttpResponse<String> send(HttpClient client, String method, String url, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Main.Running start(KafkaBroker broker, Map<String, String> overrides) throws Exception {
        return Main.start(ControlPlaneHarness.config(broker, overrides), new InMemoryWorkerRuntime(Clock.systemUTC()));
    }

    @Test
    void everyApiRouteNeedsTheOperatorTokenAndHealthAndMetricsStayOpen(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        Path tokenFile = dir.resolve("api-token");
        try (Main.Running cp = start(broker, Map.of("API_TOKEN_FILE", tokenFile.toString()))) {
            String base = "http://127.0.0.1:" + cp.http().port();
            String operator = cp.operatorToken().reveal();
            String tenantToken = ApiTokens.rcaReadToken(cp.operatorToken(), TenantId.of("af-1")).reveal();

            assertThat(Files.readString(tokenFile).strip()).as("generated at first start").isEqualTo(operator);
            for (String open : new String[]{"/healthz", "/metrics", "/api/sd"}) {
                assertThat(send(http, "GET", base + open, null).statusCode()).as(open).isEqualTo(200);
            }
            for (String[] route : new String[][]{{"GET", "/api/tenants"}, {"GET", "/api/tenants/af-1"},
                    {"POST", "/api/tenants/af-1/workers/graph-builder/restart"}}) {
                String url = base + route[1];
                HttpResponse<String> none = send(http, route[0], url, null);
                assertThat(none.statusCode()).as(route[1]).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"kg-rca\"");
                HttpResponse<String> wrong = send(http, route[0], url, "kgop.not-the-right-token-at-all");
                assertThat(wrong.statusCode()).as(route[1]).isEqualTo(401);
                assertThat(wrong.body()).doesNotContain("not-the-right-token");
                HttpResponse<String> tenant = send(http, route[0], url, tenantToken);
                assertThat(tenant.statusCode()).as(route[1]).isEqualTo(403);
                assertThat(tenant.body()).doesNotContain(tenantToken);
            }
            assertThat(send(http, "GET", base + "/api/tenants", operator).statusCode()).isEqualTo(200);
            assertThat(send(http, "POST", base + "/api/tenants/af-1/workers/graph-builder/restart", operator)
                    .statusCode()).isEqualTo(202);
        }
        try (Main.Running again = start(broker, Map.of("API_TOKEN_FILE", tokenFile.toString()))) {
            assertThat(again.operatorToken().reveal()).as("the file is reused, not regenerated")
                    .isEqualTo(Files.readString(tokenFile).strip());
        }
    }

    @Test
    void theApiOnlyListenerSpeaksTlsRequiresTheTokenAndServesNoHealthOrMetrics(KafkaBroker broker,
                                                                               @TempDir Path dir) throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(dir);
        try (Main.Running cp = start(broker, Map.of("API_TOKEN_FILE", dir.resolve("api-token").toString(),
                "API_PORT", "0", "API_TLS_KEYSTORE_FILE", tls.keystore().toString(),
                "API_TLS_KEYSTORE_PASSWORD_FILE", tls.passwordFile().toString()))) {
            HttpClient https = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
            String base = "https://127.0.0.1:" + cp.api().port();
            String operator = cp.operatorToken().reveal();

            assertThat(cp.api().tls()).isTrue();
            assertThat(send(https, "GET", base + "/api/tenants", null).statusCode()).isEqualTo(401);
            assertThat(send(https, "GET", base + "/api/tenants", "kgop.not-the-right-token-at-all").statusCode())
                    .isEqualTo(401);
            assertThat(send(https, "GET", base + "/api/tenants",
                    ApiTokens.rcaReadToken(cp.operatorToken(), TenantId.of("af-1")).reveal()).statusCode())
                    .isEqualTo(403);
            assertThat(send(https, "GET", base + "/api/tenants", operator).statusCode()).isEqualTo(200);
            for (String notHere : new String[]{"/healthz", "/metrics", "/api/sd"}) {
                assertThat(send(https, "GET", base + notHere, operator).statusCode()).as(notHere).isEqualTo(404);
            }
        }
    }
}
