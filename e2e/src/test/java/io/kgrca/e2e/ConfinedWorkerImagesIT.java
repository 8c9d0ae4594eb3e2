package io.kgrca.e2e;

import com.github.dockerjava.api.DockerClient;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.config.WorkerIsolation;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.testsupport.DockerEngine;
import io.kgrca.testsupport.FreePorts;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real worker images (built by {@code mvn install}) under the Docker runtime's confinement: read-only root,
 * tmpfs /tmp, every capability dropped, a pids limit, uid 10001, secrets as files. Each must start and serve its
 * health endpoint; the graph-builder must read its RCA read token from the file and enforce it (no Neo4j runs
 * here: the token's acceptance shows as 503 "Neo4j unavailable" from behind the guard, a refusal as 401/403). The
 * images are {@link Images#worker(String)}. The containers are the product's own {@code DockerWorkerRuntime}'s,
 * not Testcontainers': the confinement under test is what that runtime creates.
 * It lives in {@code e2e}, last in the reactor, so that it meets the images this very build made; with
 * {@code KG_REQUIRE_DOCKER=true} (CI) a missing image fails it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConfinedWorkerImagesIT {

    private final DockerClient docker = DockerEngine.client();
    private static final String OWNER = "kg-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path STATE = stateDir();
    private final DockerWorkerRuntime runtime = new DockerWorkerRuntime(docker, OWNER,
            WorkerIsolation.defaults(STATE.resolve("secrets")));
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void engine(KafkaBroker broker) {
        DockerEngine.assumeAvailable();
        for (String topic : List.of(Topics.RAW_K8S_EVENTS, Topics.RAW_K8S_LOGS, Topics.EVENTS_NORMALIZED, Topics.LOGS_NORMALIZED,
                Topics.STATE_K8S_RESOURCE, Topics.STATE_K8S_TOPOLOGY, Topics.DLQ_RAW, Topics.DLQ_NORMALIZED)) {
            var spec = Topics.find(topic).orElseThrow();
            broker.createTopic(topic, spec.partitions(), spec.configs());
        }
    }

    @AfterEach
    void removeWhatThisTestCreated() {
        DockerEngine.removeAll(created);
    }

    private static String image(WorkerKind kind) {
        return Images.require(Images.worker(kind.id()));
    }

    /** This JVM's worker secrets directory (the default under /var/lib is the production one). */
    private static Path stateDir() {
        try {
            return Files.createTempDirectory("kg-confined-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WorkerInstance start(WorkerKind kind, TenantId tenant, int port, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("CLIENT_ID", tenant.value(), "METRICS_PORT",
                String.valueOf(port), "HTTP_BIND_ADDRESS", "127.0.0.1", "POLL_TIMEOUT", "200ms"));
        env.putAll(extra);
        WorkerInstance w = runtime.start(new WorkerSpec(tenant, kind, image(kind), env, 384L * 1024 * 1024, 1.0,
                "host", port));
        created.add(w.id());
        return w;
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(int port, String path) {
        try {
            return get(port, path, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String logs(String id) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/docker", "logs", id).redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theNormalizerImagesStartAndServeHealthUnderConfinement(KafkaBroker broker) throws Exception {
        TenantId tenant = TenantId.of("cf-" + UUID.randomUUID().toString().substring(0, 8));
        int eventPort = FreePorts.next();
        int logPort = FreePorts.next();
        WorkerInstance events = start(WorkerKind.EVENT_NORMALIZER, tenant, eventPort,
                Map.of("KAFKA_BROKERS", broker.bootstrapServers()));
        WorkerInstance logs = start(WorkerKind.LOG_NORMALIZER, tenant, logPort,
                Map.of("KAFKA_BROKERS", broker.bootstrapServers()));

        await("event-normalizer healthy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> status(eventPort, "/healthz") == 200);
        await("log-normalizer healthy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> status(logPort, "/healthz") == 200);
        assertThat(docker.inspectContainerCmd(events.id()).exec().getState().getRunning()).isTrue();
        assertThat(docker.inspectContainerCmd(logs.id()).exec().getState().getRunning()).isTrue();
        assertThat(logs(events.id())).doesNotContain("Read-only file system");
    }

    @Test
    void theGraphBuilderImageReadsItsSecretsFromFilesAndEnforcesItsReadToken(KafkaBroker broker) throws Exception {
        TenantId tenant = TenantId.of("cf-" + UUID.randomUUID().toString().substring(0, 8));
        ApiToken operator = ApiTokens.newOperatorToken(new SecureRandom());
        String readToken = ApiTokens.rcaReadToken(operator, tenant).reveal();
        String password = "pw-" + UUID.randomUUID();
        int port = FreePorts.next();
        WorkerInstance gb = start(WorkerKind.GRAPH_BUILDER, tenant, port, Map.of(
                "KAFKA_BROKERS", broker.bootstrapServers(), "NEO4J_URI", "bolt://127.0.0.1:" + FreePorts.next(),
                "NEO4J_PASSWORD", password, "RCA_READ_TOKEN", readToken, "API_TOKEN_SHA256", operator.digestHex()));

        await("graph-builder alive").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> status(port, "/healthz") == 200);

        assertThat(get(port, "/rca/incidents", null).statusCode()).isEqualTo(401);
        assertThat(get(port, "/rca/incidents", ApiTokens.rcaReadToken(operator, TenantId.of("zz-other")).reveal())
                .statusCode()).isEqualTo(403);
        assertThat(get(port, "/rca/incidents", "kgop.not-the-operator-token-at-all").statusCode()).isEqualTo(401);
        assertThat(get(port, "/rca/incidents", readToken).statusCode()).as("the token read from its file")
                .isEqualTo(503);
        assertThat(get(port, "/rca/incidents", operator.reveal()).statusCode()).isEqualTo(503);
        Process inspect = new ProcessBuilder("/usr/bin/docker", "inspect", gb.id()).start();
        String json = new String(inspect.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(json).contains("RCA_READ_TOKEN_FILE").doesNotContain(readToken).doesNotContain(password)
                .doesNotContain(operator.reveal());
        assertThat(logs(gb.id())).doesNotContain(readToken).doesNotContain(password);
    }
}
