package io.kgrca.rcaeval.pipeline;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.key.KeyDecodeException;
import io.kgrca.common.topic.TopicSpec;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.InboundRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Places records as Kafka would: the partition of a key is the default partitioner's (murmur2 of the key bytes
 * modulo the catalog's partition count), and offsets grow per topic partition, so consumers that keep per-partition
 * watermarks (the graph-builder's log counting) see what they would see on a broker. One instance per tenant.
 */
public final class Partitions {

    private final Map<String, Long> nextOffset = new HashMap<>();

    /** The inbound record a consumer would get for this key and value, stamped {@code at}. */
    public InboundRecord place(String topic, byte[] key, byte[] value, Instant at) {
        int partitions = Topics.find(topic).map(TopicSpec::partitions).orElse(1);
        int partition = Utils.toPositive(Utils.murmur2(key)) % partitions;
        long offset = nextOffset.merge(topic + "/" + partition, 1L, Long::sum) - 1;
        ConsumerRecord<byte[], byte[]> raw = new ConsumerRecord<>(topic, partition, offset, at.toEpochMilli(),
                TimestampType.CREATE_TIME, key.length, value == null ? -1 : value.length, key, value,
                new RecordHeaders(), Optional.empty());
        try {
            return new InboundRecord(raw, KeyCodec.decode(key));
        } catch (KeyDecodeException e) {
            throw new IllegalArgumentException("bad key " + new String(key, StandardCharsets.UTF_8), e);
        }
    }
}
