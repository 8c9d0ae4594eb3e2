package io.kgrca.common.worker;

import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends failed records to the dead-letter topic for their source ({@code dlq.raw} for raw topics,
 * {@code dlq.normalized} otherwise) with their original key and value, unchanged, so nothing is lost, and
 * headers that say what failed and where the record came from.
 */
public final class DeadLetterPublisher {

    /** Header: the error class. */
    public static final String ERROR_CLASS = "kg.dlq.error.class";
    /** Header: the error message. */
    public static final String ERROR_MESSAGE = "kg.dlq.error.message";
    /** Header: the short reason code. */
    public static final String REASON = "kg.dlq.reason";
    /** Header: source topic. */
    public static final String SOURCE_TOPIC = "kg.dlq.source.topic";
    /** Header: source partition. */
    public static final String SOURCE_PARTITION = "kg.dlq.source.partition";
    /** Header: source offset. */
    public static final String SOURCE_OFFSET = "kg.dlq.source.offset";
    /** Header: the worker that failed it. */
    public static final String WORKER = "kg.dlq.worker";
    /** Header: the tenant whose loop failed it. */
    public static final String TENANT = "kg.dlq.tenant";

    private static final int MAX_MESSAGE_CHARS = 2000;

    private final Producer<byte[], byte[]> producer;
    private final String worker;
    private final String tenant;

    /**
     * A publisher for {@code worker} of {@code tenant}; the producer's {@code max.request.size} must fit 4 MiB. A
     * pool instance passes a null tenant: each dead letter then names the tenant of its record's key (empty when
     * the key does not decode).
     */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String worker, String tenant) {
        this.producer = producer;
        this.worker = worker;
        this.tenant = tenant;
    }

    /** Sends every rejection and waits for the acknowledgements. */
    public void publish(List<Rejection> rejections) throws SinkUnavailableException {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (Rejection r : rejections) {
            var raw = r.record().raw();
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(Topics.deadLetterTopicFor(raw.topic()), null,
                    raw.key(), raw.value(), headers(r));
            futures.add(producer.send(out));
        }
        producer.flush();
        for (Future<RecordMetadata> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new SinkUnavailableException("dead-letter produce failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkUnavailableException("interrupted while dead-lettering", e);
            }
        }
    }

    private Headers headers(Rejection r) {
        var raw = r.record().raw();
        RecordHeaders h = new RecordHeaders();
        h.add(ERROR_CLASS, bytes(r.error()));
        h.add(ERROR_MESSAGE, bytes(truncate(r.message())));
        h.add(REASON, bytes(r.reason()));
        h.add(SOURCE_TOPIC, bytes(raw.topic()));
        h.add(SOURCE_PARTITION, bytes(String.valueOf(raw.partition())));
        h.add(SOURCE_OFFSET, bytes(String.valueOf(raw.offset())));
        h.add(WORKER, bytes(worker));
        h.add(TENANT, bytes(tenant != null ? tenant
                : r.record().key() != null ? r.record().key().tenant().value() : null));
        return h;
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "..." : s;
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
