package io.kgrca.common.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvSecretFilesTest {

    @Test
    void aSecretFileWinsOverThePlainVariableAndLosesItsTrailingLineBreak(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "s3cret\n");

        Env env = new Env(Map.of("NEO4J_PASSWORD", "plain", "NEO4J_PASSWORD_FILE", f.toString()))
                .withSecretFiles(SecretNames.WORKER);

        assertThat(env.string("NEO4J_PASSWORD", "")).isEqualTo("s3cret");
    }

    @Test
    void withoutAFileThePlainVariableIsTheFallback() {
        Env env = new Env(Map.of("NEO4J_PASSWORD", "plain")).withSecretFiles(List.of("NEO4J_PASSWORD"));

        assertThat(env.string("NEO4J_PASSWORD", "")).isEqualTo("plain");
    }

    @Test
    void anUnreadableFileNamesTheVariableAndThePathButNoContent(@TempDir Path dir) {
        Env env = new Env(Map.of("KAFKA_SASL_PASSWORD_FILE", dir.resolve("absent").toString()));

        assertThatThrownBy(() -> env.withSecretFiles(SecretNames.WORKER))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("KAFKA_SASL_PASSWORD_FILE: cannot read '" + dir.resolve("absent"));
    }
}
