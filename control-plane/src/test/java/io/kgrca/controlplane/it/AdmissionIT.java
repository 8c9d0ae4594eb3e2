package io.kgrca.controlplane.it;

import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.RegistrationReply;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.admission.TenantCommand;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import java.util.HashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant admission on the real broker, workers in memory: an unprovisioned registration is refused with a reply and
 * starts nothing; {@code tenant add} admits it; {@code DELETE /api/tenants/<id>} removes its workers again.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AdmissionIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anUnprovisionedRegistrationIsRefusedUntilTheOperatorAddsTheTenant(KafkaBroker broker) throws Exception {
        Map<String, String> env = ControlPlaneHarness.env(broker, Map.of("ADMISSION", "provisioned",
                "HEARTBEAT_TIMEOUT", "5m", "CLEANUP_TIMEOUT", "10m", "STARTUP_GRACE", "5m"));
        String tenant = "adm-" + UUID.randomUUID().toString().substring(0, 8);
        InMemoryWorkerRuntime runtime = new InMemoryWorkerRuntime(Clock.systemUTC());
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            Main.Running cp = Main.start(ControlPlaneHarness.config(broker, env), runtime);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> cp.plane().ready());

                ControlPlaneHarness.register(p, tenant);
                RegistrationReply refused = awaitReply(broker, tenant, "refused");
                assertThat(refused.reason()).isEqualTo("tenant not provisioned");
                await("no worker for a refused tenant").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> workers(runtime, tenant).isEmpty());
                assertThat(cp.plane().stateOf(TenantId.of(tenant))).isEmpty();

                Output add = tenantCommand(env, "add", tenant);
                assertThat(add.code).as(add.err).isZero();
                assertThat(add.out).contains("tenant " + tenant + " provisioned (active)");

                await().atMost(Duration.ofSeconds(20)).until(() -> workers(runtime, tenant).size() == 3);
                assertThat(awaitReply(broker, tenant, "accepted").reason()).isEqualTo("admitted");
                assertThat(ControlPlaneHarness.get(cp, "/api/tenants").body())
                        .contains("\"tenant\":\"" + tenant + "\"", "\"provisioning\":\"active\"");
                Output list = tenantCommand(env, "list");
                assertThat(list.code).isZero();
                assertThat(list.out).contains(tenant + "\tactive");

                HttpResponse<String> deleted = send(cp, "DELETE", "/api/tenants/" + tenant, "");
                assertThat(deleted.statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(20)).until(() -> workers(runtime, tenant).isEmpty());
                assertThat(awaitReply(broker, tenant, "refused").reason()).isIn("tenant not provisioned",
                        "tenant deprovisioned");
            } finally {
                ControlPlaneHarness.deregister(p, tenant);
                cp.close();
            }
        }
    }

    @Test
    void theStatusApiProvisionsAndPausesAndTheCommandReportsUsageErrors(KafkaBroker broker) throws Exception {
        Map<String, String> env = ControlPlaneHarness.env(broker, Map.of("ADMISSION", "provisioned"));
        String tenant = "api-" + UUID.randomUUID().toString().substring(0, 8);
        Main.Running cp = Main.start(ControlPlaneHarness.config(broker, env),
                new InMemoryWorkerRuntime(Clock.systemUTC()));
        try {
            assertThat(send(cp, "PUT", "/api/tenants/" + tenant, "{\"state\":\"paused\"}").statusCode()).isEqualTo(202);
            assertThat(send(cp, "PUT", "/api/tenants/" + tenant, "{\"state\":\"maybe\"}").statusCode()).isEqualTo(400);
            await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlaneHarness.get(cp, "/api/tenants").body()
                    .contains("\"tenant\":\"" + tenant + "\",\"state\":\"NOT_REGISTERED\",\"provisioning\":\"paused\""));
        } finally {
            cp.close();
        }
        Output placed = tenantCommand(env, "add", tenant + "-d", "--placement", "dedicated", "--paused");
        assertThat(placed.code).as(placed.err).isZero();
        assertThat(placed.out).contains("tenant " + tenant + "-d provisioned (paused), placement dedicated");
        assertThat(tenantCommand(env, "add", tenant, "--placement", "elsewhere").code).isEqualTo(2);
        assertThat(tenantCommand(env, "add", tenant, "--placement").code).isEqualTo(2);
        assertThat(tenantCommand(env, "add").code).isEqualTo(2);
        assertThat(tenantCommand(env, "add", "UPPER").code).isEqualTo(2);
        assertThat(tenantCommand(env, "frobnicate", "x").code).isEqualTo(2);
        Map<String, String> unreachable = new HashMap<>(env);
        unreachable.put("KAFKA_BROKERS", "127.0.0.1:1");
        unreachable.put("PROVISION_TOPICS", "false");
        assertThat(tenantCommand(unreachable, "remove", tenant).code).as("Kafka unreachable").isEqualTo(1);
    }

    private static List<WorkerInstance> workers(InMemoryWorkerRuntime runtime, String tenant) throws Exception {
        return runtime.list().stream().filter(w -> w.tenant().value().equals(tenant)).toList();
    }

    private static RegistrationReply awaitReply(KafkaBroker broker, String tenant, String verdict) {
        RegistrationReply[] found = new RegistrationReply[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Optional<RegistrationReply> last = Optional.empty();
            for (ConsumerRecord<byte[], byte[]> r : broker.readAll(Topics.CLUSTER_REGISTRY_REPLIES, Duration.ofSeconds(10))) {
                if (tenant.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    last = Optional.of(JsonCodec.shared().decode(r.value(), RegistrationReply.class));
                }
            }
            found[0] = last.filter(x -> x.verdict().equals(verdict)).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private record Output(int code, String out, String err) {
    }

    private static Output tenantCommand(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TenantCommand.run(List.of(args), new Env(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(Main.Running cp, String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cp.http().port() + path))
                .header("Authorization", "Bearer " + cp.operatorToken().reveal())
                .method(method, HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(40)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
