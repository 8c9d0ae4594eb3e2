package io.kgrca.graphbuilder.it;

import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.testsupport.FreePorts;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import io.kgrca.testsupport.SelfSignedTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real graph-builder's RCA API: 401 without or with a wrong token, 403 with another tenant's read token, 200 with
 * its own (read from {@code RCA_READ_TOKEN_FILE}) or the operator's; health and metrics stay open; the same over
 * TLS on an RCA-only listener.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class RcaAuthIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void topics(KafkaBroker broker) {
        WorkerHarness.createTopics(broker);
    }

    private static TenantId tenant() {
        return TenantId.of("ra-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private void assertOutcomes(HttpClient client, String base, TenantId t) throws Exception {
        String url = base + "/rca/incidents";
        HttpResponse<String> none = WorkerHarness.get(client, url, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"kg-rca\"");
        String wrong = "kgop.this-is-not-the-operator-token";
        assertThat(WorkerHarness.get(client, url, wrong).statusCode()).isEqualTo(401);
        String other = ApiTokens.rcaReadToken(WorkerHarness.OPERATOR, TenantId.of("zz-other")).reveal();
        HttpResponse<String> forbidden = WorkerHarness.get(client, url, other);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).doesNotContain(other);
        String own = ApiTokens.rcaReadToken(WorkerHarness.OPERATOR, t).reveal();
        HttpResponse<String> ok = WorkerHarness.get(client, url, own);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"tenant\":\"" + t.value() + "\"");
        assertThat(WorkerHarness.get(client, url, WorkerHarness.OPERATOR.reveal()).statusCode()).isEqualTo(200);
    }

    @Test
    void theRcaApiNeedsTheTenantsOrTheOperatorsTokenWhileHealthAndMetricsStayOpen(KafkaBroker broker,
                                                                                  Neo4jServer neo4j) throws Exception {
        TenantId t = tenant();
        try (WorkerLauncher.Running w = WorkerHarness.start(broker, neo4j.boltUri(), t)) {
            String base = "http://127.0.0.1:" + w.httpPort();

            assertOutcomes(http, base, t);
            assertThat(WorkerHarness.get(http, base + "/healthz", null).statusCode()).isIn(200, 503);
            assertThat(WorkerHarness.get(http, base + "/metrics", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anRcaOnlyListenerSpeaksTlsWithTheSameRules(KafkaBroker broker, Neo4jServer neo4j, @TempDir Path dir)
            throws Exception {
        TenantId t = tenant();
        SelfSignedTls tls = SelfSignedTls.create(dir);
        int port = FreePorts.next();
        try (WorkerLauncher.Running w = WorkerHarness.start(broker, neo4j.boltUri(), t, Map.of(
                "RCA_PORT", String.valueOf(port), "RCA_TLS_KEYSTORE_FILE", tls.keystore().toString(),
                "RCA_TLS_KEYSTORE_PASSWORD_FILE", tls.passwordFile().toString()))) {
            HttpClient https = HttpClient.newBuilder().sslContext(tls.clientContext()).build();

            assertOutcomes(https, "https://127.0.0.1:" + port, t);
            assertThat(WorkerHarness.get(https, "https://127.0.0.1:" + port + "/metrics", null).statusCode())
                    .as("the RCA-only listener serves no metrics").isEqualTo(404);
        }
    }
}
