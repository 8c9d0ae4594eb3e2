package io.kgrca.agent.kafka;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.model.RegistrationReply;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the control plane's answer to this agent's registration from {@code cluster.registry.replies}, without a
 * consumer group (assign and seek). {@link #open} notes the end of every partition <em>before</em> the
 * registration is sent, so that only answers written afterwards are read; an answer must also echo the
 * registration's {@code registered_at} when it carries one. A tenant principal may be denied any read: then
 * {@link #open} fails, and the caller says so.
 */
public final class ReplyReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String tenant;

    private ReplyReader(KafkaConsumer<byte[], byte[]> consumer, String tenant) {
        this.consumer = consumer;
        this.tenant = tenant;
    }

    /** Positions a reader at the current end of {@code topic}; throws when the topic cannot be read. */
    public static ReplyReader open(KafkaSettings kafka, String topic, String tenant, Duration timeout) {
        Map<String, Object> p = kafka.clientProperties();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kg-agent-replies-" + tenant);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
        try {
            var infos = c.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            end.forEach(c::seek);
            return new ReplyReader(c, tenant);
        } catch (RuntimeException e) {
            c.close(Duration.ZERO);
            throw e;
        }
    }

    /** Waits up to {@code timeout} for the answer to the registration made at {@code registeredAt}. */
    public Optional<RegistrationReply> await(Instant registeredAt, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Optional<RegistrationReply> reply = answer(r.key(), r.value(), tenant, registeredAt);
                if (reply.isPresent()) {
                    return reply;
                }
            }
        }
        return Optional.empty();
    }

    /** Pure: the reply in a record, when it answers {@code tenant}'s registration made at {@code registeredAt}. */
    public static Optional<RegistrationReply> answer(byte[] key, byte[] value, String tenant, Instant registeredAt) {
        if (key == null || value == null || !tenant.equals(new String(key, StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        try {
            RegistrationReply reply = JsonCodec.shared().decode(value, RegistrationReply.class);
            boolean ours = tenant.equals(reply.tenant())
                    && (reply.registeredAt() == null || reply.registeredAt().equals(registeredAt));
            return ours ? Optional.of(reply) : Optional.empty();
        } catch (JsonDecodeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
