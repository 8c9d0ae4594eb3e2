package io.kgrca.controlplane.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny worker images for the control-plane ITs, built from the local {@code eclipse-temurin:17-jre} base:
 * {@code kg-test-worker} sleeps until SIGTERM, {@code kg-test-crasher} exits with status 3 at once.
 */
final class TestImages {

    static final String WORKER = "kg-test-worker:latest";
    static final String CRASHER = "kg-test-crasher:latest";

    private TestImages() {
    }

    static synchronized void build() throws IOException, InterruptedException {
        build(WORKER, "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 100000 & wait\"]");
        build(CRASHER, "CMD [\"sh\", \"-c\", \"echo crashing; exit 3\"]");
    }

    private static void build(String tag, String cmd) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kg-image-");
        Files.writeString(dir.resolve("Dockerfile"), "FROM eclipse-temurin:17-jre\n" + cmd + "\n", StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/docker", "build", "-q", "-t", tag, dir.toString())
                .redirectErrorStream(true);
        pb.environment().put("DOCKER_BUILDKIT", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("docker build " + tag + " failed: " + out);
        }
    }
}
