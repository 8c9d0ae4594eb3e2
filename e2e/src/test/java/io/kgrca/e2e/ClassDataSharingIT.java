package io.kgrca.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.testsupport.DockerEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker images carry an application class-data sharing archive that their JVM maps (docs/images.md, "Class-data
 * sharing"): checked against the image's own JVM, flags and class path with {@code -Xshare:on} (which refuses to
 * start on any mismatch), then through the image's entrypoint as the control plane runs it (0.5 core, 384 MiB,
 * uid 10001), with {@code -Xshare:on} added: the worker starts and its JVM reports the archive it opened. No broker
 * or Neo4j answers (127.0.0.1:9): the worker starts all the same and retries.
 */
class ClassDataSharingIT {

    private static final String LABEL = "io.kgrca.cds-it";
    private static final String RUN = "kg-cds-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String CHECK = "java -Xshare:on -XX:SharedArchiveFile=/app/cds/app.jsa $JAVA_OPTS "
            + "-cp @/app/jib-classpath-file -XX:+PrintSharedArchiveAndExit";

    private final DockerClient docker = DockerEngine.client();
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeContainers() {
        DockerEngine.removeAll(created);
    }

    @ParameterizedTest
    @ValueSource(strings = {"event-normalizer", "log-normalizer", "graph-builder"})
    void workerImageStartsWithItsApplicationArchiveMapped(String kind) throws Exception {
        DockerEngine.assumeAvailable();
        String image = Images.require(Images.worker(kind));

        String id = create(image, List.of("sh", "-c", CHECK), List.of());
        docker.startContainerCmd(id).exec();
        int status = docker.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
        String check = logs(id);
        assertThat(status).as(check).isZero();
        assertThat(check).contains("Dynamic archive name: /app/cds/app.jsa").contains("archive is valid");
        long applicationClasses = check.lines().filter(l -> l.matches("\\s*\\d+: \\S+ app_loader")).count();
        assertThat(applicationClasses).as("classes of the class path in the archive").isGreaterThan(500);

        String javaOpts = Arrays.stream(docker.inspectImageCmd(image).exec().getConfig().getEnv())
                .filter(e -> e.startsWith("JAVA_OPTS=")).map(e -> e.substring("JAVA_OPTS=".length())).findFirst()
                .orElseThrow();
        String worker = create(image, null, List.of("JAVA_OPTS=" + javaOpts + " -Xshare:on -Xlog:cds=info",
                "CLIENT_ID=cds-it", "KAFKA_BROKERS=127.0.0.1:9", "NEO4J_URI=bolt://127.0.0.1:9", "METRICS_PORT=0",
                "HTTP_BIND_ADDRESS=127.0.0.1"));
        docker.startContainerCmd(worker).exec();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String out = logs(worker);
        while (!started(out, kind) && System.nanoTime() < deadline
                && Boolean.TRUE.equals(docker.inspectContainerCmd(worker).exec().getState().getRunning())) {
            Thread.sleep(500);
            out = logs(worker);
        }
        assertThat(started(out, kind)).as("the worker's output: %s", out).isTrue();
        assertThat(out).as("the worker's output").contains("Opened archive /app/cds/app.jsa.").doesNotContain("Unable to use shared archive");
    }

    /** True when {@code out} holds the line {@code kind}'s worker logs once its loop runs. */
    private static boolean started(String out, String kind) {
        Matcher m = WorkerLauncher.STARTED_LINE.matcher(out);
        while (m.find()) {
            if (m.group(1).equals(kind)) {
                return true;
            }
        }
        return false;
    }

    /** A container of {@code image}; with {@code entrypoint} (a command line) instead of the image's. */
    private String create(String image, List<String> entrypoint, List<String> env) {
        CreateContainerCmd create = docker.createContainerCmd(image).withName(RUN + "-" + created.size())
                .withLabels(Map.of(LABEL, RUN)).withUser("10001").withEnv(env)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withNanoCPUs(500_000_000L)
                        .withMemory(384L * 1024 * 1024));
        if (entrypoint != null) {
            create.withEntrypoint(entrypoint).withCmd(List.of());
        }
        String id = create.exec().getId();
        created.add(id);
        return id;
    }

    private String logs(String id) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString(StandardCharsets.UTF_8);
    }
}
