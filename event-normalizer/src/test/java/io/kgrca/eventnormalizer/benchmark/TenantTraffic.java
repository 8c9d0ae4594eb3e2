package io.kgrca.eventnormalizer.benchmark;

import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One tenant's agent: a producer with the tenant's own credentials and the agent's settings (idempotent,
 * {@code acks=all}, lz4, linger 20 ms), sending raw Kubernetes events with unique uids and current times to
 * {@code raw.k8s.events}. It remembers, per expected output key ({@code <tenant>::event::evt-<sha-256 of the uid>},
 * the event-normalizer's id), the broker timestamp the produce acknowledgement carries (the topic is LogAppendTime).
 */
final class TenantTraffic implements AutoCloseable {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final String tenant;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final AtomicLong ackedBytes = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Random random;
    private long sequence;

    TenantTraffic(String tenant, Map<String, Object> client, int bufferBytes) {
        this.tenant = tenant;
        this.random = new Random(tenant.hashCode());
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "kg-agent-" + tenant);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
    }

    String tenant() {
        return tenant;
    }

    /** Sends one event of run {@code run} (blocks only when the producer's buffer is full). */
    void send(String run) {
        String uid = tenant + "-" + run + "-" + sequence++;
        byte[] value = event(uid, Instant.now(), detail()).getBytes(StandardCharsets.UTF_8);
        String outputKey = tenant + "::event::" + eventId(uid);
        producer.send(new ProducerRecord<>(Topics.RAW_K8S_EVENTS,
                (tenant + "::event::" + uid).getBytes(StandardCharsets.UTF_8), value), (md, e) -> {
                    if (e == null) {
                        acked.put(outputKey, md.timestamp());
                        ackedBytes.addAndGet(value.length);
                    } else {
                        failed.incrementAndGet();
                    }
                });
    }

    /** Output key → input broker timestamp of every acknowledged record so far. */
    Map<String, Long> acked() {
        return Map.copyOf(acked);
    }

    /** Forgets the acknowledged records (between runs). */
    void reset() {
        acked.clear();
        ackedBytes.set(0);
    }

    long ackedBytes() {
        return ackedBytes.get();
    }

    long failed() {
        return failed.get();
    }

    /**
     * 160 random characters: what differs from one real event to the next (pod hashes, container ids, image
     * digests), so that lz4 compresses these events about as much as real ones rather than 17x.
     */
    private String detail() {
        char[] c = new char[160];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    /** A core/v1 Event about a pod, about 560 bytes, its times now. */
    static String event(String uid, Instant now, String detail) {
        String t = now.toString();
        return "{\"metadata\":{\"name\":\"web-" + uid + ".17a\",\"namespace\":\"shop\",\"uid\":\"" + uid + "\"},"
                + "\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"shop\",\"name\":\"web-" + uid + "\"},"
                + "\"reason\":\"BackOff\",\"message\":\"Back-off restarting failed container app " + detail + "\","
                + "\"type\":\"Warning\",\"firstTimestamp\":\"" + t + "\",\"lastTimestamp\":\"" + t + "\",\"count\":1,"
                + "\"source\":{\"component\":\"kubelet\"}}";
    }

    /** The event-normalizer's event id of a uid: {@code evt-} and the first 8 bytes of its SHA-256, in hex. */
    static String eventId(String uid) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            return "evt-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends one record and waits for its acknowledgement: the connection, its TLS handshake and SASL authentication
     * are done before a measured run starts.
     */
    TenantTraffic connected() {
        send("connect");
        producer.flush();
        return this;
    }

    /**
     * Closes at once, dropping what the producer still buffers: a flood throttled by its quota would otherwise go on
     * at the quota's rate from its buffer (megabytes) into the runs after it.
     */
    void abort() {
        producer.close(Duration.ZERO);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
