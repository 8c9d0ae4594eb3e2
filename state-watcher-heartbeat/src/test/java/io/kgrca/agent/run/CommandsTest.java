package io.kgrca.agent.run;

import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.state.Channel;
import io.kgrca.agent.state.Outgoing;
import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.key.KeyForm;
import io.kgrca.common.model.Registration;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandsTest {

    private final AgentConfig config = AgentConfig.fromEnv(new Env(Map.of("CLIENT_ID", "acme", "CLUSTER_NAME", "prod-eu",
            "KAFKA_BROKERS", "127.0.0.1:9092", "AGENT_VERSION", "1.2.3", "RELEASE_NAME", "kg")));

    @Test
    void theRegistrationIsKeyedByTheBareClientIdAndDecodesAsTheWireRegistration() throws Exception {
        Outgoing out = Commands.registration(config, Instant.parse("2025-01-01T00:00:00Z"));

        assertThat(out.channel()).isEqualTo(Channel.REGISTRY);
        assertThat(KeyCodec.decode(out.key()).form()).isEqualTo(KeyForm.TENANT_ONLY);
        Registration r = JsonCodec.shared().decode(JsonCodec.shared().encode(out.value()), Registration.class);
        assertThat(r.clientId()).isEqualTo("acme");
        assertThat(r.clusterName()).isEqualTo("prod-eu");
        assertThat(r.version()).isEqualTo("1.2.3");
        assertThat(r.registeredAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(r.metadata()).containsEntry("release_name", "kg");
    }

    @Test
    void theDeregistrationIsANullValueTombstoneUnderTheSameKey() {
        Outgoing out = Commands.deregistration(config);

        assertThat(out.key()).isEqualTo("acme");
        assertThat(out.isTombstone()).isTrue();
    }
}
