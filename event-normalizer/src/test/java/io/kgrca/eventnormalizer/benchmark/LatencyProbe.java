package io.kgrca.eventnormalizer.benchmark;

import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads {@code events.normalized} (LogAppendTime) by assignment from its end and remembers, per output key, the
 * broker timestamp of its first appearance; the flooding tenant's outputs are only counted. Joined with the
 * inputs' broker timestamps ({@link #latencies}), each record's latency is output append time minus input append
 * time: both the broker's clock, so neither the producers' nor the workers' clocks matter.
 */
final class LatencyProbe implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String flooder;
    private final Map<String, Long> outputs = new ConcurrentHashMap<>();
    private final AtomicLong floodOutputs = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopping;

    LatencyProbe(Map<String, Object> client, String flooder) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(p);
        this.flooder = flooder + "::";
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(Topics.EVENTS_NORMALIZED)) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::run, "latency-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopping) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                if (key.startsWith(flooder)) {
                    floodOutputs.incrementAndGet();
                } else {
                    outputs.putIfAbsent(key, r.timestamp());
                }
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    /** The flooding tenant's outputs seen so far. */
    long floodOutputs() {
        return floodOutputs.get();
    }

    /** Whether every one of {@code inputs}' output keys has been seen. */
    boolean sawAll(Map<String, Long> inputs) {
        return outputs.keySet().containsAll(inputs.keySet());
    }

    /**
     * The latencies (ms) of {@code inputs} (output key → input broker timestamp), sorted; an input whose output was
     * not seen counts as {@code nowMs} minus its timestamp (a lower bound).
     */
    List<Long> latencies(Map<String, Long> inputs, long nowMs) {
        List<Long> out = new ArrayList<>();
        inputs.forEach((key, in) -> {
            Long at = outputs.get(key);
            out.add((at != null ? at : nowMs) - in);
        });
        Collections.sort(out);
        return out;
    }

    /** How many of {@code inputs} have no output yet. */
    int missing(Map<String, Long> inputs) {
        return (int) inputs.keySet().stream().filter(k -> !outputs.containsKey(k)).count();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
    }
}
