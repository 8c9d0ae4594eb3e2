package io.kgrca.graphbuilder.it;

import io.kgrca.common.config.Env;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.TopicSpec;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.GraphBuilderFactory;
import io.kgrca.graphbuilder.GraphBuilderMain;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.Offsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts real graph-builder workers on a real broker and feeds and watches them. */
final class WorkerHarness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The operator token of these tests; workers know it by its digest, as the control plane's do. */
    static final ApiToken OPERATOR = ApiTokens.newOperatorToken(new SecureRandom());

    private WorkerHarness() {
    }

    /** Creates the worker's input topics and the dead-letter topic as the catalog defines them. */
    static void createTopics(KafkaBroker broker) {
        for (String name : List.of(Topics.EVENTS_NORMALIZED, Topics.LOGS_NORMALIZED, Topics.STATE_K8S_RESOURCE,
                Topics.STATE_K8S_TOPOLOGY, Topics.DLQ_NORMALIZED)) {
            TopicSpec spec = Topics.find(name).orElseThrow();
            broker.createTopic(name, spec.partitions(), spec.configs());
        }
    }

    /** Starts a worker for {@code tenant}, as its container's main would, with the environment it would get. */
    static WorkerLauncher.Running start(KafkaBroker broker, String boltUri, TenantId tenant) throws Exception {
        return start(broker, boltUri, tenant, Map.of());
    }

    /**
     * Starts a worker with {@code extra} variables on top; its tenant's read token arrives as a file
     * ({@code RCA_READ_TOKEN_FILE}) as the control plane hands it over.
     */
    static WorkerLauncher.Running start(KafkaBroker broker, String boltUri, TenantId tenant, Map<String, String> extra)
            throws Exception {
        Path tokenFile = Files.createTempFile("rca-read-token-", "");
        Files.writeString(tokenFile, ApiTokens.rcaReadToken(OPERATOR, tenant).reveal() + "\n");
        tokenFile.toFile().deleteOnExit();
        Map<String, String> env = new HashMap<>();
        env.put("API_TOKEN_SHA256", OPERATOR.digestHex());
        env.put("RCA_READ_TOKEN_FILE", tokenFile.toString());
        env.put("CLIENT_ID", tenant.value());
        env.put("KAFKA_BROKERS", broker.bootstrapServers());
        env.put("NEO4J_URI", boltUri);
        env.put("METRICS_PORT", "0");
        env.put("POLL_TIMEOUT", "200ms");
        env.put("NEO4J_TX_RETRY", "1s");
        env.put("SHUTDOWN_TIMEOUT", "10s");
        // The fixtures are dated 2025 and published now: the time window (docs/hardening.md) is not what these test.
        env.put("TIME_WINDOW_BEHIND", "3650d");
        env.putAll(extra);
        WorkerSettings settings = WorkerSettings.fromEnv(GraphBuilderMain.WORKER, GraphBuilderMain.TOPICS,
                new Env(env));
        return WorkerLauncher.start(settings, new GraphBuilderFactory());
    }

    /** Produces {@code wires} in order and waits for their acknowledgement. */
    static void produce(KafkaBroker broker, List<Fixtures.Wire> wires) {
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            wires.forEach(w -> producer.send(w.toProducerRecord()));
            producer.flush();
        }
    }

    /** Waits until {@code tenant}'s graph-builder group has committed every input partition to its end. */
    static void awaitCaughtUp(KafkaBroker broker, TenantId tenant, Duration timeout) {
        String group = GraphBuilderMain.WORKER + "-" + tenant.value();
        Awaitility.await("group " + group + " caught up").atMost(timeout).pollInterval(Duration.ofMillis(300))
                .until(() -> lag(broker, group) == 0);
    }

    /** The records of the input topics that {@code group} has not committed yet. */
    static long lag(KafkaBroker broker, String group) {
        return Offsets.lag(broker.admin(), group, GraphBuilderMain.TOPICS);
    }

    /** {@code GET http://127.0.0.1:<port><path>} with the operator token: status and body. */
    static HttpResponse<String> get(int port, String path) throws Exception {
        return get(HTTP, "http://127.0.0.1:" + port + path, OPERATOR.reveal());
    }

    /** {@code GET url} with {@code token} (none when null): status and body. */
    static HttpResponse<String> get(HttpClient client, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** URL-encodes a query value. */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
