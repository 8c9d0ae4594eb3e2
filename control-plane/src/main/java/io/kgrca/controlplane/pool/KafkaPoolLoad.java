package io.kgrca.controlplane.pool;

import io.kgrca.common.placement.PoolNames;
import io.kgrca.controlplane.runtime.WorkerKind;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link PoolLoad} through the Kafka admin client: the lag is the sum, over the partitions of the kind's input
 * topics that the pool's group has committed, of the end offset minus the committed offset (a group that has not
 * committed yet has no measurable lag: 0); the partition count is the largest input topic's. Errors count as 0
 * (no scaling on an unknown lag, no cap on an unknown count) and are logged.
 */
public final class KafkaPoolLoad implements PoolLoad {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPoolLoad.class);

    private final Admin admin;
    private final Duration timeout;
    private final Map<WorkerKind, Integer> partitions = new HashMap<>();

    /** Reads through {@code admin}, which the caller owns, waiting at most {@code timeout} per call. */
    public KafkaPoolLoad(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public long lag(WorkerKind kind) {
        String group = PoolNames.group(kind.id());
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.forEach((tp, o) -> {
                if (o != null && kind.inputTopics().contains(tp.topic())) {
                    latest.put(tp, OffsetSpec.latest());
                }
            });
            if (latest.isEmpty()) {
                return 0;
            }
            var ends = admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                lag += Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("tenant=- cannot read the lag of group {}: {}", group, e.toString());
            return 0;
        }
    }

    @Override
    public synchronized int partitions(WorkerKind kind) {
        Integer known = partitions.get(kind);
        if (known != null) {
            return known;
        }
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(kind.inputTopics()).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int max = topics.values().stream().mapToInt(d -> d.partitions().size()).max().orElse(0);
            partitions.put(kind, max);
            return max;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("tenant=- cannot describe the input topics of {}: {}", kind.id(), e.toString());
            return 0;
        }
    }
}
