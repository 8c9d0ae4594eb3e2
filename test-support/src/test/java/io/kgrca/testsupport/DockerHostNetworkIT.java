package io.kgrca.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proves that tests can drive the real Docker engine: a container started through docker-java from the local
 * {@code eclipse-temurin:17-jre} image, on the host network and as the image's non-root user, connects to the
 * test broker on 127.0.0.1 and produces a record.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DockerHostNetworkIT {

    private static final String IMAGE = "eclipse-temurin:17-jre";
    private static final String LABEL = "io.kgrca.test";
    /** Tells this run's containers from those of a build running at the same time on the same engine. */
    private static final String RUN_LABEL = "io.kgrca.test.run";
    private static final String RUN = UUID.randomUUID().toString();
    private static final String TOPIC = "docker-probe-" + RUN;

    /**
     * Removes anything of this run, and test containers that a crashed earlier run left: stopped and older than
     * ten minutes, so that a build running at the same time keeps its own.
     */
    @BeforeEach
    @AfterEach
    void removeLeftovers() {
        if (!DockerEngine.available()) {
            return;
        }
        long tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
        for (Container c : testContainers(Map.of(LABEL, "true"))) {
            boolean ours = RUN.equals(c.getLabels().get(RUN_LABEL));
            boolean abandoned = !"running".equals(c.getState()) && c.getCreated() < tenMinutesAgo;
            if (ours || abandoned) {
                try {
                    DockerEngine.client().removeContainerCmd(c.getId()).withForce(true).exec();
                } catch (NotFoundException | ConflictException e) {
                    // removed meanwhile by its own run
                }
            }
        }
    }

    @Test
    void aContainerOnTheHostNetworkProducesToTheTestBroker(KafkaBroker broker) {
        DockerEngine.assumeAvailable();
        assertThat(DockerEngine.imageExists(IMAGE)).as("base image %s (run scripts/build-jre-image.sh)", IMAGE).isTrue();
        broker.createTopic(TOPIC, 1, Map.of());
        DockerClient docker = DockerEngine.client();
        List<Bind> binds = new ArrayList<>();
        List<String> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("kafka-clients") || entry.contains("slf4j-api") || entry.endsWith("test-classes")) {
                String inside = "/cp/" + binds.size() + (entry.endsWith(".jar") ? ".jar" : "");
                binds.add(new Bind(Path.of(entry).toAbsolutePath().toString(), new Volume(inside), AccessMode.ro));
                classpath.add(inside);
            }
        }

        String id = docker.createContainerCmd(IMAGE)
                .withLabels(Map.of(LABEL, "true", RUN_LABEL, RUN))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withBinds(binds))
                .withUser("10001")
                .withCmd("java", "-cp", String.join(":", classpath), ProduceOneRecord.class.getName(),
                        broker.bootstrapServers(), TOPIC, "from-container", "hello")
                .exec().getId();
        docker.startContainerCmd(id).exec();

        AtomicReference<List<ConsumerRecord<byte[], byte[]>>> records = new AtomicReference<>(List.of());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    records.set(broker.readAll(TOPIC, Duration.ofSeconds(10)));
                    assertThat(records.get()).as(() -> "records from the container; its log:\n" + logs(id)).hasSize(1);
                });
        Integer exit = docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
        docker.removeContainerCmd(id).exec();

        assertThat(exit).as("container exit code").isZero();
        assertThat(text(records.get().get(0).key())).isEqualTo("from-container");
        assertThat(text(records.get().get(0).value())).isEqualTo("hello");
        assertThat(testContainers(Map.of(RUN_LABEL, RUN))).isEmpty();
    }

    private static List<Container> testContainers(Map<String, String> labels) {
        return DockerEngine.client().listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    }

    private static String logs(String containerId) {
        return DockerEngine.logs(containerId, 0);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
