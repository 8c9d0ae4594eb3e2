package io.kgrca.controlplane.runtime;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerSecretsTest {

    @Test
    void secretsBecomeFilesWithFileVariablesAndEverythingElseStaysAVariable() {
        WorkerSecrets s = WorkerSecrets.split(Map.of("CLIENT_ID", "af-1", "NEO4J_PASSWORD", "pw1",
                "KAFKA_SASL_PASSWORD", "pw2", "RCA_READ_TOKEN", "rca.af-1.x", "NEO4J_USER", "neo4j"), "/run/secrets/kg-rca");

        assertThat(s.env()).containsOnly(Map.entry("CLIENT_ID", "af-1"), Map.entry("NEO4J_USER", "neo4j"),
                Map.entry("NEO4J_PASSWORD_FILE", "/run/secrets/kg-rca/neo4j_password"),
                Map.entry("KAFKA_SASL_PASSWORD_FILE", "/run/secrets/kg-rca/kafka_sasl_password"),
                Map.entry("RCA_READ_TOKEN_FILE", "/run/secrets/kg-rca/rca_read_token"));
        assertThat(s.files()).containsOnly(Map.entry("neo4j_password", "pw1"),
                Map.entry("kafka_sasl_password", "pw2"), Map.entry("rca_read_token", "rca.af-1.x"));
        assertThat(s.env().values()).doesNotContain("pw1", "pw2", "rca.af-1.x");
    }

    @Test
    void aFileVariableForASecretInTheSpecIsReplacedByTheRuntimesOwn() {
        WorkerSecrets s = WorkerSecrets.split(Map.of("NEO4J_PASSWORD_FILE", "/elsewhere", "OTHER_FILE", "/keep"),
                "/d");

        assertThat(s.env()).containsOnly(Map.entry("OTHER_FILE", "/keep"));
        assertThat(s.files()).isEmpty();
    }
}
