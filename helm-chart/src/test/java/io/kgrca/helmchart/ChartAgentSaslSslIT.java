package io.kgrca.helmchart;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.kafka.KafkaRecordPublisher;
import io.kgrca.agent.state.Channel;
import io.kgrca.agent.state.Outgoing;
import io.kgrca.common.config.Env;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.security.PrincipalAdmin;
import io.kgrca.controlplane.security.TenantAccess;
import io.kgrca.controlplane.security.TenantCredentials;
import io.kgrca.controlplane.security.TenantPrincipals;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Records;
import io.kgrca.testsupport.SecuredKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent as the chart configures it, against the broker configured as compose's (SASL_SSL + SCRAM-SHA-512,
 * StandardAuthorizer): the chart is rendered with a provisioned tenant's credentials and the CA Secret, the
 * agent's container environment (Secret values resolved from the rendered Secret) goes through the agent's own
 * {@link AgentConfig#fromEnv} into its {@link KafkaRecordPublisher}. The only change is where the CA file is: the
 * chart mounts the CA Secret at {@code /etc/kg-rca/kafka-ca/}; the test points at the broker's CA file.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ChartAgentSaslSslIT {

    private static final String MOUNT = "/etc/kg-rca/kafka-ca/";

    @Test
    void theChartsAgentWithAProvisionedTenantsCredentialsPublishesOnEveryChannel(SecuredKafkaBroker secured) {
        createTopics(secured);
        TenantId tenant = TenantId.of("chart-acme");
        TenantCredentials c = principals(secured).provision(tenant);

        Map<Outgoing, Exception> results = publishAll(agentEnv(secured, c), tenant);

        assertThat(results).hasSize(Channel.values().length).allSatisfy((record, error) ->
                assertThat(error).as(record.channel().name()).isNull());
        assertThat(Records.readTenants(secured.broker(), Topics.STATE_K8S_TOPOLOGY, Set.of("chart-acme")))
                .isNotEmpty();
    }

    @Test
    void theChartsAgentOfARevokedTenantIsRefusedOnEveryChannel(SecuredKafkaBroker secured) {
        createTopics(secured);
        TenantId tenant = TenantId.of("chart-gone");
        TenantPrincipals principals = principals(secured);
        Map<String, String> env = agentEnv(secured, principals.provision(tenant));
        principals.revoke(tenant);

        Map<Outgoing, Exception> results = publishAll(env, tenant);

        assertThat(results).hasSize(Channel.values().length).allSatisfy((record, error) ->
                assertThat(error).as(record.channel().name()).isNotNull());
    }

    @Test
    void theChartMountsTheCaSecretWhereItsTrustStoreVariablePoints(SecuredKafkaBroker secured) {
        TenantCredentials c = principals(secured).provision(TenantId.of("chart-mount"));
        Manifests m = render(secured, c);
        JsonNode pod = m.get("Deployment", "kg-rca-agent").path("spec").path("template").path("spec");

        assertThat(Manifests.container(m.get("Deployment", "kg-rca-agent")).path("volumeMounts").toString())
                .contains(MOUNT.substring(0, MOUNT.length() - 1));
        assertThat(pod.path("volumes").toString()).contains("kafka-ca");
        assertThat(agentEnv(secured, c)).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .doesNotContainKey("KAFKA_SSL_ENDPOINT_IDENTIFICATION");
    }

    private static Map<Outgoing, Exception> publishAll(Map<String, String> env, TenantId tenant) {
        AgentConfig config = AgentConfig.fromEnv(new Env(env));
        assertThat(config.tenant()).isEqualTo(tenant);
        Map<Outgoing, Exception> results = new ConcurrentHashMap<>();
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(config.kafka(), config.topics(), tenant.value(),
                "agent-0", Duration.ofSeconds(20), Duration.ofSeconds(15));
        try {
            for (Channel channel : Channel.values()) {
                String key = channel == Channel.REGISTRY || channel == Channel.HEARTBEAT ? tenant.value()
                        : tenant.value() + "::" + channel.name().toLowerCase(Locale.ROOT) + "::x";
                publisher.publish(new Outgoing(channel, key, "{\"n\":1}".getBytes(StandardCharsets.UTF_8)),
                        (record, error) -> results.put(record, error == null ? NONE : error));
            }
            publisher.flush();
        } finally {
            publisher.close();
        }
        Map<Outgoing, Exception> outcome = new HashMap<>();
        results.forEach((k, v) -> outcome.put(k, v == NONE ? null : v));
        return outcome;
    }

    private static final Exception NONE = new Exception("none");

    private static Manifests render(SecuredKafkaBroker secured, TenantCredentials c) {
        Helm.Result r = Helm.template("client.id=" + c.tenant().value(),
                "client.kafka.brokers=" + secured.externalBootstrapServers(), "client.kafka.sasl.enabled=true",
                "client.kafka.sasl.mechanism=" + c.mechanism(), "client.kafka.sasl.username=" + c.username(),
                "client.kafka.sasl.password=" + c.password(), "client.kafka.tls.enabled=true",
                "client.kafka.tls.caSecret=kafka-ca");
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return Manifests.parse(r.stdout());
    }

    /** The agent Deployment's environment with Secret references resolved and the CA mount mapped to the file. */
    private static Map<String, String> agentEnv(SecuredKafkaBroker secured, TenantCredentials c) {
        Manifests m = render(secured, c);
        Map<String, String> env = new HashMap<>(Manifests.env(Manifests.container(m.get("Deployment", "kg-rca-agent"))));
        env.replaceAll((k, v) -> {
            if (v.startsWith("secret:")) {
                String[] ref = v.substring("secret:".length()).split("/");
                String b64 = m.get("Secret", ref[0]).path("data").path(ref[1]).asText();
                return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
            }
            return v.startsWith(MOUNT) ? secured.tls().caCertificate().toString() : v;
        });
        return env;
    }

    private static TenantPrincipals principals(SecuredKafkaBroker secured) {
        return new TenantPrincipals(new PrincipalAdmin(secured.broker().admin()), TenantAccess.agent());
    }

    private static void createTopics(SecuredKafkaBroker secured) {
        for (String topic : List.of(Topics.CLUSTER_REGISTRY, Topics.CLUSTER_HEARTBEAT, Topics.STATE_K8S_RESOURCE,
                Topics.STATE_K8S_TOPOLOGY, Topics.RAW_K8S_EVENTS, Topics.RAW_K8S_LOGS)) {
            secured.broker().createTopic(topic, 1, Map.of());
        }
    }

}
