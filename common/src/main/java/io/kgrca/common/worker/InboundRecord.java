package io.kgrca.common.worker;

import io.kgrca.common.key.RecordKey;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of the loop's own tenant, with its key already decoded.
 *
 * @param raw the consumed record
 * @param key its decoded key
 */
public record InboundRecord(ConsumerRecord<byte[], byte[]> raw, RecordKey key) {

    /** The source topic. */
    public String topic() {
        return raw.topic();
    }

    /** The value bytes, null for a tombstone. */
    public byte[] value() {
        return raw.value();
    }

    /** True for a null-value tombstone. */
    public boolean isTombstone() {
        return raw.value() == null;
    }

    /** {@code topic-partition@offset}, for log lines. */
    public String position() {
        return raw.topic() + "-" + raw.partition() + "@" + raw.offset();
    }
}
