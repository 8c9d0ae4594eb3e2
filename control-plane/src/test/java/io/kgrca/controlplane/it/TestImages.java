package io.kgrca.controlplane.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny worker images for the control-plane ITs, built from the local {@code eclipse-temurin:17-jre} base:
 * {@code kg-test-worker} sleeps until SIGTERM, {@code kg-test-crasher} exits with status 3 at once,
 * {@code kg-test-probe} reports what a worker would find (its uid, its secret file's mode, owner and content, whether
 * / and /tmp are writable) and then sleeps.
 */
final class TestImages {

    static final String WORKER = "kg-test-worker:latest";
    static final String CRASHER = "kg-test-crasher:latest";
    static final String PROBE = "kg-test-probe:latest";

    private TestImages() {
    }

    static synchronized void build() throws IOException, InterruptedException {
        build(WORKER, "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 100000 & wait\"]");
        build(CRASHER, "CMD [\"sh\", \"-c\", \"echo crashing; exit 3\"]");
        build(PROBE, "CMD [\"sh\", \"-c\", \"echo uid=$(id -u); echo secret-mode=$(stat -c '%a %u' "
                + "$NEO4J_PASSWORD_FILE); echo secret=$(cat $NEO4J_PASSWORD_FILE); "
                + "(touch /probe 2>/dev/null && echo root=writable) || echo root=read-only; "
                + "(touch /tmp/probe && echo tmp=writable) || echo tmp=read-only; "
                + "(touch $NEO4J_PASSWORD_FILE 2>/dev/null && echo secret=writable) || echo secret=read-only; "
                + "echo probe-done; trap 'exit 0' TERM; sleep 100000 & wait\"]");
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
