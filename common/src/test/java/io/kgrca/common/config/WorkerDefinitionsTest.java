package io.kgrca.common.config;

import io.kgrca.common.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker setting definitions: defaults, validation, and the sets per kind. */
class WorkerDefinitionsTest {

    private static Env env(String name, String value) {
        return new Env(Map.of(name, value));
    }

    @Test
    void unsetSettingsReadTheirDocumentedDefaults() {
        Env empty = new Env(Map.of());
        assertThat(WorkerDefinitions.MAX_POLL_RECORDS.read(empty)).isEqualTo(500);
        assertThat(WorkerDefinitions.GRAPH_MAX_POLL_RECORDS.read(empty)).isEqualTo(2000);
        assertThat(WorkerDefinitions.SINK_BACKOFF_MAX.read(empty)).isEqualTo(Duration.ofSeconds(5));
        assertThat(WorkerDefinitions.TIME_WINDOW_BEHIND.defaultText()).isEqualTo("366d");
        assertThat(WorkerDefinitions.POLL_TIMEOUT.defaultText()).isEqualTo("500ms");
        assertThat(Setting.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Setting.format(7)).isEqualTo("7");
        assertThat(WorkerDefinitions.LOG_MIN_LEVEL.read(empty)).isEqualTo(Severity.WARNING);
        assertThat(WorkerDefinitions.NEO4J_TENANCY.read(empty)).isEqualTo("auto");
        assertThat(WorkerDefinitions.RCA_PORT.read(empty)).isEqualTo(-1);
        assertThat(WorkerDefinitions.GROUP_INSTANCE_ID.read(empty)).isNull();
    }

    @Test
    void valuesAreParsedAndNormalised() {
        assertThat(WorkerDefinitions.MAX_POLL_RECORDS.read(env("MAX_POLL_RECORDS", "7"))).isEqualTo(7);
        assertThat(WorkerDefinitions.NEO4J_TENANCY.read(env("NEO4J_TENANCY", "Database"))).isEqualTo("database");
        assertThat(WorkerDefinitions.LOG_MIN_LEVEL.read(env("LOG_MIN_LEVEL", "warn"))).isEqualTo(Severity.WARNING);
        assertThat(WorkerDefinitions.SESSION_TIMEOUT.read(env("SESSION_TIMEOUT", "1m")))
                .isEqualTo(Duration.ofMinutes(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "MAX_POLL_RECORDS;0;outside [1, 100000]",
            "NEO4J_DATABASE;bad_name!;is not a database name",
            "NEO4J_URI;http://x;must use bolt",
            "NEO4J_TENANCY;sharded;is not one of",
            "NEO4J_TENANT_DATABASE_PREFIX;system-;not start with 'system'",
            "LOG_MIN_LEVEL;loud;is not a level",
            "SESSION_TIMEOUT;2s;outside 6s–5m",
            "SINK_BACKOFF_MAX;10m;outside 1ms–5m",
            "GROUP_INSTANCE_ID;a b;nor 'none'",
            "RCA_DNS_SERVICE;kube-dns;<namespace>/<service>",
            "RCA_MIN_CONFIDENCE;2;outside",
            "TIME_WINDOW_AHEAD;0s;positive duration"})
    void aBadValueFailsNamingTheSettingAndTheReason(String name, String value, String reason) {
        WorkerDefinition graph = WorkerDefinitions.GRAPH_BUILDER;
        SettingSet all = SettingSet.concat("all", graph.settings(),
                new SettingSet("log", WorkerDefinitions.LOG_NORMALIZER.settings().settings().stream()
                        .filter(s -> graph.settings().find(s.name()).isEmpty()).toList()));
        Env env = new Env(Map.of("CLIENT_ID", "af-1", "KAFKA_BROKERS", "127.0.0.1:9092", name, value));
        assertThatThrownBy(() -> all.validate(env))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.variable()).isEqualTo(name))
                .hasMessageContaining(name).hasMessageContaining(reason);
    }

    @Test
    void aRequiredSettingIsCheckedEvenWhenUnset() {
        assertThatThrownBy(() -> WorkerDefinitions.LOOP.validate(new Env(Map.of())))
                .hasMessage("CLIENT_ID: is required but not set");
        WorkerDefinitions.LOOP.validate(new Env(Map.of("CLIENT_ID", "af-1", "KAFKA_BROKERS", "127.0.0.1:9092")));
    }

    @Test
    void eachKindHasItsOwnSetAndPrefix() {
        assertThat(WorkerDefinitions.all()).extracting(WorkerDefinition::id)
                .containsExactly("event-normalizer", "log-normalizer", "graph-builder");
        assertThat(WorkerDefinitions.GRAPH_BUILDER.prefix()).isEqualTo("GRAPH_BUILDER_");
        assertThat(WorkerDefinitions.EVENT_NORMALIZER.settings().find("NEO4J_DATABASE")).isEmpty();
        assertThat(WorkerDefinitions.LOG_NORMALIZER.settings().find("LOG_CARRY_WINDOW")).isPresent();
        assertThat(WorkerDefinitions.GRAPH_BUILDER.settings().find("MAX_POLL_RECORDS").orElseThrow().defaultValue())
                .isEqualTo(2000);
        assertThat(WorkerDefinitions.GRAPH_BUILDER.settings().passed()).extracting(Setting::name)
                .contains("NEO4J_TENANCY", "RCA_WINDOW", "LOG_RECENT_IDS", "RESOURCE_STUB_RETENTION",
                        "MAX_POLL_RECORDS", "SESSION_TIMEOUT")
                .doesNotContain("CLIENT_ID", "METRICS_PORT", "RCA_PORT", "GROUP_INSTANCE_ID", "RCA_READ_TOKEN");
    }

    @Test
    void aNameDefinedTwiceInOneSetIsRefused() {
        assertThatThrownBy(() -> SettingSet.concat("twice", WorkerDefinitions.LOOP, WorkerDefinitions.LOOP))
                .hasMessageContaining("defined twice");
    }
}
