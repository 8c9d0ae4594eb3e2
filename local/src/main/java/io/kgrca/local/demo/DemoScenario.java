package io.kgrca.local.demo;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo fault, as the agent and Vector would publish it for one tenant: the {@code shop/api} container is
 * OOM-killed, then crash-loops ({@code BackOff}, {@code CrashLoopBackOff}) and fails readiness, while the
 * {@code shop/web} pods log 503s from the api upstream. Records are raw (events in the {@code core/v1} shape on
 * {@code raw.k8s.events}, Vector log lines on {@code raw.k8s.logs}) so they pass through both normalizers; state
 * goes to {@code state.k8s.resource} and {@code state.k8s.topology}.
 */
public final class DemoScenario {

    /** The pod whose container is OOM-killed. */
    public static final ResourceRef API_POD = ResourceRef.of("Pod", "shop", "api-5f7c9-x2k4q");
    /** The reason of the injected root cause. */
    public static final String ROOT_CAUSE_REASON = "OOMKilled";

    private static final ResourceRef NODE = ResourceRef.of("Node", "", "worker-1");
    private static final ResourceRef API_DEPLOY = ResourceRef.of("Deployment", "shop", "api");
    private static final ResourceRef API_RS = ResourceRef.of("ReplicaSet", "shop", "api-5f7c9");
    private static final ResourceRef API_SVC = ResourceRef.of("Service", "shop", "api");
    private static final ResourceRef WEB_DEPLOY = ResourceRef.of("Deployment", "shop", "web");
    private static final ResourceRef WEB_RS = ResourceRef.of("ReplicaSet", "shop", "web-7d4b8");
    private static final ResourceRef WEB_POD = ResourceRef.of("Pod", "shop", "web-7d4b8-q9z2m");
    private static final ResourceRef WEB_SVC = ResourceRef.of("Service", "shop", "web");

    private final TenantId tenant;
    private final Instant t0;
    private final JsonCodec json = JsonCodec.shared();

    /** The scenario of {@code tenant}, its fault starting at {@code t0}. */
    public DemoScenario(TenantId tenant, Instant t0) {
        this.tenant = tenant;
        this.t0 = t0;
    }

    /** Resources and topology edges, as the agent's initial sync sends them. */
    public List<ProducerRecord<byte[], byte[]>> state() {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ResourceRef r : List.of(NODE, API_DEPLOY, API_RS, API_SVC, API_POD, WEB_DEPLOY, WEB_RS, WEB_POD, WEB_SVC)) {
            out.add(resource(r));
        }
        out.add(edge(EdgeType.CONTROLS, API_DEPLOY, API_RS));
        out.add(edge(EdgeType.CONTROLS, API_RS, API_POD));
        out.add(edge(EdgeType.SELECTS, API_SVC, API_POD));
        out.add(edge(EdgeType.RUNS_ON, API_POD, NODE));
        out.add(edge(EdgeType.CONTROLS, WEB_DEPLOY, WEB_RS));
        out.add(edge(EdgeType.CONTROLS, WEB_RS, WEB_POD));
        out.add(edge(EdgeType.SELECTS, WEB_SVC, WEB_POD));
        out.add(edge(EdgeType.RUNS_ON, WEB_POD, NODE));
        return out;
    }

    /** How many resources and edges {@link #state()} sends. */
    public static int stateResources() {
        return 9;
    }

    /** The fault: raw events and raw log lines. */
    public List<ProducerRecord<byte[], byte[]>> fault() {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        out.add(event("e-api-started", API_POD, "Started", "Normal", "Started container api", 0, 1));
        out.add(event("e-api-oom", API_POD, ROOT_CAUSE_REASON, "Warning",
                "Container api was OOMKilled: memory limit 256Mi exceeded (exit code 137)", 60, 1));
        out.add(event("e-api-backoff", API_POD, "BackOff", "Warning",
                "Back-off restarting failed container api in pod api-5f7c9-x2k4q", 75, 6));
        out.add(event("e-api-crashloop", API_POD, "CrashLoopBackOff", "Warning",
                "Container api is in CrashLoopBackOff (restart count 6)", 90, 4));
        out.add(event("e-api-unready", API_POD, "Unhealthy", "Warning",
                "Readiness probe failed: dial tcp 127.0.0.1:8080: connect: connection refused", 80, 12));
        out.add(log(API_POD, "api", 58, "java.lang.OutOfMemoryError: Java heap space"));
        for (int i = 0; i < 6; i++) {
            out.add(log(WEB_POD, "web", 95 + i * 5L,
                    "ERROR GET /checkout: upstream http://api.shop.svc.cluster.local:8080/orders returned 503 "
                            + "Service Unavailable"));
        }
        return out;
    }

    /** The uids of the raw events {@link #fault()} sends. */
    public static List<String> faultEventUids() {
        return List.of("e-api-started", "e-api-oom", "e-api-backoff", "e-api-crashloop", "e-api-unready");
    }

    /** {@code n} more warning events about the web pod with uids {@code <prefix>-<i>}. */
    public List<ProducerRecord<byte[], byte[]>> moreEvents(String prefix, int n) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(numberedEvent(prefix, i));
        }
        return out;
    }

    /**
     * Warning event number {@code i} about the web pod: raw uid {@code <prefix>-<i>}, message ending in
     * {@code (<prefix> <i>)} (what {@link #numberOf(String, String)} reads back from a normalized event or a node),
     * occurring at {@code t0 + 120 s + i s}. Its time runs one second per number: fine for a few events, not for a
     * feed ({@link #numberedEvent(String, int, Instant)}), whose later events would be stamped further and further
     * in the future and rejected once more than {@code TIME_WINDOW_AHEAD} after their broker timestamps.
     */
    public ProducerRecord<byte[], byte[]> numberedEvent(String prefix, int i) {
        return numberedEvent(prefix, i, t0.plusSeconds(120L + i));
    }

    /**
     * Warning event number {@code i} as {@link #numberedEvent(String, int)}, occurring at {@code at} (first and last
     * seen): a continuous feed passes the time it sends the event, as a cluster's agent would.
     */
    public ProducerRecord<byte[], byte[]> numberedEvent(String prefix, int i, Instant at) {
        return event(prefix + "-" + i, WEB_POD, "Unhealthy", "Warning",
                "Readiness probe failed: HTTP probe failed with statuscode: 503 (" + prefix + " " + i + ")", at, 1);
    }

    /**
     * Log line number {@code i} of the web pod, its message ending in {@code (<prefix> <i>)}, at {@code t0 + 120 s +
     * i s} (for a few lines; a feed uses {@link #numberedLog(String, int, Instant)}).
     */
    public ProducerRecord<byte[], byte[]> numberedLog(String prefix, int i) {
        return numberedLog(prefix, i, t0.plusSeconds(120L + i));
    }

    /** Log line number {@code i} as {@link #numberedLog(String, int)}, logged at {@code at}. */
    public ProducerRecord<byte[], byte[]> numberedLog(String prefix, int i, Instant at) {
        return log(WEB_POD, "web", at, "WARN GET /cart: slow upstream response from api (" + prefix + " " + i + ")");
    }

    /** The number {@code i} of a message ending in {@code (<prefix> <i>)}, or -1 when it is not one. */
    public static int numberOf(String prefix, String message) {
        String marker = "(" + prefix + " ";
        int at = message == null ? -1 : message.lastIndexOf(marker);
        if (at < 0 || !message.endsWith(")")) {
            return -1;
        }
        try {
            return Integer.parseInt(message.substring(at + marker.length(), message.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private ProducerRecord<byte[], byte[]> resource(ResourceRef r) {
        Map<String, Object> status = "Pod".equals(r.kind()) && r.equals(API_POD)
                ? Map.of("phase", "Running", "ready", false, "restarts", 6) : Map.of("phase", "Running");
        ResourceRecord value = new ResourceRecord(Op.UPSERT, t0, r, "uid-" + r.name(), tenant.value(),
                Map.of("app", r.name()), null, "Pod".equals(r.kind()) ? NODE.name() : null, null, null, null,
                status, null);
        return record(Topics.STATE_K8S_RESOURCE, "resource", r.id(), json.encode(value));
    }

    private ProducerRecord<byte[], byte[]> edge(EdgeType type, ResourceRef from, ResourceRef to) {
        EdgeRecord e = new EdgeRecord(Op.UPSERT, t0, type, from, to);
        return record(Topics.STATE_K8S_TOPOLOGY, "edge", e.id(), json.encode(e));
    }

    private ProducerRecord<byte[], byte[]> event(String uid, ResourceRef about, String reason, String type,
                                                 String message, long atSeconds, int count) {
        return event(uid, about, reason, type, message, t0.plusSeconds(atSeconds), count);
    }

    private ProducerRecord<byte[], byte[]> event(String uid, ResourceRef about, String reason, String type,
                                                 String message, Instant first, int count) {
        Map<String, Object> involved = new LinkedHashMap<>();
        involved.put("kind", about.kind());
        involved.put("namespace", about.namespace());
        involved.put("name", about.name());
        involved.put("uid", "uid-" + about.name());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("metadata", Map.of("name", about.name() + "." + uid, "namespace", about.namespace(), "uid", uid));
        v.put("involvedObject", involved);
        v.put("reason", reason);
        v.put("message", message);
        v.put("type", type);
        v.put("source", Map.of("component", "kubelet", "host", NODE.name()));
        v.put("firstTimestamp", first.toString());
        v.put("lastTimestamp", first.plusSeconds((count - 1) * 10L).toString());
        v.put("count", count);
        return record(Topics.RAW_K8S_EVENTS, "event", uid, json.encode(v));
    }

    private ProducerRecord<byte[], byte[]> log(ResourceRef pod, String container, long atSeconds, String line) {
        return log(pod, container, t0.plusSeconds(atSeconds), line);
    }

    private ProducerRecord<byte[], byte[]> log(ResourceRef pod, String container, Instant at, String line) {
        Map<String, Object> k8s = new LinkedHashMap<>();
        k8s.put("pod_name", pod.name());
        k8s.put("pod_namespace", pod.namespace());
        k8s.put("pod_uid", "uid-" + pod.name());
        k8s.put("container_name", container);
        k8s.put("container_image", "registry.example/" + container + ":1.4");
        k8s.put("pod_node_name", NODE.name());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("message", line);
        v.put("timestamp", at.toString());
        v.put("stream", "stderr");
        v.put("kubernetes", k8s);
        return record(Topics.RAW_K8S_LOGS, "log", "uid-" + pod.name(), json.encode(v));
    }

    private ProducerRecord<byte[], byte[]> record(String topic, String type, String id, byte[] value) {
        return new ProducerRecord<>(topic, KeyCodec.encode(tenant, type, id), value);
    }

    /** UTF-8 text of a record value, for logs. */
    public static String text(byte[] value) {
        return value == null ? "null" : new String(value, StandardCharsets.UTF_8);
    }
}
