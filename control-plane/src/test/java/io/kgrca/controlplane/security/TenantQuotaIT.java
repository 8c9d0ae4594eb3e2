package io.kgrca.controlplane.security;

import io.kgrca.common.config.Env;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.admission.TenantCommand;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.SecuredKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-tenant produce quotas on a real broker: on the secured broker (SASL_SSL, SCRAM) a tenant that produces as
 * fast as it can is held to about its {@code producer_byte_rate} while another tenant's trickle goes through in
 * full; on a plain broker {@code tenant add} puts the quota on the agent's client id.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TenantQuotaIT {

    private static final long QUOTA = 262_144;
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration MEASURED = Duration.ofSeconds(10);

    @Test
    void aFloodingTenantIsHeldToItsQuotaWhileAnotherTenantsTrickleGoesThroughInFull(SecuredKafkaBroker secured)
            throws Exception {
        SecuredClients.createTopics(secured);
        PrincipalAdmin admin = new PrincipalAdmin(secured.broker().admin());
        TenantPrincipals limited = new TenantPrincipals(admin, TenantAccess.agent(), new TenantQuota(QUOTA, 0));
        TenantCredentials flooder = limited.provision(TenantId.of("tq-flood"));
        TenantCredentials quiet = limited.provision(TenantId.of("tq-quiet"));
        TenantCredentials free = new TenantPrincipals(admin, TenantAccess.agent(), TenantQuota.NONE)
                .provision(TenantId.of("tq-free"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(admin.produceRate("tenant-tq-flood")).hasValue(QUOTA);
            assertThat(admin.produceRate("tenant-tq-quiet")).hasValue(QUOTA);
        });

        CompletableFuture<Double> trickle = CompletableFuture.supplyAsync(
                () -> produce(secured, quiet, 1024, Duration.ofMillis(50)));
        double flooded = produce(secured, flooder, 4096, Duration.ZERO);
        double trickled = trickle.get();
        double unlimited = produce(secured, free, 4096, Duration.ZERO);
        System.out.printf("quota %d B/s: flooding tenant %.0f B/s, quiet tenant %.0f B/s (planned 20480), "
                + "tenant without quota %.0f B/s%n", QUOTA, flooded, trickled, unlimited);

        // No lower bound on the flooder: on a machine busy with other work its producer may not even reach the
        // quota, and that says nothing about the broker. That the quota is what holds it is the comparison with the
        // same flood without a quota, measured in the same run.
        assertThat(flooded).as("the flooding tenant's rate").isLessThanOrEqualTo(1.5 * QUOTA);
        assertThat(unlimited).as("the same flood without a quota is not held").isGreaterThan(2 * flooded);
        assertThat(trickled).as("the quiet tenant's rate (20 x 1 KiB/s planned)").isGreaterThan(0.9 * 20 * 1024);
    }

    @Test
    void onAPlainListenerTenantAddPutsTheQuotaOnTheAgentsClientIdAndRemoveTakesItAway(KafkaBroker broker) {
        Map<String, String> env = Map.of("KAFKA_BROKERS", broker.bootstrapServers(), "ADMISSION", "provisioned",
                "KAFKA_TENANT_PRODUCE_BYTE_RATE", "524288", "KAFKA_TENANT_REQUEST_PERCENTAGE", "50");
        PrincipalAdmin admin = new PrincipalAdmin(broker.admin());

        String added = command(env, "add", "tq-plain");
        assertThat(added).contains("quota=producer_byte_rate=524288 B/s, request_percentage=50% on client.id "
                + "kg-agent-tq-plain");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                admin.quota(ClientQuotaEntity.CLIENT_ID, "kg-agent-tq-plain")).isEqualTo(new TenantQuota(524_288, 50)));
        assertThat(command(env, "list")).contains("tq-plain\tactive").contains("producer_byte_rate=524288 B/s");

        command(env, "remove", "tq-plain");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                admin.quota(ClientQuotaEntity.CLIENT_ID, "kg-agent-tq-plain")).isEqualTo(TenantQuota.NONE));
    }

    private static String command(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TenantCommand.run(List.of(args), new Env(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("warning");
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Produces random (incompressible) records of {@code size} bytes as the tenant, one per {@code pause} (zero: as
     * fast as the producer lets it), for the warm-up plus the measured time.
     *
     * @return the acknowledged bytes per second over the measured time
     */
    private static double produce(SecuredKafkaBroker secured, TenantCredentials tenant, int size, Duration pause) {
        Map<String, Object> p = new HashMap<>(SecuredClients.tenantClient(secured, tenant));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 1_048_576);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Random random = new Random(size);
        AtomicLong measured = new AtomicLong();
        byte[] key = (tenant.tenant().value() + "::event::1").getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        long from = start + WARM_UP.toNanos();
        long end = from + MEASURED.toNanos();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            while (System.nanoTime() < end) {
                byte[] value = new byte[size];
                random.nextBytes(value);
                producer.send(new ProducerRecord<>(Topics.RAW_K8S_EVENTS, key, value), (md, e) -> {
                    long now = System.nanoTime();
                    if (e == null && now >= from && now < end) {
                        measured.addAndGet(size);
                    }
                });
                if (!pause.isZero()) {
                    sleep(pause);
                }
            }
            producer.close(Duration.ofSeconds(1));
        }
        return measured.get() / (MEASURED.toNanos() / 1e9);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
