package io.kgrca.rcaeval.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kgrca.agent.replay.TimelineEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Records a generated cluster's life as timeline entries: objects re-emitted whole on each change (as a watch
 * delivers them), events (aggregated ones re-emitted with a rising count), and log lines. Keeps each pod's status,
 * each workload's generation and each event's count.
 */
final class Tape {

    /** An event that may repeat (one uid, rising count). */
    static final class Agg {
        final ObjectNode first;
        final Instant firstSeen;
        int count = 1;

        Agg(ObjectNode first, Instant firstSeen) {
            this.first = first;
            this.firstSeen = firstSeen;
        }
    }

    final Random rng;
    final Cluster cluster;
    final Instant t0;
    final LogLines lines;
    private final List<TimelineEntry> entries = new ArrayList<>();
    private final Map<String, K8sJson.PodState> pods = new HashMap<>();
    private final Map<String, Instant> created = new HashMap<>();
    private final Map<String, Integer> generations = new HashMap<>();
    private final Map<String, String> nodeUids = new HashMap<>();

    Tape(Random rng, Cluster cluster, Instant t0) {
        this.rng = rng;
        this.cluster = cluster;
        this.t0 = t0;
        this.lines = new LogLines(rng);
    }

    /** The entries in time order (stable for equal times). */
    List<TimelineEntry> entries() {
        List<TimelineEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(TimelineEntry::at));
        return sorted;
    }

    /** Any object, as an upsert at {@code at}. */
    void object(Instant at, ObjectNode object) {
        entries.add(TimelineEntry.object(at, TimelineEntry.Op.UPSERT, object));
    }

    /** Any object, as a delete at {@code at}. */
    void deleted(Instant at, ObjectNode object) {
        entries.add(TimelineEntry.object(at, TimelineEntry.Op.DELETE, object));
    }

    /** The state of a pod (created on first use with the service's image). */
    K8sJson.PodState state(Cluster.Service s, Cluster.Pod p) {
        return pods.computeIfAbsent(p.name, k -> {
            K8sJson.PodState st = new K8sJson.PodState();
            st.image = s.image + ":" + s.tag;
            return st;
        });
    }

    /** Emits the pod as its state now is. */
    void pod(Instant at, Cluster.Service s, Cluster.Pod p) {
        Instant c = created.computeIfAbsent(p.name, k -> at);
        object(at, K8sJson.pod(s, p, state(s, p), c, env(s)));
    }

    /** Emits the deleted pod. */
    void podDeleted(Instant at, Cluster.Service s, Cluster.Pod p) {
        deleted(at, K8sJson.pod(s, p, state(s, p), created.getOrDefault(p.name, at), env(s)));
    }

    /** Emits the service's workload; a new generation when {@code newGeneration}. */
    void workload(Instant at, Cluster.Service s, int replicas, int ready, boolean newGeneration, boolean progressing,
                  String reason) {
        int g = generations.merge(s.workloadId(), newGeneration ? 1 : 0, Integer::sum);
        object(at, K8sJson.workload(s, replicas, ready, Math.max(1, g), progressing, reason, t0));
    }

    /** Emits a node. */
    void node(Instant at, Cluster.Node n, String ready, String reason, String pressure, boolean unschedulable) {
        String uid = nodeUids.computeIfAbsent(n.name(), k -> Words.uid(rng));
        object(at, K8sJson.node(n, uid, ready, reason, pressure, unschedulable, t0.minus(Duration.ofDays(3)), at));
    }

    /** A new event about an object; returns it for repeats. */
    Agg event(Instant at, String ns, String kind, String name, String objUid, String reason, String type,
              String message, String component, String host) {
        String uid = Words.uid(rng);
        ObjectNode e = K8sJson.event(ns, kind, name, objUid, reason, type, message,
                name + "." + Words.hex(rng, 16), uid, at, at, 1, component, host);
        object(at, e);
        return new Agg(e, at);
    }

    /** A pod event from the kubelet. */
    Agg podEvent(Instant at, Cluster.Service s, Cluster.Pod p, String reason, String type, String message) {
        return event(at, s.ns, "Pod", p.name, p.uid, reason, type, message, "kubelet", p.node);
    }

    /** The event again at {@code at} with a higher count (Kubernetes' aggregation). */
    void repeat(Agg agg, Instant at) {
        agg.count++;
        ObjectNode e = agg.first.deepCopy();
        e.put("count", agg.count).put("lastTimestamp", at.toString());
        object(at, e);
    }

    /** A container log line. */
    void log(Instant at, Cluster.Service s, Cluster.Pod p, String message) {
        String stream = message.contains("ERROR") || message.contains("error") ? "stderr" : "stdout";
        entries.add(TimelineEntry.log(at, K8sJson.log(s, p, state(s, p).image, message, at, stream)));
    }

    /** Seconds after {@code at}. */
    static Instant plus(Instant at, long seconds) {
        return at.plusSeconds(seconds);
    }

    /** The environment of a service's pods: its dependencies, named as the service names them. */
    Map<String, String> env(Cluster.Service s) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Cluster.Call c : s.calls) {
            String key = c.callee().name.toUpperCase(Locale.ROOT).replace('-', '_');
            String scheme = switch (c.callee().flavour) {
                case "postgres" -> "postgres://app@";
                case "mysql" -> "mysql://app@";
                case "redis" -> "redis://";
                default -> "http://";
            };
            String host = c.host().contains(":") ? c.host() : c.host() + ":" + c.callee().port;
            env.put(key + (c.callee().role == Cluster.Role.APP ? "_URL" : "_DSN"), scheme + host);
        }
        return env;
    }
}
