package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which worker settings of the control plane's environment reach which kind, and the refusal of bad ones. */
class WorkerPassThroughTest {

    @Test
    void aSettingGoesToEveryKindThatHasItAndAKindPrefixWinsForThatKind() {
        WorkerPassThrough p = WorkerPassThrough.fromEnv(new Env(Map.of("MAX_POLL_RECORDS", "700",
                "GRAPH_BUILDER_MAX_POLL_RECORDS", "4000", "NEO4J_TENANCY", "shared", "LOG_MIN_LEVEL", "error",
                "LOG_RECENT_IDS", "128", "RESOURCE_STUB_RETENTION", "2h", "RCA_WINDOW", "20m")));
        assertThat(p.forKind("event-normalizer")).containsExactlyEntriesOf(Map.of("MAX_POLL_RECORDS", "700"));
        assertThat(p.forKind("log-normalizer")).containsOnly(Map.entry("MAX_POLL_RECORDS", "700"),
                Map.entry("LOG_MIN_LEVEL", "error"));
        assertThat(p.forKind("graph-builder")).containsOnly(Map.entry("MAX_POLL_RECORDS", "4000"),
                Map.entry("NEO4J_TENANCY", "shared"), Map.entry("LOG_RECENT_IDS", "128"),
                Map.entry("RESOURCE_STUB_RETENTION", "2h"), Map.entry("RCA_WINDOW", "20m"));
    }

    @Test
    void perWorkerSettingsAndTheControlPlanesOwnAreNeverPassed() {
        WorkerPassThrough p = WorkerPassThrough.fromEnv(new Env(Map.of("CLIENT_ID", "x", "METRICS_PORT", "1",
                "HTTP_BIND_ADDRESS", "127.0.0.2", "RCA_PORT", "8080", "GROUP_INSTANCE_ID", "same",
                "INPUT_TOPICS", "t", "HEARTBEAT_TIMEOUT", "5m")));
        assertThat(p.byKind().values()).allSatisfy(env -> assertThat(env).isEmpty());
    }

    @Test
    void nothingSetPassesNothingSoTheWorkersOwnDefaultsApply() {
        assertThat(WorkerPassThrough.fromEnv(new Env(Map.of())).byKind().values())
                .allSatisfy(env -> assertThat(env).isEmpty());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "NEO4J_DATABASE|bad_name!|is not a database name",
            "MAX_POLL_RECORDS|0|is outside [1, 100000]",
            "GRAPH_BUILDER_MAX_POLL_RECORDS|lots|is not an integer",
            "LOG_NORMALIZER_LOG_MIN_LEVEL|loud|is not a level",
            "NEO4J_TENANCY|sharded|is not one of",
            "SESSION_TIMEOUT|1s|outside 6s–5m",
            "RCA_DNS_SERVICE|kube-dns|<namespace>/<service>"})
    void aBadWorkerSettingStopsTheControlPlaneNamingItAndTheReason(String variable, String value, String reason) {
        assertThatThrownBy(() -> ControlPlaneConfig.fromEnv(new Env(Map.of(variable, value))))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.variable()).isEqualTo(variable))
                .hasMessageStartingWith(variable + ": ").hasMessageContaining(reason);
    }
}
