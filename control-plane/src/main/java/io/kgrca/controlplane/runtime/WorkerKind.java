package io.kgrca.controlplane.runtime;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;

import java.util.List;
import java.util.Optional;

/** The three workers every live tenant has. */
public enum WorkerKind {
    /** raw.k8s.events → events.normalized. */
    EVENT_NORMALIZER("event-normalizer", 0, List.of(Topics.RAW_K8S_EVENTS)),
    /** raw.k8s.logs → logs.normalized. */
    LOG_NORMALIZER("log-normalizer", 1, List.of(Topics.RAW_K8S_LOGS)),
    /** normalized and state topics → Neo4j. */
    GRAPH_BUILDER("graph-builder", 2, List.of(Topics.EVENTS_NORMALIZED, Topics.LOGS_NORMALIZED,
            Topics.STATE_K8S_RESOURCE, Topics.STATE_K8S_TOPOLOGY));

    private final String id;
    private final int slot;
    private final List<String> inputTopics;

    WorkerKind(String id, int slot, List<String> inputTopics) {
        this.id = id;
        this.slot = slot;
        this.inputTopics = inputTopics;
    }

    /** The topics the worker consumes (its pool's lag and partition count are measured on them). */
    public List<String> inputTopics() {
        return inputTopics;
    }

    /** The worker's name, as in container names and consumer groups. */
    public String id() {
        return id;
    }

    /** 0, 1 or 2: the worker's offset within its tenant's block of ports. */
    public int slot() {
        return slot;
    }

    /** The container name {@code kg-<worker>-<client>}. */
    public String containerName(TenantId tenant) {
        return "kg-" + id + "-" + tenant.value();
    }

    /** The consumer group {@code <worker>-<client>}. */
    public String consumerGroup(TenantId tenant) {
        return id + "-" + tenant.value();
    }

    /** The kind named {@code id}. */
    public static Optional<WorkerKind> fromId(String id) {
        for (WorkerKind k : values()) {
            if (k.id.equals(id)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
