package io.kgrca.graphbuilder.state;

import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

import java.util.Map;

/**
 * A fault that holds in one resource record: the material of a state signal. Pure data.
 *
 * @param type     the signal type
 * @param subject  the resource the signal is about (usually the record's own; a Service for its endpoints)
 * @param reason   a short code such as {@code OOMKilled}
 * @param message  a human message with the values that show the fault
 * @param severity how bad it is
 * @param detail   a few values behind the message
 * @param weight   how much this record adds to the episode's count; 0 when the fault is only still considered to
 *                 hold (a restart episode between increases), which neither extends {@code last_seen} nor counts
 */
public record Fault(SignalType type, ResourceRef subject, String reason, String message, Severity severity,
                    Map<String, Object> detail, long weight) {

    /** A fault that counts once. */
    static Fault of(SignalType type, ResourceRef subject, String reason, String message, Severity severity,
                    Map<String, Object> detail) {
        return new Fault(type, subject, reason, message, severity, detail, 1);
    }

    /** The key of its episode within the resource: one open condition per type. */
    public String key() {
        return type.name();
    }
}
