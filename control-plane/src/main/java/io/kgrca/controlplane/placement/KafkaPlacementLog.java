package io.kgrca.controlplane.placement;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes placements to {@code cluster.placement} with an idempotent producer ({@code acks=all}), one record per
 * change keyed by the tenant id; each write waits for the broker's acknowledgement.
 */
public final class KafkaPlacementLog implements PlacementLog {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;

    /** Uses the control plane's Kafka client properties. */
    public KafkaPlacementLog(Map<String, Object> clientProps) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "kg-control-plane-placement");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT.toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
    }

    @Override
    public long write(TenantId tenant, Placement placement) throws Exception {
        byte[] value = placement == null ? null : JsonCodec.shared().encode(placement);
        return producer.send(new ProducerRecord<>(Topics.CLUSTER_PLACEMENT,
                        tenant.value().getBytes(StandardCharsets.UTF_8), value))
                .get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS).offset();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
