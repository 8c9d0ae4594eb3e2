package io.kgrca.common.worker;

import io.kgrca.testsupport.KafkaBrokerProcess;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault run: the <b>broker is killed</b> (SIGKILL of its process) in the middle of a stream and started again 15 s
 * later on the same ports and log directory, while a producer keeps sending (idempotent, {@code acks=all}) and a real
 * worker process copies its tenant's records. Nothing is lost: every input the broker acknowledged has an output,
 * the worker process never exits, and it resumes on its own after the broker is back.
 */
class BrokerKillIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerKillIT.class);
    private static final int TOTAL = 600;

    @Test
    void aKilledAndRestartedBrokerLosesNoAcknowledgedRecordAndTheWorkerResumes() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            String in = "raw.kill-it";
            String out = "out.kill-it";
            broker.admin().createTopics(List.of(new NewTopic(in, 2, (short) 1), new NewTopic(out, 2, (short) 1)))
                    .all().get();
            Process worker = WorkerProcess.start(broker.bootstrapServers(), "af-1", in, out, 0);
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger failed = new AtomicInteger();
            Thread producing = new Thread(() -> produce(broker.bootstrapServers(), in, acked, failed), "producing");
            try {
                producing.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> outputs(broker.bootstrapServers(), out).size() >= 100);
                broker.kill();
                long down = System.nanoTime();
                Thread.sleep(15_000);
                broker.restart();
                LOG.info("tenant=af-1 broker down for {} ms", (System.nanoTime() - down) / 1_000_000);
                producing.join(Duration.ofMinutes(3).toMillis());
                assertThat(producing.isAlive()).as("the producer finished").isFalse();
                assertThat(failed.get()).as("sends not acknowledged (delivery timeout 2 min > the outage)").isZero();
                assertThat(acked).hasSize(TOTAL);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> outputs(broker.bootstrapServers(), out).containsAll(acked));
                assertThat(worker.isAlive()).as("the worker survived the outage without exiting").isTrue();
                LOG.info("tenant=af-1 {} inputs acknowledged, {} distinct outputs", acked.size(),
                        outputs(broker.bootstrapServers(), out).size());
            } finally {
                producing.interrupt();
                worker.destroyForcibly().waitFor();
            }
        }
    }

    /** Sends TOTAL records over about 30 s, remembering which ones the broker acknowledged. */
    private static void produce(String bootstrap, String topic, Set<String> acked, AtomicInteger failed) {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < TOTAL; i++) {
                String n = String.valueOf(i);
                producer.send(new ProducerRecord<>(topic, ("af-1::event::" + n).getBytes(StandardCharsets.UTF_8),
                        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)), (meta, error) -> {
                            if (error == null) {
                                acked.add(n);
                            } else {
                                failed.incrementAndGet();
                            }
                        });
                Thread.sleep(50);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The distinct input numbers the worker has written to {@code out}. */
    private static Set<String> outputs(String bootstrap, String out) {
        Set<String> seen = new HashSet<>();
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> parts = consumer.partitionsFor(out, Duration.ofSeconds(10)).stream()
                    .map(pi -> new TopicPartition(out, pi.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(new String(r.value(), StandardCharsets.UTF_8).split("\\|")[1]);
                }
            }
        } catch (RuntimeException brokerNotBackYet) {
            return Set.of();
        }
        return seen;
    }
}
