package io.kgrca.graphbuilder.state;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.model.ResourceRecord;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the graph stores of a resource, and all that the next record is compared with: kind, uid, image, replicas,
 * the status and spec summaries, the time of the record they come from, and the open conditions.
 *
 * @param kind       the kind as Kubernetes spells it
 * @param uid        the incarnation; a record with another uid starts a new baseline
 * @param image      first container image
 * @param replicas   desired replicas
 * @param status     status summary
 * @param spec       spec summary
 * @param updatedAt  the {@code at} of the record (epoch ms), or null when unknown
 * @param conditions open conditions by key
 */
public record Snapshot(String kind, String uid, String image, Integer replicas, Map<String, Object> status,
                       Map<String, Object> spec, Long updatedAt, Map<String, OpenCondition> conditions) {

    /** Absent maps become empty. */
    public Snapshot {
        status = status == null ? Map.of() : status;
        spec = spec == null ? Map.of() : spec;
        conditions = conditions == null ? Map.of() : Map.copyOf(conditions);
    }

    /** The snapshot a record leaves, with {@code conditions}. */
    public static Snapshot of(ResourceRecord r, Map<String, OpenCondition> conditions) {
        return new Snapshot(r.ref().kind(), r.uid(), r.image(), r.replicas(), r.status(), r.spec(),
                r.at() == null ? null : r.at().toEpochMilli(), conditions);
    }

    /**
     * A snapshot from the properties of a stored resource node ({@code status_json}, {@code spec_json} and
     * {@code open_conditions} as JSON text). A JSON summary that cannot be read counts as empty: unknown.
     */
    public static Snapshot fromStored(String kind, String uid, String image, Long replicas, String statusJson,
                                      String specJson, Long updatedAt, String conditionsJson) {
        return new Snapshot(kind, uid, image, replicas == null ? null : replicas.intValue(), json(statusJson),
                json(specJson), updatedAt, OpenCondition.decode(conditionsJson));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return JsonCodec.shared().decode(text.getBytes(StandardCharsets.UTF_8), Map.class);
        } catch (JsonDecodeException | RuntimeException e) {
            return Map.of();
        }
    }

    /** The same state with other open conditions. */
    public Snapshot withConditions(Map<String, OpenCondition> next) {
        return new Snapshot(kind, uid, image, replicas, status, spec, updatedAt, new LinkedHashMap<>(next));
    }
}
