package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A normalized log signal, the value of a {@code logs.normalized} record keyed {@code <client>::log::<log id>}.
 * It carries no client id. Lines with the same {@link #templateId()} are occurrences of one message shape, which
 * is what the graph counts.
 *
 * <p>One record may stand for several lines (a stack trace with the line that announced it). When such a record
 * is cut by a poll boundary of the log-normalizer, it is produced again, complete, with the same {@link #logId()}
 * and a larger {@link #lineCount()}: a record whose {@code logId} is already known is a newer version of it
 * (MERGE by id, keep the version with the larger line count), not another occurrence. The id is derived from the
 * container stream, the first line's time and text, so a replay reproduces it.
 *
 * @param logId       deterministic id of this record
 * @param timestamp   when the line was logged
 * @param severity    normalized severity
 * @param level       the level as written in the line, if any
 * @param format      {@code json}, {@code logfmt} or {@code plain}
 * @param errorType   a class such as {@code OOM}, {@code TIMEOUT}, {@code CONNECTION_REFUSED}, or null
 * @param templateId  stable hash of {@link #template()}
 * @param template    the message with numbers, ids, IPs, UUIDs and durations masked
 * @param message     the message, cut to a bounded length
 * @param stackTrace  the joined lines of a stack trace this record stands for, or null
 * @param lineCount   how many raw lines this record stands for (more than one for a stack trace)
 * @param subject     the pod the line came from
 * @param container   the container name
 * @param node        the node name
 */
public record NormalizedLog(
        @JsonProperty(value = "log_id", required = true) String logId,
        @JsonProperty(value = "timestamp", required = true) Instant timestamp,
        @JsonProperty(value = "severity", required = true) Severity severity,
        @JsonProperty("level") String level,
        @JsonProperty("format") String format,
        @JsonProperty("error_type") String errorType,
        @JsonProperty(value = "template_id", required = true) String templateId,
        @JsonProperty("template") String template,
        @JsonProperty("message") String message,
        @JsonProperty("stack_trace") String stackTrace,
        @JsonProperty("line_count") Integer lineCount,
        @JsonProperty(value = "subject", required = true) Subject subject,
        @JsonProperty("container") String container,
        @JsonProperty("node") String node) {
}
