package io.kgrca.common.worker;

import io.kgrca.common.config.Env;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker loop against a real single-node KRaft broker. */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerLoopIT {

    private static final List<String> TENANTS = List.of("af-1", "af-10", "b");

    @BeforeAll
    static void deadLetterTopics(KafkaBroker broker) {
        for (String dlq : List.of(Topics.DLQ_RAW, Topics.DLQ_NORMALIZED)) {
            broker.createTopic(dlq, 1, Map.of("max.message.bytes", String.valueOf(Topics.DLQ_MAX_MESSAGE_BYTES)));
        }
    }

    @Test
    void eachTenantsLoopOutputsExactlyItsOwnRecordsFromInterleavedTraffic(KafkaBroker broker) throws Exception {
        String in = "raw.it-" + UUID.randomUUID();
        String out = "out-" + UUID.randomUUID();
        broker.createTopic(in, 3, Map.of());
        broker.createTopic(out, 3, Map.of());
        Map<String, Set<String>> sent = produceInterleaved(broker, in, 60);

        List<WorkerLauncher.Running> loops = new ArrayList<>();
        for (String tenant : TENANTS) {
            loops.add(WorkerLauncher.start(settings(broker, tenant, in, out), copy(out, 0)));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> broker.readAll(out, Duration.ofSeconds(10)).size() >= 180);
        } finally {
            for (WorkerLauncher.Running r : loops) {
                r.close();
            }
        }

        Map<String, Set<String>> producedBy = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : broker.readAll(out, Duration.ofSeconds(10))) {
            String[] v = new String(r.value(), StandardCharsets.UTF_8).split("\\|");
            String keyTenant = new String(r.key(), StandardCharsets.UTF_8).split("::")[0];
            assertThat(keyTenant).as("output key tenant equals the loop's tenant").isEqualTo(v[0]);
            producedBy.computeIfAbsent(v[0], t -> new HashSet<>()).add(v[1]);
        }
        assertThat(producedBy).isEqualTo(sent);
    }

    @Test
    void aMalformedRecordIsDeadLetteredWithHeadersAndTheRecordsAfterItAreProcessed(KafkaBroker broker) throws Exception {
        String in = "raw.it-" + UUID.randomUUID();
        String out = "out-" + UUID.randomUUID();
        broker.createTopic(in, 1, Map.of());
        broker.createTopic(out, 1, Map.of());
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            send(p, in, "af-1::event::1", "{\"n\":1}");
            send(p, in, "af-1::event::2", "{\"n\":");
            send(p, in, "af-1::EVENT::3", "{\"n\":3}");
            send(p, in, "af-1::event::4", "{\"other\":4}");
            send(p, in, "af-10::event::5", "not json either, but not ours");
            send(p, in, "af-1::event::6", "{\"n\":6}");
            p.send(new ProducerRecord<>(in, "af-1::event::7".getBytes(StandardCharsets.UTF_8),
                    ("{\"n\":7,\"pad\":\"" + "x".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8))).get();
            send(p, in, "af-1::event::8", "{\"n\":8}");
        }

        try (WorkerLauncher.Running loop = WorkerLauncher.start(settings(broker, "af-1", in, out), copy(out, 0))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> broker.readAll(out, Duration.ofSeconds(10)).size() >= 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(broker, in).size() >= 4);
        }

        assertThat(broker.readAll(out, Duration.ofSeconds(10)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("af-1|1", "af-1|6", "af-1|8");
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(broker, in);
        assertThat(dead).extracting(r -> header(r, DeadLetterPublisher.REASON))
                .containsExactly("truncated-json", "invalid-type", "missing-field", "oversized");
        ConsumerRecord<byte[], byte[]> first = dead.get(0);
        assertThat(header(first, DeadLetterPublisher.SOURCE_TOPIC)).isEqualTo(in);
        assertThat(header(first, DeadLetterPublisher.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(first, DeadLetterPublisher.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(first, DeadLetterPublisher.ERROR_CLASS)).isEqualTo("io.kgrca.common.json.JsonDecodeException");
        assertThat(header(first, DeadLetterPublisher.ERROR_MESSAGE)).contains("JSON ends before");
        assertThat(header(first, DeadLetterPublisher.TENANT)).isEqualTo("af-1");
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("af-1::event::2");
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":");
        assertThat(dead.get(3).value()).hasSizeGreaterThan(600_000);
    }

    @Test
    void afterAKillWithoutCommitAndARestartEveryInputHasAnOutput(KafkaBroker broker) throws Exception {
        String in = "raw.it-" + UUID.randomUUID();
        String out = "out-" + UUID.randomUUID();
        broker.createTopic(in, 2, Map.of());
        broker.createTopic(out, 2, Map.of());
        int total = 400;
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (int i = 0; i < total; i++) {
                send(p, in, "af-1::event::" + i, "{\"n\":" + i + "}");
            }
        }

        Process first = WorkerProcess.start(broker, "af-1", in, out, 10);
        await().atMost(Duration.ofSeconds(60)).until(() -> broker.readAll(out, Duration.ofSeconds(10)).size() >= 50);
        first.destroyForcibly().waitFor();
        int beforeRestart = broker.readAll(out, Duration.ofSeconds(10)).size();
        assertThat(beforeRestart).as("killed mid-stream").isLessThan(total);

        Process second = WorkerProcess.start(broker, "af-1", in, out, 0);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> outputs(broker, out).size() == total);
        } finally {
            second.destroyForcibly().waitFor();
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < total; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(outputs(broker, out)).isEqualTo(expected);
    }

    /**
     * Issue 12, item 11: a worker killed with SIGKILL never leaves its group; without static membership its
     * successor waits for the dead member's session (15 s) to expire. With the same {@code group.instance.id} the
     * successor takes the partitions over at once: measured from the successor's start to its first new output.
     */
    @Test
    void aKilledWorkersReplacementWithTheSameInstanceIdResumesBeforeTheOldSessionExpires(KafkaBroker broker)
            throws Exception {
        String in = "raw.it-" + UUID.randomUUID();
        String out = "out-" + UUID.randomUUID();
        broker.createTopic(in, 2, Map.of());
        broker.createTopic(out, 2, Map.of());
        int total = 600;
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (int i = 0; i < total; i++) {
                send(p, in, "af-7::event::" + i, "{\"n\":" + i + "}");
            }
        }
        Process first = WorkerProcess.start(broker, "af-7", in, out, 20);
        await().atMost(Duration.ofSeconds(180)).until(() -> broker.readAll(out, Duration.ofSeconds(10)).size() >= 50);
        long killedAt = System.nanoTime();
        System.out.println("tenant af-7: SIGKILL at " + Instant.now());
        first.destroyForcibly().waitFor();
        int beforeRestart = broker.readAll(out, Duration.ofSeconds(10)).size();
        assertThat(beforeRestart).as("killed mid-stream").isLessThan(total);

        // The replacement runs in this JVM, so that what is measured is the group takeover, not a JVM's start.
        long replacedAt = System.nanoTime();
        try (WorkerLauncher.Running second = WorkerLauncher.start(settings(broker, "af-7", in, out), copy(out, 0))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> broker.readAll(out, Duration.ofSeconds(10)).size() > beforeRestart);
            Duration resumed = Duration.ofNanos(System.nanoTime() - replacedAt);
            Duration sinceKill = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.println("tenant af-7: output resumed " + resumed.toMillis() + " ms after the replacement "
                    + "started, " + sinceKill.toMillis() + " ms after SIGKILL (session timeout 15000 ms)");
            // A dynamic member's partitions move only when its session expires: at least 15 s after its last
            // heartbeat, which was at most 3 s before the kill, so never sooner than 12 s after the kill.
            assertThat(sinceKill).as("resumed before the dead member's session could have expired")
                    .isLessThan(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(90)).until(() -> outputs(broker, out).size() == total);
        }
    }

    @Test
    void sigtermStopsPromptlyAndCommitsWhatWasProcessed(KafkaBroker broker) throws Exception {
        String in = "raw.it-" + UUID.randomUUID();
        String out = "out-" + UUID.randomUUID();
        broker.createTopic(in, 1, Map.of());
        broker.createTopic(out, 1, Map.of());
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (int i = 0; i < 100; i++) {
                send(p, in, "af-1::event::" + i, "{\"n\":" + i + "}");
            }
        }
        Process worker = WorkerProcess.start(broker, "af-1", in, out, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> broker.readAll(out, Duration.ofSeconds(10)).size() >= 100);

        long started = System.nanoTime();
        worker.destroy();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));

        long committed = broker.admin().listConsumerGroupOffsets("copy-worker-af-1").partitionsToOffsetAndMetadata()
                .get().entrySet().stream().filter(e -> e.getKey().topic().equals(in))
                .mapToLong(e -> e.getValue().offset()).sum();
        assertThat(committed).isEqualTo(100);
    }

    private static Set<String> outputs(KafkaBroker broker, String out) {
        return broker.readAll(out, Duration.ofSeconds(10)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8).split("\\|")[1])
                .collect(Collectors.toSet());
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(KafkaBroker broker, String source) {
        return broker.readAll(Topics.DLQ_RAW, Duration.ofSeconds(10)).stream()
                .filter(r -> source.equals(header(r, DeadLetterPublisher.SOURCE_TOPIC)))
                .toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Set<String>> produceInterleaved(KafkaBroker broker, String topic, int perTenant)
            throws Exception {
        Map<String, Set<String>> sent = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (int i = 0; i < perTenant; i++) {
                for (String tenant : TENANTS) {
                    String n = tenant + "-" + i;
                    send(p, topic, tenant + "::event::" + n, "{\"n\":\"" + n + "\"}");
                    sent.computeIfAbsent(tenant, t -> new HashSet<>()).add(n);
                }
            }
        }
        return sent;
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, String value) throws Exception {
        p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))).get();
    }

    @Test
    void anInstanceReplacedByAnotherWithTheSameInstanceIdStepsDownAndTheOtherCarriesOn(KafkaBroker broker)
            throws Exception {
        String in = "raw.it-" + UUID.randomUUID();
        String out = "out-" + UUID.randomUUID();
        broker.createTopic(in, 1, Map.of());
        broker.createTopic(out, 1, Map.of());
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (int i = 0; i < 50; i++) {
                send(p, in, "af-3::event::" + i, "{\"n\":" + i + "}");
            }
            try (WorkerLauncher.Running first = WorkerLauncher.start(settings(broker, "af-3", in, out), copy(out, 0))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> outputs(broker, out).size() >= 50);
                try (WorkerLauncher.Running second = WorkerLauncher.start(settings(broker, "af-3", in, out),
                        copy(out, 0))) {
                    // Same worker, same tenant: the same group.instance.id. The broker fences the older member.
                    await("the first instance steps down").atMost(Duration.ofSeconds(60))
                            .until(() -> first.loop().awaitStopped(Duration.ZERO));
                    for (int i = 50; i < 100; i++) {
                        send(p, in, "af-3::event::" + i, "{\"n\":" + i + "}");
                    }
                    await("the second instance carries on").atMost(Duration.ofSeconds(60))
                            .until(() -> outputs(broker, out).size() == 100);
                    assertThat(second.loop().status().running()).isTrue();
                }
            }
        }
    }

    private static WorkerSettings settings(KafkaBroker broker, String tenant, String in, String out) {
        return WorkerSettings.fromEnv("copy-worker", List.of(in), new Env(Map.of(
                "CLIENT_ID", tenant, "KAFKA_BROKERS", broker.bootstrapServers(), "POLL_TIMEOUT", "200ms",
                "SHUTDOWN_TIMEOUT", "10s")));
    }

    private static WorkerLauncher.ProcessorFactory copy(String out, long delay) {
        return ctx -> new TransformingProcessor(new CopyTransformer(out, delay), ctx.producer());
    }
}
