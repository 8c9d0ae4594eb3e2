package io.kgrca.graphbuilder.state;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A state fault that held at the last record of a resource and has not stopped: the episode its signal stands for.
 * Stored on the resource node as JSON ({@code open_conditions}), so the next record, in this batch or a later one,
 * extends or closes the same signal.
 *
 * @param id        the signal id
 * @param type      the signal type
 * @param subjectId the resource the signal is about
 * @param onset     when the episode began (the {@code at} of its first record, epoch ms)
 * @param lastSeen  the latest record at which it held
 * @param count     records (or restarts) counted in the episode
 * @param reason    the latest reason
 * @param message   the latest message
 * @param severity  the latest severity
 * @param detail    the latest detail
 */
public record OpenCondition(String id, SignalType type, String subjectId, long onset, long lastSeen, long count,
                            String reason, String message, Severity severity, Map<String, Object> detail) {

    /** The key of the episode within its resource. */
    public String key() {
        return type.name();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type.name());
        m.put("subject", subjectId);
        m.put("onset", onset);
        m.put("last_seen", lastSeen);
        m.put("count", count);
        m.put("reason", reason);
        m.put("message", message);
        m.put("severity", severity.name());
        m.put("detail", detail);
        return m;
    }

    @SuppressWarnings("unchecked")
    static OpenCondition fromMap(Map<String, Object> m) {
        Object detail = m.get("detail");
        return new OpenCondition(Values.text(m, "id"), SignalType.valueOf(Values.text(m, "type")),
                Values.text(m, "subject"), Values.number(m, "onset"), Values.number(m, "last_seen"),
                Values.number(m, "count"), Values.text(m, "reason"), Values.text(m, "message"),
                Severity.valueOf(Values.text(m, "severity")),
                detail instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of());
    }

    /** The stored form of a resource's open conditions, keys sorted; null when there are none. */
    public static String encode(Map<String, OpenCondition> conditions) {
        if (conditions.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> list = new TreeMap<>(conditions).values().stream().map(OpenCondition::toMap).toList();
        return JsonCodec.shared().encodeToString(list);
    }

    /**
     * The open conditions of a stored form. A form that cannot be read (written by another version) counts as none:
     * the next faults then start new episodes instead of failing the batch.
     */
    public static Map<String, OpenCondition> decode(String json) {
        Map<String, OpenCondition> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            Object[] list = JsonCodec.shared().decode(json.getBytes(StandardCharsets.UTF_8), Object[].class);
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    OpenCondition c = fromMap((Map<String, Object>) m);
                    out.put(c.key(), c);
                }
            }
        } catch (JsonDecodeException | RuntimeException e) {
            out.clear();
        }
        return out;
    }
}
