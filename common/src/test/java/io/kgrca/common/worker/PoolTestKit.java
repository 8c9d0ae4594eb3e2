package io.kgrca.common.worker;

import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * What the pool ITs share: settings of pool instances and dedicated workers of a test worker kind, a processor that
 * copies each record's id to an output topic naming the side that processed it (idempotent by key), placements
 * written to {@code cluster.placement}, and how far a group's committed offsets have reached in broker time.
 */
final class PoolTestKit {

    private PoolTestKit() {
    }

    /** A topic whose records carry the broker's time, as the shared topics do. */
    static void createLogAppendTopic(KafkaBroker broker, String name, int partitions) {
        broker.createTopic(name, partitions, Map.of("message.timestamp.type", "LogAppendTime"));
    }

    /** The settings of instance {@code n} of {@code worker}'s pool. */
    static WorkerSettings poolSettings(KafkaBroker broker, String worker, int n, String in, Map<String, String> extra) {
        Map<String, String> env = base(broker);
        env.put("PLACEMENT", "shared");
        env.put("GROUP_INSTANCE_ID", PoolNames.instance(worker, n));
        env.putAll(extra);
        return WorkerSettings.fromEnv(worker, List.of(in), new Env(env));
    }

    /** The settings of {@code tenant}'s dedicated {@code worker}. */
    static WorkerSettings dedicatedSettings(KafkaBroker broker, String worker, String tenant, String in,
                                            Map<String, String> extra) {
        Map<String, String> env = base(broker);
        env.put("CLIENT_ID", tenant);
        env.putAll(extra);
        return WorkerSettings.fromEnv(worker, List.of(in), new Env(env));
    }

    private static Map<String, String> base(KafkaBroker broker) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BROKERS", broker.bootstrapServers());
        env.put("POLL_TIMEOUT", "200ms");
        env.put("SHUTDOWN_TIMEOUT", "10s");
        env.put("SINK_BACKOFF_MAX", "200ms");
        return env;
    }

    /** Copies each record's id to {@code out} as {@code <tenant>|<id>|<side>} under key {@code <tenant>::copy::<id>}. */
    static RecordTransformer sideCopy(String out, String side) {
        return record -> {
            String id = record.key().idIfPresent().orElse("");
            byte[] key = KeyCodec.encode(record.key().tenant(), "copy", id);
            byte[] value = (record.key().tenant().value() + "|" + id + "|" + side).getBytes(StandardCharsets.UTF_8);
            return List.of(new OutboundRecord(out, key, value));
        };
    }

    /** A pool factory of {@link #sideCopy} processors. */
    static WorkerLauncher.PoolFactory poolCopy(String out) {
        return ctx -> tenant -> new TransformingProcessor(sideCopy(out, "pool"), ctx.producer());
    }

    /** A dedicated factory of a {@link #sideCopy} processor. */
    static WorkerLauncher.ProcessorFactory dedicatedCopy(String out) {
        return ctx -> new TransformingProcessor(sideCopy(out, "dedicated"), ctx.producer());
    }

    /** Writes {@code placement} to {@code cluster.placement} (creating the topic when needed) and waits for the ack. */
    static void place(KafkaBroker broker, Placement placement) throws Exception {
        broker.createTopic(Topics.CLUSTER_PLACEMENT, 1, Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            p.send(new ProducerRecord<>(Topics.CLUSTER_PLACEMENT, placement.tenant().getBytes(StandardCharsets.UTF_8),
                    JsonCodec.shared().encode(placement))).get(30, TimeUnit.SECONDS);
        }
    }

    /** Removes {@code tenant}'s placement with a tombstone. */
    static void unplace(KafkaBroker broker, String tenant) throws Exception {
        broker.createTopic(Topics.CLUSTER_PLACEMENT, 1, Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            p.send(new ProducerRecord<>(Topics.CLUSTER_PLACEMENT, tenant.getBytes(StandardCharsets.UTF_8), null))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * How far {@code group}'s committed offsets on {@code topic} have reached in broker time: the smallest
     * timestamp of the first record not yet committed over the partitions, or {@code nowMs} when every partition is
     * committed up to its end; -1 while some partition has no committed offset.
     */
    static long reachedMs(KafkaBroker broker, String group, String topic, int partitions, long nowMs) {
        try (KafkaConsumer<byte[], byte[]> c = broker.newConsumer(null)) {
            List<TopicPartition> tps = IntStream.range(0, partitions)
                    .mapToObj(i -> new TopicPartition(topic, i)).toList();
            Map<TopicPartition, OffsetAndMetadata> committed = broker.admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            long reached = nowMs;
            for (TopicPartition tp : tps) {
                OffsetAndMetadata o = committed.get(tp);
                if (o == null) {
                    if (ends.get(tp) == 0) {
                        continue;
                    }
                    return -1;
                }
                if (o.offset() < ends.get(tp)) {
                    reached = Math.min(reached, timestampAt(c, tp, o.offset()));
                }
            }
            return reached;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long timestampAt(KafkaConsumer<byte[], byte[]> c, TopicPartition tp, long offset) {
        c.assign(List.of(tp));
        c.seek(tp, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200)).records(tp)) {
                return r.timestamp();
            }
        }
        throw new IllegalStateException("no record at " + tp + "@" + offset);
    }

    /** The output records of {@code out} as {@code tenant|id|side} strings. */
    static List<String[]> outputs(KafkaBroker broker, String out) {
        return broker.readAll(out, Duration.ofSeconds(20)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8).split("\\|")).toList();
    }
}
