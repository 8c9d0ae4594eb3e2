package io.kgrca.common.worker;

import io.kgrca.common.config.Env;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The health and metrics endpoints of a running worker. */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerEndpointsIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesHealthReadinessAndPrometheusMetricsThatPromtoolAccepts(KafkaBroker broker) throws Exception {
        String in = "raw.endpoints-" + UUID.randomUUID();
        String out = "out-" + UUID.randomUUID();
        broker.createTopic(in, 1, Map.of());
        broker.createTopic(out, 1, Map.of());
        broker.createTopic("dlq.raw", 1, Map.of());
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            p.send(new ProducerRecord<>(in, bytes("af-1::event::1"), bytes("{\"n\":1}"))).get();
            p.send(new ProducerRecord<>(in, bytes("af-2::event::2"), bytes("{\"n\":2}"))).get();
            p.send(new ProducerRecord<>(in, bytes("af-1::event::3"), bytes("nope"))).get();
        }
        WorkerSettings settings = WorkerSettings.fromEnv("copy-worker", List.of(in), new Env(Map.of(
                "CLIENT_ID", "af-1", "KAFKA_BROKERS", broker.bootstrapServers(), "POLL_TIMEOUT", "200ms")));

        try (WorkerLauncher.Running worker = WorkerLauncher.start(settings,
                ctx -> new TransformingProcessor(new CopyTransformer(out, 0), ctx.producer()))) {
            String base = "http://127.0.0.1:" + worker.httpPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(base + "/readyz").statusCode() == 200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(base + "/metrics").body().contains("kg_worker_records_out_total{tenant=\"af-1\",worker=\"copy-worker\"} 1.0"));

            HttpResponse<String> health = get(base + "/healthz");
            String metrics = get(base + "/metrics").body();

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"healthy\":true").contains("\"loop\"");
            assertThat(metrics)
                    .contains("kg_worker_records_in_total{tenant=\"af-1\",topic=\"" + in + "\",worker=\"copy-worker\"} 3.0")
                    .contains("kg_worker_records_foreign_total{tenant=\"af-1\",topic=\"" + in + "\",worker=\"copy-worker\"} 1.0")
                    .contains("kg_worker_records_dead_lettered_total{reason=\"not-json\",tenant=\"af-1\",worker=\"copy-worker\"} 1.0")
                    .contains("kg_worker_consumer_lag")
                    .contains("kg_worker_batch_duration_seconds_count");
            assertPromtoolAccepts(metrics);
        }
    }

    private void assertPromtoolAccepts(String metrics) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("promtool is required in CI (Debian package prometheus)");
            }
            Assumptions.abort("promtool is not installed (Debian package prometheus)");
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics: %s", output).isZero();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
