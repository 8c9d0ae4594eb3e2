package io.kgrca.agent.kafka;

import io.kgrca.agent.config.AgentTopics;
import io.kgrca.agent.state.Outgoing;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.kafka.KafkaSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Kafka side of the agent: an idempotent {@code acks=all} producer with the SASL/TLS properties of
 * {@link KafkaSettings}. Values are JSON (records are encoded with the shared {@link JsonCodec}); every record
 * carries the header {@code kg.agent} naming the replica that sent it.
 */
public final class KafkaRecordPublisher implements RecordPublisher {

    /** The header naming the sending replica. */
    public static final String AGENT_HEADER = "kg.agent";

    private final KafkaProducer<byte[], byte[]> producer;
    private final AgentTopics topics;
    private final byte[] identity;

    /**
     * A producer for {@code tenant}.
     *
     * @param deliveryTimeout how long a record may take to be acknowledged, retries included
     * @param maxBlock        how long a send may block waiting for metadata or buffer space
     */
    public KafkaRecordPublisher(KafkaSettings kafka, AgentTopics topics, String tenant, String identity,
                                Duration deliveryTimeout, Duration maxBlock) {
        this.topics = topics;
        this.identity = identity.getBytes(StandardCharsets.UTF_8);
        this.producer = new KafkaProducer<>(producerProperties(kafka, "kg-agent-" + tenant, deliveryTimeout, maxBlock));
    }

    /**
     * The agent's producer settings (also the replay's): idempotent, {@code acks=all}, lz4, byte-array key and value,
     * with the SASL/TLS properties of {@code kafka}.
     */
    public static Map<String, Object> producerProperties(KafkaSettings kafka, String clientId, Duration deliveryTimeout,
                                                         Duration maxBlock) {
        Map<String, Object> p = kafka.clientProperties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        int requestTimeout = (int) Math.min(30_000, deliveryTimeout.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.max(deliveryTimeout.toMillis(), requestTimeout + 20L));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    @Override
    public void publish(Outgoing record, BiConsumer<Outgoing, Exception> done) {
        try {
            RecordHeaders headers = new RecordHeaders();
            headers.add(AGENT_HEADER, identity);
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topics.of(record.channel()), null,
                    record.key().getBytes(StandardCharsets.UTF_8), encode(record.value()), headers);
            producer.send(r, (metadata, error) -> done.accept(record, error));
        } catch (RuntimeException e) {
            done.accept(record, e);
        }
    }

    static byte[] encode(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return JsonCodec.shared().encode(value);
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
