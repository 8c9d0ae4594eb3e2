package io.kgrca.graphbuilder.state;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signal derived from resource records: a state fault episode ({@code kind = state}, abnormal) or a change
 * ({@code kind = change}, not abnormal). Every value is absolute (not a delta), so writing it again changes
 * nothing, and {@link #merge} is what the write statement does to a stored signal.
 *
 * @param id         deterministic: {@code <subject>#state:<TYPE>@<onset ms>} or {@code <subject>#change:<TYPE>@<at ms>}
 * @param type       the signal type
 * @param subject    the resource it is about
 * @param reason     a short code ({@code OOMKilled}, {@code ImageChanged}, {@code Cordoned})
 * @param message    a human message with the old and new values
 * @param severity   how bad it is
 * @param firstSeen  the onset (epoch ms)
 * @param lastSeen   the latest record at which it held (epoch ms)
 * @param count      records (or restarts) counted in the episode; 1 for a change
 * @param detail     a few values behind the message
 * @param open       true while a state fault still holds; false for closed episodes and for changes
 * @param closedAt   the record at which a fault stopped holding, or null
 * @param observedAt the record this version of the signal comes from: the newer version wins the text
 * @param created    true when the episode or change began in this batch (it belongs to no incident yet)
 */
public record DerivedSignal(String id, SignalType type, ResourceRef subject, String reason, String message,
                            Severity severity, long firstSeen, long lastSeen, long count, Map<String, Object> detail,
                            boolean open, Long closedAt, long observedAt, boolean created) {

    /** {@code state} or {@code change}. */
    public String kind() {
        return type.isChange() ? "change" : "state";
    }

    /** The node label besides {@code Signal}: {@code State} or {@code Change}. */
    public String label() {
        return type.isChange() ? "Change" : "State";
    }

    /** True for a state fault: the linker and the incident grouper take it. */
    public boolean abnormal() {
        return !type.isChange();
    }

    /** This signal after a later version of it ({@code next} has the same id), as the write statement merges. */
    public DerivedSignal merge(DerivedSignal next) {
        boolean newer = next.observedAt >= observedAt;
        DerivedSignal text = newer ? next : this;
        return new DerivedSignal(id, type, subject, text.reason, text.message, text.severity,
                Math.min(firstSeen, next.firstSeen), Math.max(lastSeen, next.lastSeen), Math.max(count, next.count),
                text.detail, text.open, text.closedAt, Math.max(observedAt, next.observedAt), created || next.created);
    }

    /** Cypher parameters; {@code resource} holds the subject as a placeholder source. */
    public Map<String, Object> row(Map<String, Object> resource) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("label", label());
        row.put("kind", kind());
        row.put("type", type.name());
        row.put("reason", reason);
        row.put("message", message);
        row.put("severity", severity.name());
        row.put("first_seen", firstSeen);
        row.put("last_seen", lastSeen);
        row.put("count", count);
        row.put("abnormal", abnormal());
        row.put("change", type.isChange());
        row.put("open", open);
        row.put("closed_at", closedAt);
        row.put("observed_at", observedAt);
        row.put("detail_json", detail.isEmpty() ? null : JsonCodec.shared().encodeToString(detail));
        row.put("resource", resource);
        return row;
    }
}
