package io.kgrca.e2e;

import io.kgrca.common.image.KgImage;
import io.kgrca.testsupport.DockerEngine;
import org.junit.jupiter.api.Assumptions;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the end-to-end tests name the project's images: this build's references from {@link KgImage} (the root pom
 * names them; {@code ./mvnw install} builds and loads them into the local engine). A test names an image through {@link #CONTROL_PLANE}, {@link #AGENT} or {@link #worker(String)}, then
 * {@link #require(String)}s it: absent, it fails with {@code KG_REQUIRE_DOCKER=true} (CI) and is skipped otherwise.
 */
final class Images {

    /** The control plane's image. */
    static final String CONTROL_PLANE = KgImage.CONTROL_PLANE.reference();
    /** The client-side agent's image (register, heartbeat, deregister, watch). */
    static final String AGENT = KgImage.AGENT.reference();
    /** The workers the control plane starts per tenant, by {@code WorkerKind} id. */
    static final List<String> WORKERS = List.of("event-normalizer", "log-normalizer", "graph-builder");

    private Images() {
    }

    /**
     * The image of worker {@code kind} ({@code event-normalizer}, ...): this build's {@code kg-<kind>:<version>}, or the value of
     * {@code KG_IT_<KIND>_IMAGE} (such as {@code KG_IT_GRAPH_BUILDER_IMAGE}) when set.
     */
    static String worker(String kind) {
        String variable = "KG_IT_" + kind.toUpperCase(Locale.ROOT).replace('-', '_') + "_IMAGE";
        return System.getenv().getOrDefault(variable, "kg-" + kind + ":" + KgImage.tag());
    }

    /** Every image the end-to-end test runs. */
    static List<String> all() {
        return List.of(CONTROL_PLANE, AGENT, worker(WORKERS.get(0)), worker(WORKERS.get(1)), worker(WORKERS.get(2)));
    }

    /** Fails (CI: {@code KG_REQUIRE_DOCKER=true}) or skips the test when {@code image} is not in the engine. */
    static String require(String image) {
        String message = "image " + image + " is absent (./mvnw install builds it and loads it when Docker is "
                + "reachable and KG_SKIP_IMAGES is not true)";
        if ("true".equalsIgnoreCase(System.getenv("KG_REQUIRE_DOCKER"))) {
            assertThat(DockerEngine.imageExists(image)).as(message).isTrue();
        } else {
            Assumptions.assumeTrue(DockerEngine.imageExists(image), message);
        }
        return image;
    }
}
