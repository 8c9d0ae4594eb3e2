package io.kgrca.agent.state;

import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.ResourceRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small helpers on the records: the spec fields the topology reads (by name, as the mappers write them), and copies
 * with or without the observation time.
 */
public final class ResourceMaps {

    /** A service's selector in {@link ResourceRecord#spec()}. */
    public static final String SELECTOR = "selector";
    /** A pod's ConfigMap names. */
    public static final String CONFIG_REFS = "config_refs";
    /** A pod's Secret names. */
    public static final String SECRET_REFS = "secret_refs";
    /** A pod's PersistentVolumeClaim names. */
    public static final String CLAIMS = "claims";
    /** A claim's volume name. */
    public static final String VOLUME_NAME = "volume_name";
    /** The service of an EndpointSlice or Endpoints. */
    public static final String SERVICE = "service";
    /** The pods an EndpointSlice or Endpoints lists (by targetRef). */
    public static final String PODS = "pods";
    /** An Ingress's backend services. */
    public static final String BACKENDS = "backends";
    /** An autoscaler's target, {@code Kind/name}. */
    public static final String TARGET = "target";
    /** A NetworkPolicy's pod selector (matchLabels; empty selects every pod of its namespace). */
    public static final String POD_SELECTOR = "pod_selector";
    /** A NetworkPolicy's pod selector expressions ({@code key}, {@code operator}, {@code values}). */
    public static final String POD_SELECTOR_EXPRESSIONS = "pod_selector_expressions";

    private ResourceMaps() {
    }

    /** A service's selector from its spec summary, or empty. */
    public static Map<String, String> selectorOf(ResourceRecord service) {
        return stringMap(service, SELECTOR);
    }

    /** A string-to-string map of the spec, or empty (absent or not a map). */
    public static Map<String, String> stringMap(ResourceRecord r, String field) {
        Object raw = r.spec().get(field);
        if (!(raw instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k.toString(), v.toString());
            }
        });
        return out;
    }

    /** A list of strings of the spec, or empty (absent or not a list); blank entries are dropped. */
    public static List<String> strings(ResourceRecord r, String field) {
        Object raw = r.spec().get(field);
        if (!(raw instanceof List<?> list)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o != null && !o.toString().isBlank()) {
                out.add(o.toString());
            }
        }
        return out;
    }

    /** A non-blank string of the spec, or null. */
    public static String string(ResourceRecord r, String field) {
        Object raw = r.spec().get(field);
        return raw == null || raw.toString().isBlank() ? null : raw.toString();
    }

    /** The same record observed at {@code at} (null: timeless, for comparisons). */
    public static ResourceRecord at(ResourceRecord r, Instant at) {
        return new ResourceRecord(r.op(), at, r.ref(), r.uid(), r.cluster(), r.labels(), r.ownerRefs(), r.node(),
                r.podIp(), r.image(), r.replicas(), r.status(), r.spec());
    }

    /** The same edge observed at {@code at} (null: timeless, for comparisons). */
    public static EdgeRecord at(EdgeRecord e, Instant at) {
        return new EdgeRecord(e.op(), at, e.type(), e.from(), e.to());
    }
}
