package io.kgrca.common.worker;

/**
 * A record to produce.
 *
 * @param topic the destination topic
 * @param key   the key bytes
 * @param value the value bytes, null for a tombstone
 */
public record OutboundRecord(String topic, byte[] key, byte[] value) {
}
