package io.kgrca.controlplane.placement;

import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.config.WorkerPassThrough;
import io.kgrca.controlplane.runtime.WorkerKind;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link GroupProgress} through the Kafka Admin API: the committed offsets of {@code <worker>-<tenant>} or of
 * {@code <worker>.pool} ({@code listConsumerGroupOffsets}), and per partition of the topics the worker reads the earliest and end offsets
 * and the first offset at or after the boundary ({@code listOffsets} with {@code OffsetSpec.forTimestamp}).
 */
public final class KafkaGroupProgress implements GroupProgress {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final Map<WorkerKind, List<String>> topics;

    /**
     * Uses {@code admin} (the caller owns it); each worker kind reads {@code topics.apply(kind)}.
     */
    public KafkaGroupProgress(Admin admin, Function<WorkerKind, List<String>> topics) {
        this.admin = admin;
        this.topics = new EnumMap<>(WorkerKind.class);
        for (WorkerKind k : WorkerKind.values()) {
            this.topics.put(k, List.copyOf(topics.apply(k)));
        }
    }

    /**
     * The topics a dedicated worker of {@code kind} reads: its {@code INPUT_TOPICS} when the control plane passes
     * one on, else the worker's own default (as in each worker's {@code Main}).
     */
    public static List<String> topicsOf(WorkerKind kind, WorkerPassThrough passThrough) {
        String given = passThrough.forKind(kind.id()).get("INPUT_TOPICS");
        if (given != null && !given.isBlank()) {
            return Arrays.stream(given.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return switch (kind) {
            case EVENT_NORMALIZER -> List.of(Topics.RAW_K8S_EVENTS);
            case LOG_NORMALIZER -> List.of(Topics.RAW_K8S_LOGS);
            case GRAPH_BUILDER -> List.of(Topics.EVENTS_NORMALIZED, Topics.LOGS_NORMALIZED,
                    Topics.STATE_K8S_RESOURCE, Topics.STATE_K8S_TOPOLOGY);
        };
    }

    @Override
    public Optional<List<PartitionProgress>> read(TenantId tenant, PlacementMode side, long boundaryMs)
            throws Exception {
        Map<WorkerKind, Map<TopicPartition, OffsetAndMetadata>> committed = new EnumMap<>(WorkerKind.class);
        boolean any = false;
        for (WorkerKind k : WorkerKind.values()) {
            Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group(k, tenant, side))
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            committed.put(k, c);
            any |= c.values().stream().anyMatch(o -> o != null);
        }
        if (!any) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        topics.values().forEach(names::addAll);
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        described.values().forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(),
                p.partition()))));
        Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResultInfo> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResultInfo> boundary = offsets(partitions, OffsetSpec.forTimestamp(boundaryMs));
        List<PartitionProgress> out = new ArrayList<>();
        for (WorkerKind k : WorkerKind.values()) {
            for (String topic : topics.get(k)) {
                for (TopicPartition tp : partitions) {
                    if (!tp.topic().equals(topic)) {
                        continue;
                    }
                    OffsetAndMetadata c = committed.get(k).get(tp);
                    ListOffsetsResultInfo b = boundary.get(tp);
                    boolean hasBoundary = b != null && b.offset() >= 0;
                    out.add(new PartitionProgress(group(k, tenant, side), topic, tp.partition(),
                            c == null ? -1 : c.offset(), earliest.get(tp).offset(), end.get(tp).offset(),
                            hasBoundary ? b.offset() : -1, hasBoundary ? b.timestamp() : -1));
                }
            }
        }
        return Optional.of(out);
    }

    private static String group(WorkerKind kind, TenantId tenant, PlacementMode side) {
        return side == PlacementMode.DEDICATED ? kind.consumerGroup(tenant) : PoolNames.group(kind.id());
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
