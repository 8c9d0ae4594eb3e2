package io.kgrca.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that tests can drive the real Docker engine: a container started through docker-java from the local
 * {@code eclipse-temurin:17-jre} image, on the host network, connects to the test broker on 127.0.0.1 and
 * produces a record.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DockerHostNetworkIT {

    private static final String IMAGE = "eclipse-temurin:17-jre";
    private static final String LABEL = "io.kgrca.test";

    @AfterEach
    void removeLeftovers() {
        if (DockerEngine.available()) {
            for (Container c : DockerEngine.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(LABEL, "true")).exec()) {
                DockerEngine.client().removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
    }

    @Test
    void aContainerOnTheHostNetworkProducesToTheTestBroker(KafkaBroker broker) throws Exception {
        DockerEngine.assumeAvailable();
        assertThat(DockerEngine.imageExists(IMAGE)).as("base image %s (scripts/build-jre-image.sh)", IMAGE).isTrue();
        broker.createTopic("docker-probe", 1, Map.of());
        DockerClient docker = DockerEngine.client();
        List<Bind> binds = new ArrayList<>();
        List<String> classpath = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("kafka-clients") || entry.contains("slf4j-api") || entry.endsWith("test-classes")) {
                String inside = "/cp/" + i++ + (entry.endsWith(".jar") ? ".jar" : "");
                binds.add(new Bind(Path.of(entry).toAbsolutePath().toString(), new Volume(inside), com.github.dockerjava.api.model.AccessMode.ro));
                classpath.add(inside);
            }
        }

        CreateContainerResponse created = docker.createContainerCmd(IMAGE)
                .withLabels(Map.of(LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withBinds(binds))
                .withUser("10001")
                .withCmd("java", "-cp", String.join(":", classpath), ProduceOneRecord.class.getName(),
                        broker.bootstrapServers(), "docker-probe", "from-container", "hello")
                .exec();
        docker.startContainerCmd(created.getId()).exec();
        Integer exit = docker.waitContainerCmd(created.getId()).start().awaitStatusCode(120, TimeUnit.SECONDS);

        assertThat(exit).as("container exit code").isZero();
        List<ConsumerRecord<byte[], byte[]>> records = broker.readAll("docker-probe", Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("from-container");
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
}
