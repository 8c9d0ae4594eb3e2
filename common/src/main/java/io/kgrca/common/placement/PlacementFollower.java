package io.kgrca.common.placement;

import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows {@code cluster.placement} into a {@link PlacementView}: a thread with its own consumer in assign mode (no
 * group), reading every partition from the beginning and then whatever arrives. A record that is no placement
 * ({@link PlacementDecoder}) is logged with its reason and counted ({@link #invalid()}), never stops it; a tombstone
 * removes the tenant's placement. While the topic does not exist the follower retries quietly every
 * {@code retry}, and the view counts as caught up (nothing is placed: a dedicated worker owns its tenant's records,
 * a pool instance none).
 */
public final class PlacementFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlacementFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final PlacementView view;
    private final String logTenant;
    private final Duration retry;
    private final Map<String, AtomicLong> invalid = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closing;
    private Map<TopicPartition, Long> endAtStart;

    /**
     * A follower with a consumer built from {@code clientProperties} (brokers and security, as
     * {@code KafkaSettings.clientProperties()}); {@code logTenant} is what its log lines carry as tenant.
     */
    public PlacementFollower(Map<String, Object> clientProperties, String clientId, PlacementView view,
                             String logTenant) {
        this(new KafkaConsumer<>(consumerProps(clientProperties, clientId)), view, logTenant, Duration.ofSeconds(2));
    }

    /** A follower on a given consumer (closed by {@link #close()}). */
    public PlacementFollower(Consumer<byte[], byte[]> consumer, PlacementView view, String logTenant,
                             Duration retry) {
        this.consumer = consumer;
        this.view = view;
        this.logTenant = logTenant;
        this.retry = retry;
        this.thread = new Thread(this::run, "placement-follower");
        this.thread.setDaemon(true);
    }

    /** The consumer properties of a follower: no group, no auto-commit, no topic auto-creation. */
    public static Map<String, Object> consumerProps(Map<String, Object> clientProperties, String clientId) {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    /** Starts following; returns at once. */
    public PlacementFollower start() {
        thread.start();
        return this;
    }

    /** The view it writes. */
    public PlacementView view() {
        return view;
    }

    /** Invalid records seen, by reason. */
    public Map<String, Long> invalid() {
        Map<String, Long> out = new HashMap<>();
        invalid.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Stops the thread and closes the consumer. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }

    private void run() {
        try (MDC.MDCCloseable t = MDC.putCloseable("tenant", logTenant)) {
            while (!closing) {
                if (consumer.assignment().isEmpty()) {
                    assign();
                } else {
                    poll();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                LOG.error("placement follower woken up unexpectedly; it stops", e);
            }
        } catch (RuntimeException e) {
            LOG.error("placement follower failed; placements are no longer followed", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void assign() {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(Topics.CLUSTER_PLACEMENT, Duration.ofSeconds(5));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.debug("{} not readable yet: {}", Topics.CLUSTER_PLACEMENT, e.toString());
            partitions = List.of();
        }
        if (partitions == null || partitions.isEmpty()) {
            // No topic yet: nothing is placed; look again later.
            view.markCaughtUp();
            sleep(retry);
            return;
        }
        List<TopicPartition> tps = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        endAtStart = new HashMap<>(consumer.endOffsets(tps));
        LOG.info("following {} ({} partition(s), {} record(s) to read)", Topics.CLUSTER_PLACEMENT, tps.size(),
                endAtStart.values().stream().mapToLong(Long::longValue).sum());
        checkCaughtUp();
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            apply(r);
        }
        checkCaughtUp();
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        PlacementDecoder.Decoded d = PlacementDecoder.decode(r.key(), r.value());
        if (d.invalid()) {
            invalid.computeIfAbsent(d.reason(), k -> new AtomicLong()).incrementAndGet();
            LOG.warn("ignored {}-{}@{} ({}): {}", r.topic(), r.partition(), r.offset(), d.reason(), d.detail());
        } else if (d.tombstone()) {
            view.remove(d.tenant());
            logChange(d.tenant(), "placed nowhere (tombstone)");
        } else {
            view.put(d.placement());
            logChange(d.tenant(), d.placement().mode().wire() + " since " + d.placement().since()
                    + (d.placement().previous() == null ? "" : ", before " + d.placement().previous().wire())
                    + ", epoch " + d.placement().epoch());
        }
    }

    private void logChange(String tenant, String what) {
        if (view.caughtUp()) {
            try (MDC.MDCCloseable t = MDC.putCloseable("tenant", tenant)) {
                LOG.info("placement of {}: {}", tenant, what);
            }
        }
    }

    private void checkCaughtUp() {
        if (view.caughtUp() || endAtStart == null) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> e : endAtStart.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return;
            }
        }
        view.markCaughtUp();
        LOG.info("caught up with {}: {} tenant(s) placed", Topics.CLUSTER_PLACEMENT, view.snapshot().size());
    }

    private void sleep(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        while (!closing && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closing = true;
            }
        }
    }
}
