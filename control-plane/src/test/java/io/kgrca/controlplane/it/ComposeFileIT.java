package io.kgrca.controlplane.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Validates {@code compose/docker-compose.yml} offline with Debian's {@code docker-compose config}. */
class ComposeFileIT {

    private static final Path COMPOSE = Path.of("..", "compose", "docker-compose.yml");

    @Test
    void theStackIsValidWithTheExampleEnvironment() throws Exception {
        Result r = config(Path.of("..", "compose", ".env.example"));

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("ADMISSION: provisioned");
        assertThat(r.output).contains("kafka:", "kg-topics:", "neo4j:", "control-plane:", "prometheus:")
                .contains("/var/run/docker.sock").contains("network_mode: host");
    }

    @Test
    void theStackRefusesToStartWithoutItsSecrets() throws Exception {
        Path empty = Files.createTempFile("kg-env", ".env");

        Result r = config(empty);

        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("NEO4J_PASSWORD");
    }

    @Test
    void theFileItselfHoldsNoSecret() throws Exception {
        String text = Files.readString(COMPOSE, StandardCharsets.UTF_8);

        assertThat(text).doesNotContainPattern("(?im)^\\s*[a-z_]*(password|secret|token)[a-z_]*:\\s+[^$\\s]").doesNotContain("change-me");
    }

    private static Result config(Path envFile) throws Exception {
        Path bin = Path.of("/usr/bin/docker-compose");
        if (!Files.isExecutable(bin)) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("docker-compose is required in CI (Debian package docker-compose)");
            }
            Assumptions.abort("docker-compose is not installed");
        }
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "-f", COMPOSE.toString(), "--env-file",
                envFile.toString(), "config"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int exit, String output) {
    }
}
