package io.kgrca.controlplane.registry;

import io.kgrca.common.retry.ExponentialBackoff;
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

/**
 * Reads every partition of one topic without a consumer group (no committed offsets: the state is rebuilt on every
 * start), from the beginning or from a point in time, and keeps following it. {@link #awaitCaughtUp} returns once
 * the end offsets captured at the start have been read. It never stops on its own: a handler that throws loses
 * only that record (logged), and a failing consumer is retried with a capped backoff from where it was.
 */
public final class TopicFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Instant from;
    private final Handler handler;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * @param clientProps Kafka client properties (bootstrap and security)
     * @param from        null to read from the beginning, else the first record time to read
     */
    public TopicFollower(String topic, Map<String, Object> clientProps, Instant from,
                         Handler handler) {
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

    /** The topic read. */
    public String topic() {
        return topic;
    }

    /** True once caught up. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** What to do with each record. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles one record.
         *
         * @param record   the record
         * @param replayed true when it was already in the topic when reading started (below the end offsets
         *                 captured then), false when it arrived while following
         */
        void handle(ConsumerRecord<byte[], byte[]> record, boolean replayed);
    }

    @Override
    public void run() {
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(30), 0.2);
        int failures = 0;
        Map<TopicPartition, Long> end = null;
        try {
            while (!stopping) {
                try {
                    if (end == null) {
                        end = begin();
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        Long e = end.get(new TopicPartition(r.topic(), r.partition()));
                        handle(r, e != null && r.offset() < e);
                    }
                    if (caughtUp.getCount() > 0 && reached(end)) {
                        LOG.info("{} read to its end", topic);
                        caughtUp.countDown();
                    }
                    failures = 0;
                } catch (WakeupException e) {
                    if (!stopping) {
                        LOG.warn("reader of {} woken unexpectedly; going on", topic);
                    }
                } catch (RuntimeException e) {
                    Duration wait = backoff.delay(++failures, Math.random());
                    LOG.warn("reading {} failed ({} in a row), retrying in {}: {}", topic, failures, wait, e.toString());
                    pause(wait);
                }
            }
        } finally {
            // close() interrupts a reader that waits in its handler; the consumer must still close cleanly.
            boolean interrupted = Thread.interrupted();
            consumer.close(Duration.ofSeconds(5));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<TopicPartition, Long> begin() {
        List<TopicPartition> partitions = partitions();
        consumer.assign(partitions);
        seekStart(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        LOG.info("reading {} ({} partitions) {} to offsets {}", topic, partitions.size(),
                from == null ? "from the beginning" : "from " + from, end);
        return end;
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, boolean replayed) {
        try {
            handler.handle(r, replayed);
        } catch (RuntimeException e) {
            LOG.error("{}-{}@{}: the record could not be handled and is skipped", r.topic(), r.partition(), r.offset(), e);
        }
    }

    private void pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (!stopping && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
        if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        stopping = true;
        consumer.wakeup();
        thread.interrupt();
        thread.join(10_000);
    }
}
