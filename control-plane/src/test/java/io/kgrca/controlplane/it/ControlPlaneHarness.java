package io.kgrca.controlplane.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import io.kgrca.testsupport.DockerEngine;
import io.kgrca.testsupport.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Helpers shared by the control-plane ITs: config, records to send, containers and HTTP to look at. */
final class ControlPlaneHarness {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * The {@code io.kgrca.managed-by} label of this test JVM's workers: test runs sharing the engine (a developer's
     * and CI's) never list, adopt or remove each other's containers.
     */
    static final String OWNER = "kg-it-" + UUID.randomUUID().toString().substring(0, 8);
    /** This JVM's operator token file and worker secrets (the defaults under /var/lib are the production ones). */
    static final Path STATE = tempDir();

    private ControlPlaneHarness() {
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kg-cp-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ControlPlaneConfig config(KafkaBroker broker, Map<String, String> overrides) {
        return ControlPlaneConfig.fromEnv(new Env(env(broker, overrides)));
    }

    /** The environment of a test control plane: short timeouts, tiny images, small limits. */
    static Map<String, String> env(KafkaBroker broker, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BROKERS", broker.bootstrapServers());
        env.put("HEARTBEAT_TIMEOUT", "6s");
        env.put("CLEANUP_TIMEOUT", "12s");
        env.put("STARTUP_GRACE", "6s");
        env.put("RECONCILE_INTERVAL", "2s");
        env.put("EVENT_NORMALIZER_IMAGE", TestImages.WORKER);
        env.put("LOG_NORMALIZER_IMAGE", TestImages.WORKER);
        env.put("GRAPH_BUILDER_IMAGE", TestImages.WORKER);
        env.put("WORKER_MEMORY_LIMIT", "64m");
        env.put("WORKER_CPU_LIMIT", "0.25");
        env.put("RESTART_BACKOFF_INITIAL", "1s");
        env.put("RESTART_BACKOFF_MAX", "2s");
        env.put("MAX_RESTARTS", "3");
        env.put("SPAWN_RATE_PER_SECOND", "100");
        env.put("SPAWN_BURST", "300");
        env.put("HTTP_PORT", "0");
        env.put("WORKER_STOP_GRACE", "2s");
        env.put("RECONCILE_THREADS", "4");
        env.put("CONTROL_PLANE_NAME", OWNER);
        // These tests are about workers, not admission (AdmissionIT covers that): any valid id is admitted.
        env.put("ADMISSION", "open");
        // These tests are about dedicated workers (PlacementIT covers placements and moves).
        env.put("DEFAULT_PLACEMENT", "dedicated");
        env.put("API_TOKEN_FILE", STATE.resolve("api-token").toString());
        env.put("WORKER_SECRETS_DIR", STATE.resolve("secrets").toString());
        env.putAll(overrides);
        return env;
    }

    static Main.Running start(ControlPlaneConfig config) throws Exception {
        return Main.start(config, DockerEngine.client());
    }

    static void register(KafkaProducer<byte[], byte[]> p, String tenant) throws Exception {
        send(p, Topics.CLUSTER_REGISTRY, tenant, JsonCodec.shared().encodeToString(Map.of("client_id", tenant,
                "cluster_name", "cluster-" + tenant, "version", "it", "registered_at", Instant.now().toString())));
    }

    static void deregister(KafkaProducer<byte[], byte[]> p, String tenant) throws Exception {
        send(p, Topics.CLUSTER_REGISTRY, tenant, null);
    }

    static void heartbeat(KafkaProducer<byte[], byte[]> p, String tenant) throws Exception {
        send(p, Topics.CLUSTER_HEARTBEAT, tenant + "::" + tenant, "{\"client_id\":\"" + tenant
                + "\",\"timestamp\":\"" + Instant.now() + "\",\"status\":\"healthy\"}");
    }

    static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, String value) throws Exception {
        p.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get();
    }

    /** Running containers of a tenant: worker name → container id. */
    static Map<String, String> running(String tenant) {
        return containers(tenant, false);
    }

    static Map<String, String> containers(String tenant, boolean all) {
        return DockerEngine.client().listContainersCmd().withShowAll(all)
                .withLabelFilter(Map.of(DockerWorkerRuntime.MANAGED_BY, OWNER,
                        DockerWorkerRuntime.TENANT, tenant)).exec().stream()
                .collect(Collectors.toMap(c -> c.getLabels().get(DockerWorkerRuntime.WORKER), Container::getId,
                        (a, b) -> a + "," + b));
    }

    static void removeAllManagedContainers() {
        DockerClient docker = DockerEngine.client();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerWorkerRuntime.MANAGED_BY, OWNER)).exec()) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    /** A GET with the operator token. */
    static HttpResponse<String> get(Main.Running cp, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cp.http().port() + path))
                .header("Authorization", "Bearer " + cp.operatorToken().reveal())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST with the operator token. */
    static HttpResponse<String> post(Main.Running cp, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cp.http().port() + path))
                .header("Authorization", "Bearer " + cp.operatorToken().reveal())
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tenant(Main.Running cp, String tenant) throws Exception {
        HttpResponse<String> r = get(cp, "/api/tenants/" + tenant);
        if (r.statusCode() != 200) {
            return Map.of();
        }
        return JsonCodec.shared().mapper().readValue(r.body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> worker(Main.Running cp, String tenant, String worker) throws Exception {
        List<Map<String, Object>> workers = (List<Map<String, Object>>) tenant(cp, tenant).getOrDefault("workers", List.of());
        return workers.stream().filter(w -> worker.equals(w.get("worker"))).findFirst().orElse(Map.of());
    }
}
