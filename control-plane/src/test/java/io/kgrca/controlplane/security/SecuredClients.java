package io.kgrca.controlplane.security;

import io.kgrca.common.config.Env;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.SecuredKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Clients of the secured test broker built the way the product builds them (KafkaSettings from KAFKA_* variables). */
final class SecuredClients {

    /** Every topic of the catalog (the contract's and the admission topics). */
    static final List<String> ALL_TOPICS = Topics.all().stream().map(t -> t.name()).toList();

    private SecuredClients() {
    }

    static void createTopics(SecuredKafkaBroker secured) {
        ALL_TOPICS.forEach(t -> secured.broker().createTopic(t, 1, Map.of()));
    }

    /** What a client cluster's agent uses: the external listener through KafkaSettings, as AgentConfig reads it. */
    static Map<String, Object> tenantClient(SecuredKafkaBroker secured, TenantCredentials c) {
        return KafkaSettings.fromEnv(new Env(secured.externalClientEnv(c.username(), c.password())), null)
                .clientProperties();
    }

    /** What an internal service uses: the internal listener through KafkaSettings. */
    static Map<String, Object> internalClient(SecuredKafkaBroker secured, String user) {
        return KafkaSettings.fromEnv(new Env(secured.internalClientEnv(user)), null).clientProperties();
    }

    /** The agent's producer settings: idempotent, acks=all, lz4 (as KafkaRecordPublisher). */
    static KafkaProducer<byte[], byte[]> producer(Map<String, Object> client) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> client, String group) {
        Map<String, Object> p = new HashMap<>(client);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return new KafkaConsumer<>(p);
    }

    static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, String topic, String key) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    }

    /**
     * Polls {@code topic}'s partition 0 by assignment (no group) until a record or an exception arrives.
     *
     * @return the number of records read
     */
    static int pollAssigned(Map<String, Object> client, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(client, null)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                int n = c.poll(Duration.ofMillis(200)).count();
                if (n > 0) {
                    return n;
                }
            }
            return 0;
        }
    }
}
