package io.kgrca.common.topic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of the topics of the wire contract (13) and of tenant admission (2: {@code cluster.tenants},
 * {@code cluster.registry.replies}), with the partitions, cleanup policy and retention the project owns. Names are
 * an external contract and never change.
 */
public final class Topics {

    /** Compacted registry of clusters; a tombstone deregisters. */
    public static final String CLUSTER_REGISTRY = "cluster.registry";
    /** Compacted list of the tenants the operator provisioned; a tombstone deprovisions. */
    public static final String CLUSTER_TENANTS = "cluster.tenants";
    /** Compacted answers to registrations, keyed by tenant: accepted or refused, and why. */
    public static final String CLUSTER_REGISTRY_REPLIES = "cluster.registry.replies";
    /** Compacted; each tenant's placement (shared or dedicated, and its last handoff), written by the control plane. */
    public static final String CLUSTER_PLACEMENT = "cluster.placement";
    /** Liveness signals. */
    public static final String CLUSTER_HEARTBEAT = "cluster.heartbeat";
    /** Kubernetes events as the agent sends them. */
    public static final String RAW_K8S_EVENTS = "raw.k8s.events";
    /** Container log lines as Vector sends them. */
    public static final String RAW_K8S_LOGS = "raw.k8s.logs";
    /** Output of the event-normalizer. */
    public static final String EVENTS_NORMALIZED = "events.normalized";
    /** Output of the log-normalizer. */
    public static final String LOGS_NORMALIZED = "logs.normalized";
    /** Compacted resource state. */
    public static final String STATE_K8S_RESOURCE = "state.k8s.resource";
    /** Compacted topology edges. */
    public static final String STATE_K8S_TOPOLOGY = "state.k8s.topology";
    /** Compacted Prometheus scrape targets. */
    public static final String STATE_PROM_TARGETS = "state.prom.targets";
    /** Raw alerts. */
    public static final String ALERTS_RAW = "alerts.raw";
    /** Alerts with context. */
    public static final String ALERTS_ENRICHED = "alerts.enriched";
    /** Dead letters of records that came from a normalized or state topic. */
    public static final String DLQ_NORMALIZED = "dlq.normalized";
    /** Dead letters of records that came from a raw topic. */
    public static final String DLQ_RAW = "dlq.raw";

    /** Largest record a raw topic accepts, and the dead-letter producer's ceiling is above it. */
    public static final int RAW_MAX_MESSAGE_BYTES = 1_048_588;
    /** Dead-letter topics accept records up to 4 MiB so that any record that entered can leave with its headers. */
    public static final int DLQ_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private static final List<TopicSpec> ALL = List.of(
            compacted(CLUSTER_REGISTRY, 3, "cluster registrations; tombstone = deregister"),
            heartbeats(),
            deleting(RAW_K8S_EVENTS, 6, Duration.ofDays(7), false, "Kubernetes events from agents"),
            deleting(RAW_K8S_LOGS, 6, Duration.ofDays(3), true, "container log lines from Vector"),
            deleting(EVENTS_NORMALIZED, 6, Duration.ofDays(7), false, "normalized events"),
            deleting(LOGS_NORMALIZED, 6, Duration.ofDays(3), true, "normalized log signals"),
            compacted(STATE_K8S_RESOURCE, 6, "resource state; tombstone = deleted"),
            compacted(STATE_K8S_TOPOLOGY, 3, "topology edges; tombstone = deleted"),
            compacted(STATE_PROM_TARGETS, 3, "Prometheus scrape targets"),
            deleting(ALERTS_RAW, 3, Duration.ofDays(7), false, "raw alerts"),
            deleting(ALERTS_ENRICHED, 3, Duration.ofDays(7), false, "alerts with context"),
            deadLetter(DLQ_NORMALIZED, "records from normalized and state topics that failed"),
            deadLetter(DLQ_RAW, "records from raw topics that failed"),
            compacted(CLUSTER_TENANTS, 1, "tenants provisioned by the operator; tombstone = deprovisioned"),
            compacted(CLUSTER_REGISTRY_REPLIES, 3, "the control plane's answer to each registration, by tenant"),
            compacted(CLUSTER_PLACEMENT, 1, "each tenant's placement, shared or dedicated; tombstone = placed nowhere"));

    private Topics() {
    }

    /** All 15 topics, in a stable order. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** The spec of {@code name}, if it is one of ours. */
    public static Optional<TopicSpec> find(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The dead-letter topic for a record that failed after being read from {@code sourceTopic}. */
    public static String deadLetterTopicFor(String sourceTopic) {
        return sourceTopic.startsWith("raw.") ? DLQ_RAW : DLQ_NORMALIZED;
    }

    private static TopicSpec compacted(String name, int partitions, String purpose) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "compact");
        // Keep tombstones a day so that a reader that was away still sees the deletion.
        c.put("delete.retention.ms", String.valueOf(Duration.ofDays(1).toMillis()));
        return new TopicSpec(name, partitions, c, purpose);
    }

    private static TopicSpec deleting(String name, int partitions, Duration retention, boolean lz4, String purpose) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "delete");
        c.put("retention.ms", String.valueOf(retention.toMillis()));
        if (lz4) {
            c.put("compression.type", "lz4");
        }
        return new TopicSpec(name, partitions, c, purpose);
    }

    private static TopicSpec heartbeats() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "delete");
        c.put("retention.ms", String.valueOf(Duration.ofHours(6).toMillis()));
        // The broker stamps each heartbeat with its own clock, so a control plane that reads heartbeats back
        // after a restart judges liveness by server time, never by the tenant's clock.
        c.put("message.timestamp.type", "LogAppendTime");
        return new TopicSpec(CLUSTER_HEARTBEAT, 3, c, "liveness signals (broker-stamped)");
    }

    private static TopicSpec deadLetter(String name, String purpose) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "delete");
        c.put("retention.ms", String.valueOf(Duration.ofDays(14).toMillis()));
        c.put("max.message.bytes", String.valueOf(DLQ_MAX_MESSAGE_BYTES));
        return new TopicSpec(name, 3, c, purpose);
    }
}
