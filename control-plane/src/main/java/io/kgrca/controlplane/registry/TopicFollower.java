package io.kgrca.controlplane.registry;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads every partition of one topic without a consumer group (no committed offsets: the state is rebuilt on every
 * start), from the beginning or from a point in time, and keeps following it. {@link #awaitCaughtUp} returns once
 * the end offsets captured at the start have been read. The handler must not throw; records it cannot use are its
 * own business.
 */
public final class TopicFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Instant from;
    private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * @param clientProps Kafka client properties (bootstrap and security)
     * @param from        null to read from the beginning, else the first record time to read
     */
    public TopicFollower(String topic, Map<String, Object> clientProps, Instant from,
                         Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        this.topic = topic;
        this.from = from;
        this.handler = handler;
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kg-control-plane-" + topic);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(p);
        this.thread = new Thread(this, "follow-" + topic);
        thread.setDaemon(true);
    }

    /** Starts the reading thread. */
    public TopicFollower start() {
        thread.start();
        return this;
    }

    /** Waits until the records present at the start have been handled. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once caught up. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            seekStart(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            LOG.info("reading {} ({} partitions) {} to offsets {}", topic, partitions.size(),
                    from == null ? "from the beginning" : "from " + from, end);
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handler.accept(r);
                }
                if (caughtUp.getCount() > 0 && reached(end)) {
                    LOG.info("{} read to its end", topic);
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                LOG.error("reader of {} woken unexpectedly", topic, e);
            }
        } catch (RuntimeException e) {
            LOG.error("reader of {} failed", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<TopicPartition> partitions() {
        while (!stopping) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            LOG.warn("topic {} has no partitions yet; waiting", topic);
        }
        throw new WakeupException();
    }

    private void seekStart(List<TopicPartition> partitions) {
        if (from == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(tp -> times.put(tp, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = offsets.get(tp);
            if (o == null) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, o.offset());
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
