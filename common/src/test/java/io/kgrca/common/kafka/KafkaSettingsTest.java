package io.kgrca.common.kafka;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {

    private static KafkaSettings read(Map<String, String> vars) {
        return KafkaSettings.fromEnv(new Env(vars), null);
    }

    @Test
    void plaintextNeedsOnlyTheBrokers() {
        KafkaSettings s = read(Map.of("KAFKA_BROKERS", "127.0.0.1:9092"));

        assertThat(s.clientProperties()).containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("security.protocol", "PLAINTEXT").doesNotContainKey("sasl.mechanism");
        assertThat(s.env()).containsOnlyKeys("KAFKA_BROKERS");
    }

    @Test
    void scramUsesTheScramLoginModuleAndKeepsMechanismOutOfTheProtocol() {
        Map<String, String> vars = new HashMap<>(Map.of("KAFKA_BROKERS", "k:9093", "KAFKA_SECURITY_PROTOCOL",
                "sasl_ssl", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "KAFKA_SASL_USERNAME", "u",
                "KAFKA_SASL_PASSWORD", "p\"w", "KAFKA_SSL_TRUSTSTORE_LOCATION", "/certs/ts.p12"));
        KafkaSettings s = read(vars);

        assertThat(s.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/certs/ts.p12");
        assertThat((String) s.clientProperties().get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
                .contains("password=\"p\\\"w\"");
        assertThat(s.env()).containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    }

    @Test
    void plainUsesThePlainLoginModule() {
        KafkaSettings s = read(Map.of("KAFKA_BROKERS", "k:9093", "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p"));

        assertThat((String) s.clientProperties().get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
    }

    @Test
    void incoherentSettingsNameTheVariableAtFault() {
        assertThatThrownBy(() -> read(Map.of()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("KAFKA_BROKERS");
        assertThatThrownBy(() -> read(Map.of("KAFKA_BROKERS", "no-port")))
                .hasMessageStartingWith("KAFKA_BROKERS");
        assertThatThrownBy(() -> read(Map.of("KAFKA_BROKERS", "k:1", "KAFKA_SECURITY_PROTOCOL", "SCRAM-SHA-256")))
                .hasMessageStartingWith("KAFKA_SECURITY_PROTOCOL");
        assertThatThrownBy(() -> read(Map.of("KAFKA_BROKERS", "k:1", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL")))
                .hasMessageStartingWith("KAFKA_SASL_MECHANISM");
        assertThatThrownBy(() -> read(Map.of("KAFKA_BROKERS", "k:1", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "GSSAPI")))
                .hasMessageStartingWith("KAFKA_SASL_MECHANISM");
        assertThatThrownBy(() -> read(Map.of("KAFKA_BROKERS", "k:1", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", "u")))
                .hasMessageStartingWith("KAFKA_SASL_PASSWORD");
    }

    @Test
    void toStringHidesSecrets() {
        KafkaSettings s = read(Map.of("KAFKA_BROKERS", "k:9093", "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "secret"));

        assertThat(s.toString()).doesNotContain("secret");
    }
}
