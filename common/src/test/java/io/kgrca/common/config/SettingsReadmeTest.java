package io.kgrca.common.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README settings tables match {@link WorkerDefinitions}; {@code -Dkg.readme.write=true} rewrites them. */
class SettingsReadmeTest {

    @Test
    void everyModuleReadmeHasTheTableOfItsDefinitions() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(Files.exists(root.resolve("common/README.md"))).as("run from the common module").isTrue();
        if (Boolean.getBoolean("kg.readme.write")) {
            System.out.println("rewrote " + SettingsReadme.check(root, true));
            return;
        }
        List<Path> stale = SettingsReadme.check(root, false);
        assertThat(stale).as("settings tables out of date; regenerate with: " + SettingsReadme.REGENERATE)
                .isEmpty();
    }

    @Test
    void aTableIsReplacedBetweenItsMarkersOnly() {
        String readme = "intro\n<!-- settings:x:begin -->\nold\n<!-- settings:x:end -->\nafter\n";
        assertThat(SettingsReadme.rewrite(readme, "x", "| new |\n"))
                .isEqualTo("intro\n<!-- settings:x:begin -->\n| new |\n<!-- settings:x:end -->\nafter\n");
        assertThatThrownBy(() -> SettingsReadme.rewrite(readme, "y", "")).hasMessageContaining("settings:y:begin");
    }

    @Test
    void theControlPlaneTableShowsEachKindsOwnDefault() {
        String table = SettingsReadme.passedThrough();
        assertThat(table).contains("| `MAX_POLL_RECORDS` | `500` | `500` | `2000` |")
                .contains("| `NEO4J_DATABASE` | — | — | `neo4j` |")
                .doesNotContain("`CLIENT_ID`").doesNotContain("`RCA_PORT`");
    }
}
