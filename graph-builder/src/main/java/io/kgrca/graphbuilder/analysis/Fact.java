package io.kgrca.graphbuilder.analysis;

import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

/**
 * One stored signal as the analysis sees it.
 *
 * @param id         the signal id (event id, log template id, state or change signal id)
 * @param kind       where it comes from
 * @param type       its class
 * @param resourceId the {@code ResourceRef.id()} it is about
 * @param first      onset, epoch milliseconds
 * @param last       latest occurrence, epoch milliseconds
 * @param count      occurrences
 * @param severity   its severity
 * @param reason     the event reason or the state/change code
 * @param message    the latest message
 * @param errorType  the log-normalizer's error class, for log templates
 * @param note       why triage changed the type or the resource, or null
 */
public record Fact(String id, SignalKind kind, SignalType type, String resourceId, long first, long last, long count,
                   Severity severity, String reason, String message, String errorType, String note) {

    /** A fact without error type or note. */
    public static Fact of(String id, SignalKind kind, SignalType type, String resourceId, long first, long last,
                          long count, Severity severity, String reason, String message) {
        return new Fact(id, kind, type, resourceId, first, last, count, severity, reason, message, null, null);
    }

    /** This fact with another type, and why. */
    public Fact retyped(SignalType newType, String why) {
        return new Fact(id, kind, newType, resourceId, first, last, count, severity, reason, message, errorType, why);
    }

    /** This fact about another resource, and why. */
    public Fact moved(String newResource, String why) {
        return new Fact(id, kind, type, newResource, first, last, count, severity, reason, message, errorType, why);
    }
}
