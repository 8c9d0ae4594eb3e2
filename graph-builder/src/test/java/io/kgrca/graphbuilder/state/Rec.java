package io.kgrca.graphbuilder.state;

import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds resource records in the agent's summary shapes for the state tests. */
final class Rec {

    static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    private final ResourceRef ref;
    private String uid = "uid-1";
    private String image;
    private Integer replicas;
    private final Map<String, Object> status = new LinkedHashMap<>();
    private final Map<String, Object> spec = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();

    private Rec(ResourceRef ref) {
        this.ref = ref;
    }

    static Rec of(String kind, String ns, String name) {
        return new Rec(ResourceRef.of(kind, ns, name));
    }

    static Rec pod(String name) {
        return of("Pod", "shop", name);
    }

    static Rec node(String name) {
        return of("Node", "", name);
    }

    Rec uid(String u) {
        uid = u;
        return this;
    }

    Rec image(String i) {
        image = i;
        return this;
    }

    Rec replicas(Integer r) {
        replicas = r;
        return this;
    }

    Rec status(String k, Object v) {
        status.put(k, v);
        return this;
    }

    Rec spec(String k, Object v) {
        spec.put(k, v);
        return this;
    }

    Rec label(String k, String v) {
        labels.put(k, v);
        return this;
    }

    /** A pod's container summary. */
    Rec container(String name, String state, String reason, Integer exit, int restarts, String lastReason) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("ready", "running".equals(state));
        c.put("restart_count", restarts);
        if (state != null) {
            c.put("state", state);
        }
        if (reason != null) {
            c.put("reason", reason);
        }
        if (exit != null) {
            c.put("exit_code", exit);
        }
        if (lastReason != null) {
            c.put("last_terminated_reason", lastReason);
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) status.computeIfAbsent("containers", k -> new ArrayList<>());
        list.add(c);
        status.put("restarts", ((Number) status.getOrDefault("restarts", 0)).intValue() + restarts);
        return this;
    }

    /** The record observed {@code seconds} after {@link #T0}. */
    ResourceRecord at(long seconds) {
        return new ResourceRecord(Op.UPSERT, T0.plusSeconds(seconds), ref, uid, "c1", labels, null, null, null, image,
                replicas, new LinkedHashMap<>(status), new LinkedHashMap<>(spec));
    }
}
