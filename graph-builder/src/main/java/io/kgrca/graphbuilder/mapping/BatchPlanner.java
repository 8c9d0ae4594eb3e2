package io.kgrca.graphbuilder.mapping;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.NormalizedEvent;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.DependencyHints;
import io.kgrca.graphbuilder.signal.SignalClassifier;
import io.kgrca.graphbuilder.signal.SignalType;
import io.kgrca.graphbuilder.state.StateFold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collapses a batch of mutations into a {@link BatchPlan}. Pure.
 *
 * <p>Resource changes are also kept uncollapsed, in batch order, for the state and change signals
 * ({@link StateFold}), which must see every successive record of a resource, not only its last.
 *
 * <p>Resources and edges keep the last change per id (records of one key share a partition, so batch order is
 * their order). Updates of one aggregated event merge monotonically: earliest first-seen, latest last-seen, largest
 * count, and the text of the latest occurrence. Log records group by (pod, template) into one row carrying their
 * distinct occurrences.
 */
public final class BatchPlanner {

    /** Stored messages are cut to this many characters. */
    public static final int MAX_MESSAGE = 1000;

    private final DependencyHints hints;

    /** A planner that infers dependencies with {@code hints}. */
    public BatchPlanner(DependencyHints hints) {
        this.hints = hints;
    }

    /** The plan of {@code mutations}, in batch order. */
    public BatchPlan plan(List<Mutation> mutations) {
        Map<String, Mutation> resources = new LinkedHashMap<>();
        Map<String, Mutation> edges = new LinkedHashMap<>();
        Map<String, Map<String, Object>> events = new LinkedHashMap<>();
        Map<String, LogGroup> logs = new LinkedHashMap<>();
        Map<String, Long> logSources = new LinkedHashMap<>();
        List<StateFold.Change> resourceChanges = new ArrayList<>();
        Map<String, Mutation.ResourceUpsert> lastUpserts = new LinkedHashMap<>();
        for (Mutation m : mutations) {
            if (m instanceof Mutation.ResourceUpsert u) {
                resources.put(u.resource().ref().id(), u);
                lastUpserts.put(u.resource().ref().id(), u);
                resourceChanges.add(StateFold.Change.upsert(u.resource()));
            } else if (m instanceof Mutation.ResourceDelete d) {
                resources.put(d.id(), d);
                resourceChanges.add(StateFold.Change.delete(d.id(), d.at()));
            } else if (m instanceof Mutation.EdgeUpsert u) {
                edges.put(u.edge().id(), u);
            } else if (m instanceof Mutation.EdgeDelete d) {
                edges.put(d.id(), d);
            } else if (m instanceof Mutation.EventObserved e) {
                events.merge(e.event().eventId(), eventRow(e.event()), BatchPlanner::mergeEvents);
            } else if (m instanceof Mutation.LogObserved l) {
                logs.computeIfAbsent(LogGroup.idOf(l.log()), k -> new LogGroup(k, l.log())).add(l);
                logSources.merge(l.source(), l.offset(), Math::max);
            }
        }
        List<Map<String, Object>> resourceUpserts = new ArrayList<>();
        List<Map<String, Object>> resourceDeletes = new ArrayList<>();
        resources.forEach((id, m) -> {
            if (m instanceof Mutation.ResourceUpsert u) {
                resourceUpserts.add(resourceRow(u.resource()));
            } else {
                // A resource created and deleted within one batch keeps its last state in its stub, as it would
                // if the two records had come in separate batches (its node and labels matter to the analysis).
                Mutation.ResourceUpsert last = lastUpserts.get(id);
                if (last != null) {
                    resourceUpserts.add(resourceRow(last.resource()));
                }
                resourceDeletes.add(Map.of("id", id, "at", ((Mutation.ResourceDelete) m).at()));
            }
        });
        Map<EdgeType, List<Map<String, Object>>> edgeUpserts = new EnumMap<>(EdgeType.class);
        Map<EdgeType, List<String>> edgeDeletes = new EnumMap<>(EdgeType.class);
        edges.forEach((id, m) -> {
            if (m instanceof Mutation.EdgeUpsert u) {
                edgeUpserts.computeIfAbsent(u.edge().type(), t -> new ArrayList<>()).add(edgeRow(u.edge(), u.at()));
            } else {
                edgeDeletes.computeIfAbsent(((Mutation.EdgeDelete) m).edge().type(), t -> new ArrayList<>()).add(id);
            }
        });
        List<Map<String, Object>> logRows = new ArrayList<>();
        Map<String, Map<String, Object>> dependencies = new LinkedHashMap<>();
        for (LogGroup g : logs.values()) {
            logRows.add(g.row());
            for (ResourceRef service : g.dependencies(hints)) {
                dependencies.putIfAbsent(g.subject().id() + "->" + service.id(), dependencyRow(g.subject(), service));
            }
        }
        return new BatchPlan(resourceUpserts, resourceDeletes, edgeUpserts, edgeDeletes,
                new ArrayList<>(events.values()), logRows, new ArrayList<>(dependencies.values()), logSources,
                mutations.size(), resourceChanges);
    }

    static Map<String, Object> resourceRow(ResourceRecord r) {
        Map<String, Object> row = new LinkedHashMap<>(NodeRef.of(r.ref()).params());
        row.put("kind", r.ref().kind());
        row.put("uid", r.uid());
        row.put("cluster", r.cluster());
        List<String> labels = new ArrayList<>();
        new TreeMap<>(r.labels()).forEach((k, v) -> labels.add(k + "=" + v));
        row.put("labels_kv", labels);
        row.put("node", r.node());
        row.put("pod_ip", r.podIp());
        row.put("image", r.image());
        row.put("replicas", r.replicas());
        row.put("status_json", r.status().isEmpty() ? null : JsonCodec.shared().encodeToString(r.status()));
        row.put("spec_json", r.spec().isEmpty() ? null : JsonCodec.shared().encodeToString(r.spec()));
        row.put("updated_at", r.at() == null ? null : r.at().toEpochMilli());
        return row;
    }

    static Map<String, Object> edgeRow(EdgeRecord e, long at) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.id());
        row.put("at", at);
        row.put("from", NodeRef.of(e.from()).params());
        row.put("to", NodeRef.of(e.to()).params());
        row.put("updated_at", e.at() == null ? null : e.at().toEpochMilli());
        return row;
    }

    static Map<String, Object> eventRow(NormalizedEvent e) {
        long first = millis(e.firstSeen() != null ? e.firstSeen() : e.eventTime());
        long last = Math.max(first, millis(e.lastSeen() != null ? e.lastSeen() : e.eventTime()));
        SignalType type = SignalClassifier.classifyEvent(e.reason(), e.abstractType(), e.message(), e.severity());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.eventId());
        row.put("resource", NodeRef.of(e.subject().ref()).params());
        row.put("etype", e.etype() == null ? NormalizedEvent.K8S_EVENT : e.etype());
        row.put("reason", e.reason());
        row.put("abstract_type", e.abstractType());
        row.put("severity", e.severity().name());
        row.put("message", cut(e.message()));
        row.put("type", type.name());
        row.put("abnormal", type.isAbnormal());
        row.put("first_seen", first);
        row.put("last_seen", last);
        row.put("count", e.count() == null ? 1L : Math.max(1L, e.count()));
        return row;
    }

    /** Merges two rows of one event: monotonic times and count, text of the later occurrence. */
    static Map<String, Object> mergeEvents(Map<String, Object> a, Map<String, Object> b) {
        boolean bNewer = (long) b.get("last_seen") >= (long) a.get("last_seen");
        Map<String, Object> merged = new LinkedHashMap<>(bNewer ? b : a);
        merged.put("first_seen", Math.min((long) a.get("first_seen"), (long) b.get("first_seen")));
        merged.put("last_seen", Math.max((long) a.get("last_seen"), (long) b.get("last_seen")));
        merged.put("count", Math.max((long) a.get("count"), (long) b.get("count")));
        return merged;
    }

    private static Map<String, Object> dependencyRow(ResourceRef from, ResourceRef to) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "DEPENDS_ON:" + from.id() + "->" + to.id());
        row.put("from", NodeRef.of(from).params());
        row.put("to", NodeRef.of(to).params());
        return row;
    }

    static long millis(Instant t) {
        return t == null ? 0L : t.toEpochMilli();
    }

    static String cut(String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE);
    }

    /** Log records of one (pod, template) in a batch. */
    private static final class LogGroup {
        private final String id;
        private final ResourceRef subject;
        private final NormalizedLog first;
        private final Map<String, Map<String, Object>> occurrences = new LinkedHashMap<>();
        private final List<String> messages = new ArrayList<>();
        private NormalizedLog latest;
        private Severity severity;
        private SignalType type = SignalType.NORMAL;
        private long firstSeen = Long.MAX_VALUE;
        private long lastSeen = Long.MIN_VALUE;

        LogGroup(String id, NormalizedLog first) {
            this.id = id;
            this.subject = first.subject().ref();
            this.first = first;
            this.latest = first;
            this.severity = first.severity();
        }

        static String idOf(NormalizedLog log) {
            return log.subject().ref().id() + "#" + log.templateId();
        }

        ResourceRef subject() {
            return subject;
        }

        void add(Mutation.LogObserved o) {
            NormalizedLog l = o.log();
            long ts = millis(l.timestamp());
            if (occurrences.containsKey(l.logId())) {
                return;
            }
            Map<String, Object> occ = new LinkedHashMap<>();
            occ.put("log_id", l.logId());
            occ.put("ts", ts);
            occ.put("src", o.source());
            occ.put("offset", o.offset());
            occurrences.put(l.logId(), occ);
            firstSeen = Math.min(firstSeen, ts);
            if (ts >= lastSeen) {
                lastSeen = ts;
                latest = l;
            }
            if (l.severity().compareTo(severity) > 0) {
                severity = l.severity();
            }
            SignalType t = SignalClassifier.classifyLog(l.errorType(), l.message(), l.severity());
            if (type == SignalType.NORMAL && t.isAbnormal()) {
                type = t;
            }
            if (messages.size() < 3 && l.message() != null && !messages.contains(l.message())) {
                messages.add(l.message());
            }
        }

        List<ResourceRef> dependencies(DependencyHints hints) {
            List<ResourceRef> all = new ArrayList<>();
            for (String m : messages) {
                for (ResourceRef r : hints.servicesIn(m, type)) {
                    if (!all.contains(r)) {
                        all.add(r);
                    }
                }
            }
            if (messages.isEmpty()) {
                all.addAll(hints.servicesIn(first.template(), type));
            }
            return all;
        }

        Map<String, Object> row() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("resource", NodeRef.of(subject).params());
            row.put("template_id", first.templateId());
            row.put("template", cut(latest.template()));
            row.put("message", cut(latest.message()));
            row.put("error_type", latest.errorType());
            row.put("container", latest.container());
            row.put("severity", severity.name());
            row.put("type", type.name());
            row.put("abnormal", type.isAbnormal());
            row.put("first_seen", firstSeen);
            row.put("last_seen", lastSeen);
            row.put("occurrences", new ArrayList<>(occurrences.values()));
            return row;
        }
    }
}
