package io.kgrca.controlplane.it;

import io.kgrca.common.config.Env;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.testsupport.DockerEngine;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker setting in the control plane's environment reaches the worker it starts (process runtime, real broker,
 * the real worker loop, which then uses it; Docker runtime, the containers' environment), and a bad one stops the
 * control plane before it starts any worker.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerSettingsIT {

    private static final Pattern BATCH = Pattern.compile("batch-size=(\\d+)");

    @Test
    void maxPollRecordsSetOnTheControlPlaneBoundsTheWorkersBatches(KafkaBroker broker, @TempDir Path state)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = " -cp " + System.getProperty("java.class.path") + " ";
        Map<String, String> env = ControlPlaneHarness.env(broker, Map.of("WORKER_RUNTIME", "process",
                "WORKER_STATE_DIR", state.toString(),
                "EVENT_NORMALIZER_COMMAND", java + classpath + BatchSizeWorkerMain.class.getName(),
                "LOG_NORMALIZER_COMMAND", java + classpath + SleepMain.class.getName(),
                "GRAPH_BUILDER_COMMAND", java + classpath + SleepMain.class.getName(),
                "MAX_POLL_RECORDS", "7", "HEARTBEAT_TIMEOUT", "5m", "CLEANUP_TIMEOUT", "10m",
                "WORKER_PORT_RANGE", "25300-25599"));
        ControlPlaneConfig config = ControlPlaneConfig.fromEnv(new Env(env));
        String tenant = "cfg-" + UUID.randomUUID().toString().substring(0, 8);
        WorkerRuntime runtime = Main.runtimeFor(config);
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            Main.Running cp = Main.start(config, runtime);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> cp.plane().ready());
                for (int i = 0; i < 30; i++) {
                    p.send(new ProducerRecord<>(Topics.RAW_K8S_EVENTS, (tenant + "::event::e" + i)
                            .getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8))).get();
                }
                ControlPlaneHarness.register(p, tenant);
                Path log = state.resolve("kg-event-normalizer-" + tenant + ".log");
                await("the worker handles all 30 records").atMost(Duration.ofSeconds(60))
                        .until(() -> batches(log).stream().mapToInt(Integer::intValue).sum() >= 30);

                String out = Files.readString(log);
                assertThat(out).as("the worker's effective settings").contains("MAX_POLL_RECORDS=7");
                assertThat(batches(log)).as("no batch larger than the setting; with the default 500 it is one")
                        .allSatisfy(size -> assertThat(size).isBetween(1, 7)).hasSizeGreaterThanOrEqualTo(5);
            } finally {
                ControlPlaneHarness.deregister(p, tenant);
                await().atMost(Duration.ofSeconds(30)).until(() -> runtime.list().stream()
                        .noneMatch(w -> w.tenant().value().equals(tenant)));
                cp.close();
            }
        }
    }

    @Test
    void withTheDockerRuntimeTheSettingsAreInEachKindsContainerEnvironment(KafkaBroker broker) throws Exception {
        DockerEngine.assumeAvailable();
        TestImages.build();
        Main.Running cp = ControlPlaneHarness.start(ControlPlaneHarness.config(broker, Map.of(
                "WORKER_PORT_RANGE", "25600-25899", "MAX_POLL_RECORDS", "50", "GRAPH_BUILDER_MAX_POLL_RECORDS", "4000",
                "RCA_WINDOW", "20m", "LOG_MIN_LEVEL", "error")));
        String tenant = "cfgd-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> cp.plane().ready());
                ControlPlaneHarness.register(p, tenant);
                await().atMost(Duration.ofSeconds(60)).until(() -> ControlPlaneHarness.running(tenant).size() == 3);
                Map<String, String> ids = ControlPlaneHarness.running(tenant);
                assertThat(containerEnv(ids.get("graph-builder"))).contains("MAX_POLL_RECORDS=4000", "RCA_WINDOW=20m")
                        .noneMatch(e -> e.startsWith("LOG_MIN_LEVEL="));
                assertThat(containerEnv(ids.get("log-normalizer"))).contains("MAX_POLL_RECORDS=50", "LOG_MIN_LEVEL=error")
                        .noneMatch(e -> e.startsWith("RCA_WINDOW="));
                assertThat(containerEnv(ids.get("event-normalizer"))).contains("MAX_POLL_RECORDS=50")
                        .noneMatch(e -> e.startsWith("RCA_WINDOW=") || e.startsWith("LOG_MIN_LEVEL="));
            } finally {
                ControlPlaneHarness.deregister(p, tenant);
                cp.close();
                ControlPlaneHarness.removeAllManagedContainers();
            }
        }
    }

    private static List<String> containerEnv(String containerId) {
        return List.of(DockerEngine.client().inspectContainerCmd(containerId).exec().getConfig().getEnv());
    }

    @Test
    void aBadWorkerSettingStopsTheControlPlaneWithAMessageNamingIt(@TempDir Path state) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        pb.environment().put("KAFKA_BROKERS", "127.0.0.1:1");
        pb.environment().put("API_TOKEN_FILE", state.resolve("api-token").toString());
        pb.environment().put("NEO4J_DATABASE", "bad_name!");
        pb.redirectErrorStream(true);
        Process process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the control plane stops by itself").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("invalid configuration: NEO4J_DATABASE: 'bad_name!' is not a database name");
    }

    private static List<Integer> batches(Path log) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        if (Files.exists(log)) {
            Matcher m = BATCH.matcher(Files.readString(log));
            while (m.find()) {
                sizes.add(Integer.parseInt(m.group(1)));
            }
        }
        return sizes;
    }
}
