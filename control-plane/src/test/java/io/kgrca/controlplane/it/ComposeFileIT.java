package io.kgrca.controlplane.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(strings = {"NEO4J_PASSWORD", "KAFKA_ADMIN_PASSWORD", "KAFKA_CONTROL_PLANE_PASSWORD",
            "KAFKA_WORKER_PASSWORD", "KAFKA_SSL_KEYSTORE_PASSWORD", "DOCKER_GID"})
    void theStackRefusesToStartWithoutEachOfItsSecrets(String secret) throws Exception {
        Path env = Files.createTempFile("kg-env", ".env");
        List<String> lines = Files.readAllLines(Path.of("..", "compose", ".env.example"), StandardCharsets.UTF_8);
        Files.write(env, lines.stream().filter(l -> !l.startsWith(secret + "=")).toList(), StandardCharsets.UTF_8);

        Result r = config(env);

        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("set " + secret + " in .env");
    }

    @Test
    void kafkasExternalListenerIsSaslSslAndBindsLoopbackUnlessTheOperatorOpensIt() throws Exception {
        Result r = config(Path.of("..", "compose", ".env.example"));

        assertThat(r.output).contains("EXTERNAL://127.0.0.1:9094,INTERNAL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .contains("EXTERNAL:SASL_SSL,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
                .contains("KAFKA_AUTHORIZER_CLASS_NAME: org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .contains("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: \"false\"").doesNotContain("PLAINTEXT://");
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
