package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.Setting;
import io.kgrca.common.config.SettingSet;
import io.kgrca.common.config.SettingsReadme;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * control-plane/README.md's settings tables match {@link ControlPlaneDefinitions}; {@code -Dkg.readme.write=true}
 * rewrites it ({@link #REGENERATE}).
 */
class ControlPlaneSettingsReadmeTest {

    /** The command that rewrites the table, from the repository's root. */
    static final String REGENERATE = "./mvnw -B -ntp -o -pl control-plane test "
            + "-Dtest=ControlPlaneSettingsReadmeTest -Dkg.readme.write=true";

    @Test
    void theReadmeHasTheTableOfTheDefinitions() throws Exception {
        Path readme = Path.of("README.md").toAbsolutePath();
        assertThat(Files.readString(readme, StandardCharsets.UTF_8)).as("run from the control-plane module")
                .contains("# control-plane");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String updated = SettingsReadme.rewrite(SettingsReadme.rewrite(text, "control-plane",
                ControlPlaneDefinitions.ALL.ownTable()), "kafka-security", ControlPlaneDefinitions.SECURITY.ownTable());
        updated = SettingsReadme.rewrite(updated, "pools", ControlPlaneDefinitions.POOLS.ownTable());
        if (Boolean.getBoolean("kg.readme.write")) {
            Files.writeString(readme, updated, StandardCharsets.UTF_8);
            return;
        }
        assertThat(updated).as("control-plane/README.md's settings table is out of date; regenerate with: "
                + REGENERATE).isEqualTo(text);
    }

    @Test
    void theTableShowsTheDefaultsTheConfigurationApplies() {
        String table = ControlPlaneDefinitions.ALL.ownTable();
        ControlPlaneConfig defaults = ControlPlaneConfig.fromEnv(new Env(Map.of()));
        assertThat(table).contains("| `HEARTBEAT_TIMEOUT` | `2m` |")
                .contains("| `STARTUP_GRACE` | `HEARTBEAT_TIMEOUT` |")
                .contains("| `WORKER_PORT_RANGE` | `20000-29999` |")
                .contains("| `API_PORT` | unset |")
                .contains("| `NEO4J_DATABASE` | `neo4j` |");
        assertThat(defaults.heartbeatTimeout()).isEqualTo(ControlPlaneDefinitions.HEARTBEAT_TIMEOUT.defaultValue());
        assertThat(defaults.httpPort()).isEqualTo(ControlPlaneDefinitions.HTTP_PORT.defaultValue());
        assertThat(defaults.limits().memoryBytes()).isEqualTo(ControlPlaneDefinitions.WORKER_MEMORY_LIMIT.defaultValue());
    }

    @Test
    void everyDocumentedDefaultIsTheValueReadFromAnEmptyEnvironment() {
        Env empty = new Env(Map.of());
        for (Setting<?> s : SettingSet.concat("all", ControlPlaneDefinitions.ALL, ControlPlaneDefinitions.SECURITY,
                ControlPlaneDefinitions.POOLS)
                .settings()) {
            if (s.defaultValue() != null) {
                assertThat(s.read(empty)).as(s.name()).isEqualTo(s.defaultValue());
            }
        }
    }
}
