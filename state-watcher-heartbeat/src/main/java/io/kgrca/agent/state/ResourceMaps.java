package io.kgrca.agent.state;

import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.ResourceRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers on the records: the service selector, and copies with or without the observation time. */
public final class ResourceMaps {

    /** The key of a service's selector in {@link ResourceRecord#spec()}. */
    public static final String SELECTOR = "selector";

    private ResourceMaps() {
    }

    /** A service's selector from its spec summary, or empty. */
    public static Map<String, String> selectorOf(ResourceRecord service) {
        Object raw = service.spec().get(SELECTOR);
        if (!(raw instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> selector = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                selector.put(k.toString(), v.toString());
            }
        });
        return selector;
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
