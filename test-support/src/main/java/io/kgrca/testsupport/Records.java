package io.kgrca.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Small helpers over byte records with text keys and headers, as the project's topics carry them
 * ({@code <client>::<type>::<id>} keys; dead letters with text headers).
 */
public final class Records {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private Records() {
    }

    /** The key as text, or null. */
    public static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    /** The tenant of a {@code <client>::...} key: the text before the first {@code ::} (the whole key without one). */
    public static String tenant(ConsumerRecord<byte[], byte[]> r) {
        String key = key(r);
        if (key == null) {
            return null;
        }
        int sep = key.indexOf("::");
        return sep < 0 ? key : key.substring(0, sep);
    }

    /** The last value of header {@code name} as text, or null. */
    public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The records whose key names one of {@code tenants}. */
    public static List<ConsumerRecord<byte[], byte[]>> ofTenants(List<ConsumerRecord<byte[], byte[]>> records,
                                                                 Collection<String> tenants) {
        return records.stream().filter(r -> tenants.contains(tenant(r))).toList();
    }

    /** The records whose header {@code name} is {@code value}. */
    public static List<ConsumerRecord<byte[], byte[]>> withHeader(List<ConsumerRecord<byte[], byte[]>> records,
                                                                  String name, String value) {
        return records.stream().filter(r -> value.equals(header(r, name))).toList();
    }

    /** Every record of {@code topic} (see {@link KafkaBroker#readAll}) whose key names one of {@code tenants}. */
    public static List<ConsumerRecord<byte[], byte[]>> readTenants(KafkaBroker broker, String topic,
                                                                   Collection<String> tenants) {
        return ofTenants(broker.readAll(topic, READ_TIMEOUT), tenants);
    }

    /** Every record of {@code topic} whose header {@code name} is {@code value}. */
    public static List<ConsumerRecord<byte[], byte[]>> readWithHeader(KafkaBroker broker, String topic, String name,
                                                                      String value) {
        return withHeader(broker.readAll(topic, READ_TIMEOUT), name, value);
    }

    /** Sends a record with a text key and value and waits for its acknowledgement. */
    public static void sendAndWait(Producer<byte[], byte[]> producer, String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        }
    }
}
