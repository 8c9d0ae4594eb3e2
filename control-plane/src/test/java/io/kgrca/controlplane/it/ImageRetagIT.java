package io.kgrca.controlplane.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.kgrca.controlplane.Main;
import io.kgrca.testsupport.DockerEngine;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.kgrca.controlplane.it.ControlPlaneHarness.config;
import static io.kgrca.controlplane.it.ControlPlaneHarness.deregister;
import static io.kgrca.controlplane.it.ControlPlaneHarness.get;
import static io.kgrca.controlplane.it.ControlPlaneHarness.register;
import static io.kgrca.controlplane.it.ControlPlaneHarness.running;
import static io.kgrca.controlplane.it.ControlPlaneHarness.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker spec hash covers the image id, not the tag: with the real engine and the Docker runtime, workers of an
 * unchanged tag stay through reconciles, and re-tagging the same reference to another image replaces them.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ImageRetagIT {

    private final DockerClient docker = DockerEngine.client();
    /** A reference of this test only, first naming the test worker image, then the probe image. */
    private final String repository = "kg-test-retag-" + UUID.randomUUID().toString().substring(0, 8);
    private final String reference = repository + ":1";
    private final String tenant = "retag-" + UUID.randomUUID().toString().substring(0, 8);
    private KafkaProducer<byte[], byte[]> producer;
    private Main.Running plane;

    @BeforeAll
    static void images() throws Exception {
        DockerEngine.assumeAvailable();
        TestImages.build();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (producer != null) {
            deregister(producer, tenant);
            producer.close();
        }
        if (plane != null) {
            plane.close();
        }
        ControlPlaneHarness.removeAllManagedContainers();
        try {
            docker.removeImageCmd(reference).withNoPrune(true).exec();
        } catch (NotFoundException e) {
            // never tagged
        }
    }

    @Test
    void reTaggingTheImageReplacesTheWorkersAndAnUnchangedTagDoesNot(KafkaBroker broker) throws Exception {
        docker.tagImageCmd(TestImages.WORKER, repository, "1").withForce().exec();
        String first = imageId(TestImages.WORKER);
        String second = imageId(TestImages.PROBE);
        assertThat(second).isNotEqualTo(first);
        plane = start(config(broker, Map.of("WORKER_PORT_RANGE", "25000-25299", "EVENT_NORMALIZER_IMAGE", reference,
                "LOG_NORMALIZER_IMAGE", reference, "GRAPH_BUILDER_IMAGE", reference, "HEARTBEAT_TIMEOUT", "5m",
                "CLEANUP_TIMEOUT", "10m")));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(plane, "/readyz").statusCode() == 200);
        producer = broker.newProducer();
        register(producer, tenant);
        await().atMost(Duration.ofSeconds(30)).until(() -> running(tenant).size() == 3);
        Map<String, String> before = running(tenant);
        assertThat(before.values()).allSatisfy(id -> assertThat(containerImage(id)).isEqualTo(first));

        // Unchanged: several reconciles (every 2 s) and image-id refreshes (every 10 s) replace nothing.
        await().during(Duration.ofSeconds(14)).atMost(Duration.ofSeconds(20)).until(() -> running(tenant).equals(before));

        docker.tagImageCmd(TestImages.PROBE, repository, "1").withForce().exec();

        // Within the image-id cache time plus a reconcile, every worker is a new container of the new image.
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            Map<String, String> now = running(tenant);
            return now.size() == 3 && now.values().stream().noneMatch(before::containsValue)
                    && now.values().stream().allMatch(id -> second.equals(containerImage(id)));
        });
    }

    private String imageId(String image) {
        return docker.inspectImageCmd(image).exec().getId();
    }

    private String containerImage(String containerId) {
        try {
            return docker.inspectContainerCmd(containerId).exec().getImageId();
        } catch (NotFoundException e) {
            return "";
        }
    }
}
