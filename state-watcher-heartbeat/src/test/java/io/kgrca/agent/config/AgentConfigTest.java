package io.kgrca.agent.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentConfigTest {

    private static Map<String, String> base() {
        Map<String, String> env = new HashMap<>();
        env.put("CLIENT_ID", "acme-prod");
        env.put("KAFKA_BROKERS", "kafka.example.com:9093");
        return env;
    }

    @Test
    void defaultsFollowTheContract() {
        AgentConfig c = AgentConfig.fromEnv(new Env(base()));

        assertThat(c.tenant().value()).isEqualTo("acme-prod");
        assertThat(c.clusterName()).isEqualTo("acme-prod");
        assertThat(c.watchesAllNamespaces()).isTrue();
        assertThat(c.intervals().heartbeat()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.intervals().snapshot()).isEqualTo(Duration.ofHours(1));
        assertThat(c.topics()).isEqualTo(AgentTopics.defaults());
        assertThat(c.topics().events()).isEqualTo("raw.k8s.events");
        assertThat(c.httpBindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.lease().name()).isEqualTo("kg-rca-agent-leader");
    }

    @Test
    void anInvalidClientIdIsRefusedNamingTheVariable() {
        for (String bad : new String[]{"UPPER", "../x", "a".repeat(41), "-x"}) {
            Map<String, String> env = base();
            env.put("CLIENT_ID", bad);
            assertThatThrownBy(() -> AgentConfig.fromEnv(new Env(env)))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("CLIENT_ID");
        }
    }

    @Test
    void watchNamespacesIsAListOfValidNamespaceNames() {
        Map<String, String> env = base();
        env.put("WATCH_NAMESPACES", " shop, payments ,shop,");
        AgentConfig c = AgentConfig.fromEnv(new Env(env));
        assertThat(c.watchNamespaces()).containsExactly("shop", "payments");
        assertThat(c.metadata()).containsEntry("watch_namespaces", "shop,payments");

        env.put("WATCH_NAMESPACES", "shop,Bad_NS");
        assertThatThrownBy(() -> AgentConfig.fromEnv(new Env(env))).hasMessageContaining("WATCH_NAMESPACES");
    }

    @Test
    void saslSettingsUseTheMechanismsOwnLoginModuleAndAProtocolNotTheMechanism() {
        Map<String, String> env = base();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_USERNAME", "acme");
        env.put("KAFKA_SASL_PASSWORD", "s3cret");

        Map<String, String> props = AgentConfig.fromEnv(new Env(env)).kafka().security();

        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(props.get("sasl.jaas.config")).startsWith("org.apache.kafka.common.security.scram.ScramLoginModule");
    }

    @Test
    void leaseTimingsMustLeaveTheRenewDeadlineInsideTheLease() {
        Map<String, String> env = base();
        env.put("LEASE_DURATION", "5s");
        env.put("LEASE_RENEW_DEADLINE", "6s");
        assertThatThrownBy(() -> AgentConfig.fromEnv(new Env(env))).hasMessageContaining("LEASE_RENEW_DEADLINE");
    }

    @Test
    void registrationMetadataComesFromTheChart() {
        Map<String, String> env = base();
        env.put("POD_NAMESPACE", "kg-agent");
        env.put("RELEASE_NAME", "kg");
        env.put("CHART_VERSION", "0.1.0");
        env.put("CLUSTER_NAME", "prod-eu");

        AgentConfig c = AgentConfig.fromEnv(new Env(env));

        assertThat(c.clusterName()).isEqualTo("prod-eu");
        assertThat(c.lease().namespace()).isEqualTo("kg-agent");
        assertThat(c.metadata()).containsEntry("namespace", "kg-agent").containsEntry("release_name", "kg")
                .containsEntry("chart_version", "0.1.0");
    }
}
