package io.kgrca.common.worker;

import io.kgrca.common.config.Env;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker's loop settings come from its kind's definition, and its start line shows them without secrets. */
class WorkerSettingsDefinitionsTest {

    private static final Map<String, String> BASE = Map.of("CLIENT_ID", "af-1", "KAFKA_BROKERS", "127.0.0.1:9092",
            "NEO4J_PASSWORD", "hunter2", "NEO4J_TENANCY", "shared");

    @Test
    void eachKindGetsItsOwnDefaultPollSize() {
        assertThat(WorkerSettings.fromEnv("graph-builder", List.of("t"), new Env(BASE)).maxPollRecords())
                .isEqualTo(2000);
        assertThat(WorkerSettings.fromEnv("event-normalizer", List.of("t"), new Env(BASE)).maxPollRecords())
                .isEqualTo(500);
        assertThat(WorkerSettings.fromEnv("copy-worker", List.of("t"), new Env(BASE)).maxPollRecords())
                .as("a worker without a definition gets the loop's").isEqualTo(500);
    }

    @Test
    void theEffectiveSettingsNameEveryPassedSettingAndNoSecret() {
        String effective = WorkerSettings.fromEnv("graph-builder", List.of("t"), new Env(BASE)).effective();
        assertThat(effective).contains("MAX_POLL_RECORDS=2000", "POLL_TIMEOUT=500ms", "NEO4J_TENANCY=shared",
                "RESOURCE_STUB_RETENTION=24h").doesNotContain("hunter2").doesNotContain("NEO4J_PASSWORD");
        assertThat(WorkerSettings.fromEnv("event-normalizer", List.of("t"), new Env(BASE)).effective())
                .doesNotContain("NEO4J_TENANCY");
    }
}
