package io.kgrca.helmchart;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.config.Env;
import io.kgrca.common.kafka.KafkaSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SASL/TLS as rendered: the agent's and hooks' environment is fed to the agent's own {@link KafkaSettings} (with
 * the Secret's values resolved from the rendered Secret), and Vector's sink is checked for the same protocol and
 * mechanism.
 */
class ChartKafkaSecurityIT {

    private static Manifests render(String mechanism, boolean tls) {
        Helm.Result r = Helm.template("client.id=acme", "client.kafka.brokers=kafka.example.com:9093",
                "client.kafka.sasl.enabled=true", "client.kafka.sasl.mechanism=" + mechanism,
                "client.kafka.sasl.username=acme-user", "client.kafka.sasl.password=pa\"ss",
                "client.kafka.tls.enabled=" + tls, "client.kafka.tls.caSecret=kafka-ca");
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return Manifests.parse(r.stdout());
    }

    /** The container's env with secret references replaced by the rendered Secret's values. */
    private static Map<String, String> resolvedEnv(Manifests m, JsonNode container) {
        Map<String, String> env = new HashMap<>(Manifests.env(container));
        env.replaceAll((k, v) -> {
            if (!v.startsWith("secret:")) {
                return v;
            }
            String[] ref = v.substring("secret:".length()).split("/");
            String b64 = m.get("Secret", ref[0]).path("data").path(ref[1]).asText();
            return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        });
        return env;
    }

    @ParameterizedTest
    @CsvSource({
            "PLAIN, false, SASL_PLAINTEXT, org.apache.kafka.common.security.plain.PlainLoginModule",
            "PLAIN, true, SASL_SSL, org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256, true, SASL_SSL, org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512, false, SASL_PLAINTEXT, org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512, true, SASL_SSL, org.apache.kafka.common.security.scram.ScramLoginModule"})
    void theAgentAndHooksGetAProtocolAMechanismAndTheMechanismsLoginModule(String mechanism, boolean tls,
                                                                             String protocol, String module) {
        Manifests m = render(mechanism, tls);

        for (String workload : new String[]{"Deployment:kg-rca-agent", "Job:-register", "Job:-deregister"}) {
            String[] w = workload.split(":");
            Map<String, String> env = resolvedEnv(m, Manifests.container(m.get(w[0], w[1])));
            assertThat(env).as(workload).containsEntry("KAFKA_SECURITY_PROTOCOL", protocol)
                    .containsEntry("KAFKA_SASL_MECHANISM", mechanism)
                    .containsEntry("KAFKA_SASL_USERNAME", "acme-user").containsEntry("KAFKA_SASL_PASSWORD", "pa\"ss");
            Map<String, String> props = KafkaSettings.fromEnv(new Env(env), null).security();
            assertThat(props).containsEntry("security.protocol", protocol).containsEntry("sasl.mechanism", mechanism);
            assertThat(props.get("sasl.jaas.config")).startsWith(module + " required username=\"acme-user\"");
            if (tls) {
                assertThat(props).containsEntry("ssl.truststore.type", "PEM")
                        .containsEntry("ssl.truststore.location", "/etc/kg-rca/kafka-ca/ca.crt");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"PLAIN, false, sasl_plaintext", "SCRAM-SHA-256, true, sasl_ssl", "SCRAM-SHA-512, true, sasl_ssl"})
    void vectorsKafkaSinkUsesTheSameMechanismAndProtocol(String mechanism, boolean tls, String protocol) {
        Manifests m = render(mechanism, tls);
        JsonNode config = Manifests.yaml(m.get("ConfigMap", "-vector").path("data").path("vector.yaml").asText());
        JsonNode sink = config.path("sinks").path("kafka");

        assertThat(sink.path("sasl").path("enabled").asBoolean()).isTrue();
        assertThat(sink.path("sasl").path("mechanism").asText()).isEqualTo(mechanism);
        assertThat(sink.path("sasl").path("username").asText()).isEqualTo("${KAFKA_SASL_USERNAME}");
        assertThat(sink.path("librdkafka_options").path("security.protocol").asText()).isEqualTo(protocol);
        assertThat(sink.path("librdkafka_options").path("sasl.mechanisms").asText()).isEqualTo(mechanism);
        assertThat(sink.path("tls").path("enabled").asBoolean()).isEqualTo(tls);
        Map<String, String> env = resolvedEnv(m, Manifests.container(m.get("DaemonSet", "-vector")));
        assertThat(env).containsEntry("KAFKA_SASL_USERNAME", "acme-user").containsEntry("KAFKA_SASL_PASSWORD", "pa\"ss");
    }

    @Test
    void withoutSaslTheProtocolIsPlaintextOrSslAndNoCredentialsAppear() {
        Helm.Result r = Helm.template("client.id=acme", "client.kafka.brokers=kafka.example.com:9093",
                "client.kafka.tls.enabled=true");
        Manifests m = Manifests.parse(r.stdout());

        Map<String, String> env = Manifests.env(Manifests.container(m.get("Deployment", "kg-rca-agent")));
        assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL").doesNotContainKey("KAFKA_SASL_MECHANISM");
        assertThat(m.ofKind("Secret")).isEmpty();
        JsonNode sink = Manifests.yaml(m.get("ConfigMap", "-vector").path("data").path("vector.yaml").asText())
                .path("sinks").path("kafka");
        assertThat(sink.path("librdkafka_options").path("security.protocol").asText()).isEqualTo("ssl");
        assertThat(sink.has("sasl")).isFalse();
    }

    @Test
    void anExistingSecretIsReferencedWithItsKeysAndNoSecretIsRendered() {
        Helm.Result r = Helm.template("client.id=acme", "client.kafka.brokers=kafka.example.com:9093",
                "client.kafka.sasl.enabled=true", "client.kafka.sasl.existingSecret=kafka-creds",
                "client.kafka.sasl.existingSecretUsernameKey=user", "client.kafka.sasl.existingSecretPasswordKey=pass");
        Manifests m = Manifests.parse(r.stdout());

        assertThat(m.ofKind("Secret")).isEmpty();
        Map<String, String> env = Manifests.env(Manifests.container(m.get("Deployment", "kg-rca-agent")));
        assertThat(env).containsEntry("KAFKA_SASL_USERNAME", "secret:kafka-creds/user")
                .containsEntry("KAFKA_SASL_PASSWORD", "secret:kafka-creds/pass");
    }
}
