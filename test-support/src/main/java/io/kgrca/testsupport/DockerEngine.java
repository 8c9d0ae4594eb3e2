package io.kgrca.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The local Docker engine through docker-java (the API version the engine offers; never a forced newer one).
 * Tests call {@link #assumeAvailable()}: without an engine they abort with a message, or fail when
 * {@code KG_REQUIRE_DOCKER=true} (CI sets it), so a CI machine without Docker cannot pass silently.
 *
 * <p>It needs {@code com.github.docker-java:docker-java-core} and {@code docker-java-transport-httpclient5} on the
 * class path: test-support declares them optional, so a module that uses this class declares them itself.
 * The engine of the build machines runs without a bridge: containers use {@code NetworkMode=host}.
 */
public final class DockerEngine {

    private static DockerClient client;

    private DockerEngine() {
    }

    /** A shared client for {@code DOCKER_HOST} or {@code unix:///var/run/docker.sock}. */
    public static synchronized DockerClient client() {
        if (client == null) {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
            ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .connectionTimeout(Duration.ofSeconds(5))
                    .responseTimeout(Duration.ofSeconds(120))
                    .build();
            client = DockerClientImpl.getInstance(config, http);
        }
        return client;
    }

    /** True when the engine answers a ping. */
    public static boolean available() {
        try {
            client().pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Aborts the test without an engine, or fails it when {@code KG_REQUIRE_DOCKER=true}. */
    public static void assumeAvailable() {
        if (available()) {
            return;
        }
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        noEngine(host, "true".equalsIgnoreCase(System.getenv("KG_REQUIRE_DOCKER")));
    }

    /** What a test does without an engine: fail when one is required, abort otherwise. */
    static void noEngine(String host, boolean required) {
        String message = "no Docker engine reachable at " + host + " (start one: scripts/ci-infra.sh)";
        if (required) {
            Assertions.fail(message + ", and KG_REQUIRE_DOCKER=true requires one");
        }
        Assumptions.abort(message + "; set KG_REQUIRE_DOCKER=true to fail instead of skipping");
    }

    /** True when the image {@code ref} exists locally. */
    public static boolean imageExists(String ref) {
        try {
            client().inspectImageCmd(ref).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * The output (stdout and stderr) of container {@code id}: its last {@code tail} lines, or all of it when
     * {@code tail} is 0 or less; what was read within 10 s.
     */
    public static String logs(String id, int tail) {
        StringBuilder out = new StringBuilder();
        var cmd = client().logContainerCmd(id).withStdOut(true).withStdErr(true);
        if (tail > 0) {
            cmd.withTail(tail);
        }
        try {
            cmd.exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    /** Force-removes the containers {@code ids} (a test's own), ignoring those already gone. */
    public static void removeAll(Iterable<String> ids) {
        for (String id : ids) {
            try {
                client().removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException e) {
                // already gone
            }
        }
    }
}
