package io.kgrca.controlplane.admission;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.RegistrationReply;
import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@link Replies} on {@code cluster.registry.replies} with an idempotent {@code acks=all} producer. */
public final class KafkaReplies implements Replies {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReplies.class);

    private final KafkaProducer<byte[], byte[]> producer;

    /** A producer with the control plane's Kafka client properties. */
    public KafkaReplies(Map<String, Object> clientProps) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "kg-control-plane-replies");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
    }

    @Override
    public void send(RegistrationReply reply) {
        try {
            producer.send(new ProducerRecord<>(Topics.CLUSTER_REGISTRY_REPLIES,
                    reply.tenant().getBytes(StandardCharsets.UTF_8), JsonCodec.shared().encode(reply)), (m, e) -> {
                    if (e != null) {
                        LOG.warn("tenant {}: the reply '{}' could not be written: {}", reply.tenant(), reply.verdict(),
                                e.toString());
                    }
                });
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: the reply '{}' could not be written: {}", reply.tenant(), reply.verdict(), e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
