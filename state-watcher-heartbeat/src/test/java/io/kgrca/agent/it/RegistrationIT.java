package io.kgrca.agent.it;

import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.run.Commands;
import io.kgrca.common.config.Env;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.admission.TenantCommand;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.registry.ControlEvent;
import io.kgrca.controlplane.registry.RecordParser;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.kgrca.agent.it.AgentHarness.config;
import static io.kgrca.agent.it.AgentHarness.records;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code register} and {@code deregister} on a real broker, read back by the control plane's own parser. */
@ExtendWith(KafkaBrokerExtension.class)
class RegistrationIT {

    @Test
    void registerAndDeregisterProduceWhatTheControlPlaneAccepts(KafkaBroker broker) {
        AgentHarness.createTopics(broker);
        String t = "it-register";
        AgentConfig config = config(broker, t, "register-job", Map.of("RELEASE_NAME", "kg", "CHART_VERSION", "0.1.0"));
        RecordParser parser = new RecordParser(Clock.systemUTC());

        assertThat(Commands.register(config, Clock.systemUTC())).isZero();
        assertThat(Commands.deregister(config)).isZero();

        List<ConsumerRecord<byte[], byte[]>> registry = records(broker, Topics.CLUSTER_REGISTRY, t);
        assertThat(registry).hasSize(2);
        ControlEvent registered = parser.registry(registry.get(0));
        assertThat(registered).isInstanceOfSatisfying(ControlEvent.Registered.class, r -> {
            assertThat(r.tenant().value()).isEqualTo(t);
            assertThat(r.registration().clusterName()).isEqualTo(t + "-cluster");
            assertThat(r.registration().metadata()).containsEntry("release_name", "kg")
                    .containsEntry("chart_version", "0.1.0").containsEntry("namespace", "kg-agent");
        });
        assertThat(parser.registry(registry.get(1))).isInstanceOfSatisfying(ControlEvent.Deregistered.class,
                d -> assertThat(d.tenant().value()).isEqualTo(t));
    }

    @Test
    void registerPrintsTheControlPlanesVerdictAndExitsByIt(KafkaBroker broker, @TempDir Path state) throws Exception {
        AgentHarness.createTopics(broker);
        String t = "it-admit-" + UUID.randomUUID().toString().substring(0, 6);
        AgentConfig config = config(broker, t, "register-job", Map.of());
        Map<String, String> cpEnv = Map.of("KAFKA_BROKERS", broker.bootstrapServers(), "ADMISSION", "provisioned",
                "HTTP_PORT", "0", "CONTROL_PLANE_NAME", "kg-agent-it", "PROVISION_TOPICS", "false",
                // Not the default /var/lib/kg-rca/api-token: compose's control plane cannot read a root-owned one
                "API_TOKEN_FILE", state.resolve("api-token").toString());
        Main.Running cp = Main.start(
                ControlPlaneConfig.fromEnv(new Env(cpEnv)),
                new InMemoryWorkerRuntime(Clock.systemUTC()));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cp.plane().ready());

            Printed refused = register(config, Duration.ofSeconds(20));
            assertThat(refused.code).isEqualTo(Commands.REFUSED);
            assertThat(refused.text).contains("registration of " + t + " refused: tenant not provisioned");

            assertThat(TenantCommand.run(List.of("add", t),
                    new Env(cpEnv), System.out, System.err)).isZero();
            Printed accepted = register(config, Duration.ofSeconds(20));
            assertThat(accepted.code).isZero();
            assertThat(accepted.text).contains("registration of " + t + " accepted: admitted");
        } finally {
            cp.close();
        }

        Printed unanswered = register(config, Duration.ofSeconds(2));
        assertThat(unanswered.code).as("delivered, only the answer is missing").isZero();
        assertThat(unanswered.text).contains("no answer from the control plane within 2 s");
    }

    private record Printed(int code, String text) {
    }

    private static Printed register(AgentConfig config, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Commands.register(config, Clock.systemUTC(), timeout,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Printed(code, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void registerFailsVisiblyWhenKafkaIsUnreachable(KafkaBroker broker) {
        AgentConfig config = config(broker, "it-unreachable", "register-job",
                Map.of("KAFKA_BROKERS", "127.0.0.1:1", "SEND_TIMEOUT", "2s"));

        long started = System.nanoTime();
        assertThat(Commands.register(config, Clock.systemUTC())).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
}
