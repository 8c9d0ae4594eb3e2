package io.kgrca.helmchart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code helm lint --strict} and the values schema, with the real helm binary. */
class ChartSchemaIT {

    private static final String BROKERS = "client.kafka.brokers=kafka.example.com:9092";

    @Test
    void lintStrictIsCleanWithAValidClientId() {
        Helm.Result r = Helm.lint("client.id=acme-prod", BROKERS);

        assertThat(r.ok()).as(r.stdout() + r.stderr()).isTrue();
        assertThat(r.stdout()).contains("0 chart(s) failed").doesNotContain("[WARNING]").doesNotContain("[ERROR]");
    }

    @Test
    void lintStrictIsCleanWithSaslTlsNamespacesAndNetworkPolicy() {
        Helm.Result r = Helm.lint("client.id=acme", BROKERS, "client.kafka.sasl.enabled=true",
                "client.kafka.sasl.existingSecret=kafka-creds", "client.kafka.tls.enabled=true",
                "client.kafka.tls.caSecret=kafka-ca", "watchNamespaces={shop,payments}", "networkPolicy.enabled=true",
                "networkPolicy.kafkaCidrs={203.0.113.0/24}", "networkPolicy.apiServerCidrs={198.51.100.1/32}");

        assertThat(r.ok()).as(r.stdout() + r.stderr()).isTrue();
        assertThat(r.stdout()).doesNotContain("[WARNING]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER", "../x", "a-", "-a", "under_score", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void anInvalidClientIdIsRefusedByTheSchema(String id) {
        Helm.Result r = Helm.template("client.id=" + id, BROKERS);

        assertThat(r.ok()).isFalse();
        assertThat(r.stderr()).contains("values don't meet the specifications of the schema").contains("client").contains("id");
    }

    @Test
    void anEmptyOrMissingClientIdIsRefused() {
        Helm.Result empty = Helm.template("client.id=", BROKERS);
        Helm.Result missing = Helm.template(BROKERS);

        assertThat(empty.ok()).isFalse();
        assertThat(empty.stderr()).contains("schema");
        assertThat(missing.ok()).isFalse();
        assertThat(missing.stderr()).contains("schema");
    }

    @Test
    void aFortyCharacterClientIdIsAccepted() {
        assertThat(Helm.template("client.id=" + "a".repeat(40), BROKERS).ok()).isTrue();
    }

    @Test
    void anUnknownSaslMechanismMissingBrokersOrBadDurationAreRefused() {
        assertThat(Helm.template("client.id=acme", BROKERS, "client.kafka.sasl.mechanism=SASL_SSL").ok()).isFalse();
        assertThat(Helm.template("client.id=acme").ok()).isFalse();
        assertThat(Helm.template("client.id=acme", "client.kafka.brokers=no-port").ok()).isFalse();
        assertThat(Helm.template("client.id=acme", BROKERS, "agent.heartbeatInterval=soon").ok()).isFalse();
        assertThat(Helm.template("client.id=acme", BROKERS, "watchNamespaces={Bad_NS}").ok()).isFalse();
    }

    @Test
    void saslWithoutCredentialsOrSecretIsRefusedWithAClearMessage() {
        Helm.Result r = Helm.template("client.id=acme", BROKERS, "client.kafka.sasl.enabled=true");

        assertThat(r.ok()).isFalse();
        assertThat(r.stderr()).contains("client.kafka.sasl.existingSecret");
    }
}
