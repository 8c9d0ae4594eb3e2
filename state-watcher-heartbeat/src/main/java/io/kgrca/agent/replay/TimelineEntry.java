package io.kgrca.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a timeline (the agent's record/replay format, {@code docs/timeline-format.md}): at {@code at},
 * either a Kubernetes object ({@code op} upsert or delete, the object as the API server serves it, events
 * included) or one container log line (a Vector {@code kubernetes_logs} record).
 *
 * @param at     when it happened
 * @param op     what happened to the object; null for a log line
 * @param object the object's JSON with {@code apiVersion} and {@code kind}; null for a log line
 * @param log    the log record's JSON; null for an object
 */
public record TimelineEntry(Instant at, Op op, JsonNode object, JsonNode log) {

    /** What happened to an object. */
    public enum Op {
        /** Added or changed. */
        UPSERT,
        /** Deleted. */
        DELETE
    }

    /** Requires {@code at} and exactly one of object (with its op) and log. */
    public TimelineEntry {
        Objects.requireNonNull(at, "at");
        if ((object == null) == (log == null)) {
            throw new IllegalArgumentException("an entry holds either an object or a log line");
        }
        if (object != null && op == null) {
            throw new IllegalArgumentException("an object entry needs an op");
        }
    }

    /** An object entry. */
    public static TimelineEntry object(Instant at, Op op, JsonNode object) {
        return new TimelineEntry(at, op, object, null);
    }

    /** A log entry. */
    public static TimelineEntry log(Instant at, JsonNode log) {
        return new TimelineEntry(at, null, null, log);
    }

    /** True for a log line. */
    public boolean isLog() {
        return log != null;
    }
}
