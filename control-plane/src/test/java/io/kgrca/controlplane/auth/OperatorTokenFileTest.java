package io.kgrca.controlplane.auth;

import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.http.ApiToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorTokenFileTest {

    @Test
    void anAbsentFileIsCreatedPrivateAndTheSameTokenIsReadAtTheNextStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/api-token");

        ApiToken first = OperatorTokenFile.loadOrCreate(file, new SecureRandom());
        ApiToken again = OperatorTokenFile.loadOrCreate(file, new SecureRandom());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(file).strip()).isEqualTo(first.reveal());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void anOperatorWrittenTokenIsUsedAsIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-token");
        Files.writeString(file, "my-own-operator-token-1234\n");

        assertThat(OperatorTokenFile.loadOrCreate(file, new SecureRandom()).reveal())
                .isEqualTo("my-own-operator-token-1234");
    }

    @Test
    void aFileWithoutATokenFailsWithoutShowingItsContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-token");
        Files.writeString(file, "secret but short");

        assertThatThrownBy(() -> OperatorTokenFile.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("API_TOKEN_FILE:")
                .hasMessageNotContaining("secret but short");
    }
}
