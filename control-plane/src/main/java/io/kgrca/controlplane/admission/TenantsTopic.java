package io.kgrca.controlplane.admission;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.model.TenantProvision;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operator's side of {@code cluster.tenants}: provision (or pause) a tenant, deprovision it (tombstone), list
 * the tenants. Writes wait for the broker's acknowledgement. Used by the {@code tenant} command and the status API.
 */
public final class TenantsTopic implements AutoCloseable {

    private final Map<String, Object> clientProps;
    private final Clock clock;
    private final Duration timeout;
    private KafkaProducer<byte[], byte[]> producer;

    /** Uses the control plane's Kafka client properties; every operation waits at most {@code timeout}. */
    public TenantsTopic(Map<String, Object> clientProps, Clock clock, Duration timeout) {
        this.clientProps = Map.copyOf(clientProps);
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Provisions {@code id} as {@code state} ({@code active} or {@code paused}). */
    public TenantProvision put(TenantId id, String state) throws ExecutionException, TimeoutException,
            InterruptedException {
        return put(id, state, null);
    }

    /**
     * Provisions {@code id} as {@code state} with the placement {@code placement} (null: the control plane's
     * {@code DEFAULT_PLACEMENT}).
     */
    public TenantProvision put(TenantId id, String state, PlacementMode placement) throws ExecutionException,
            TimeoutException, InterruptedException {
        TenantProvision p = new TenantProvision(id.value(), clock.instant(), state, placement);
        if (!p.known()) {
            throw new IllegalArgumentException("state must be active or paused");
        }
        write(id, JsonCodec.shared().encode(p));
        return p;
    }

    /** Deprovisions {@code id}: its registration is refused from now on and its workers are removed. */
    public void remove(TenantId id) throws ExecutionException, TimeoutException, InterruptedException {
        write(id, null);
    }

    private synchronized void write(TenantId id, byte[] value) throws ExecutionException, TimeoutException,
            InterruptedException {
        if (producer == null) {
            Map<String, Object> p = new HashMap<>(clientProps);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "kg-control-plane-tenants");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout.toMillis()));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 30_020));
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            producer = new KafkaProducer<>(p);
        }
        producer.send(new ProducerRecord<>(Topics.CLUSTER_TENANTS, id.value().getBytes(StandardCharsets.UTF_8), value))
                .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }

    /** Every provisioned tenant, read from the beginning of the topic to its current end. */
    public Map<TenantId, TenantProvision> list() {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kg-control-plane-tenants-list");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<TenantId, TenantProvision> out = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(Topics.CLUSTER_TENANTS, timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    // qualified: Kafka's unchecked one beside java.util.concurrent's
                    throw new org.apache.kafka.common.errors.TimeoutException("reading " + Topics.CLUSTER_TENANTS);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    apply(out, r);
                }
            }
        }
        return out;
    }

    private static void apply(Map<TenantId, TenantProvision> out, ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        if (!TenantId.isValid(key)) {
            return;
        }
        if (r.value() == null) {
            out.remove(TenantId.of(key));
            return;
        }
        try {
            TenantProvision p = JsonCodec.shared().decode(r.value(), TenantProvision.class);
            if (p.tenant().equals(key) && p.known()) {
                out.put(TenantId.of(key), p);
            }
        } catch (JsonDecodeException e) {
            // the control plane counts and logs invalid records; the listing shows the valid ones
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
