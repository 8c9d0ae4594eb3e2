package io.kgrca.lognormalizer;

import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.key.TenantMismatchException;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.RawLogRecord;
import io.kgrca.common.model.RawLogRecord.KubernetesMeta;
import io.kgrca.common.model.Severity;
import io.kgrca.common.model.Subject;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.KeyTypes;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.lognormalizer.config.LogSettings;
import io.kgrca.lognormalizer.input.Instants;
import io.kgrca.lognormalizer.input.LogJson;
import io.kgrca.lognormalizer.parse.ErrorClassifier;
import io.kgrca.lognormalizer.parse.LevelDetector;
import io.kgrca.lognormalizer.parse.LineKind;
import io.kgrca.lognormalizer.parse.LineParser;
import io.kgrca.lognormalizer.parse.ParsedLine;
import io.kgrca.lognormalizer.template.Sha256;
import io.kgrca.lognormalizer.template.TemplateMasker;
import io.kgrca.lognormalizer.trace.AssembledLog;
import io.kgrca.lognormalizer.trace.LogLine;
import io.kgrca.lognormalizer.trace.StreamKey;
import io.kgrca.lognormalizer.trace.TraceMode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure: decodes the tenant's raw log records into lines ({@link #lines(InboundRecord)}) and turns an assembled
 * record into a {@link NormalizedLog} ({@link #normalize(AssembledLog)}): level, error class, template signature,
 * bounded message and stack trace, and a deterministic {@code log_id}.
 *
 * <p>The {@code log_id} hashes the container stream, the head line's agent timestamp (or, when the agent sent
 * none, the record's position) and the head line's text, so a replay reproduces it and an agent that sends a line
 * twice does not double it.
 */
public final class LogNormalizer {

    private static final int MAX_LINES_PER_RECORD = 10_000;
    private static final int MAX_CLASSIFIED_CHARS = 4000;

    /** Raw logs are keyed {@code <client>::log::<id>} (or the legacy {@code <client>::<id>}). */
    private static final KeyTypes KEY_TYPES = KeyTypes.of(Topics.RAW_K8S_LOGS, "log");

    private final LogSettings settings;
    private final LineParser parser = new LineParser();

    private final TimeWindow window;

    /** A normalizer with these bounds and the default {@link TimeWindow}. */
    public LogNormalizer(LogSettings settings) {
        this(settings, TimeWindow.DEFAULT);
    }

    /** A normalizer with these bounds that rejects lines whose time is outside {@code window}. */
    public LogNormalizer(LogSettings settings, TimeWindow window) {
        this.settings = settings;
        this.window = window;
    }

    /** The lines of one raw record of the loop's tenant; a record that cannot be used is rejected with a reason. */
    public List<LogLine> lines(InboundRecord record) throws RecordRejectedException {
        KEY_TYPES.require(record);
        RawLogRecord raw = decode(record);
        try {
            TenantMismatchException.requireAgreement(record.key().tenant(), raw.clientId());
        } catch (TenantMismatchException e) {
            throw new RecordRejectedException("tenant-mismatch", e.getMessage(), e);
        }
        StreamKey stream = streamOf(raw);
        boolean agentTime = raw.timestamp() != null;
        window.require("timestamp", raw.timestamp(), record);
        Instant time = agentTime ? raw.timestamp() : Instant.ofEpochMilli(record.raw().timestamp());
        String message = raw.message();
        if (message.indexOf('\n') < 0) {
            return List.of(line(record, 0, raw, stripCr(message), stream, time, agentTime));
        }
        List<LogLine> out = new ArrayList<>();
        String[] parts = message.split("\n", -1);
        int n = parts.length > 1 && parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
        for (int i = 0; i < Math.min(n, MAX_LINES_PER_RECORD); i++) {
            out.add(line(record, i, raw, stripCr(parts[i]), stream, time, agentTime));
        }
        return out;
    }

    /**
     * The container stream of a pod's line, or the host stream of a node's (journal) line; a record naming neither
     * a pod nor a host is rejected with the pod field it lacks.
     */
    private static StreamKey streamOf(RawLogRecord raw) throws RecordRejectedException {
        KubernetesMeta k = raw.kubernetes();
        String s = raw.stream() == null ? "" : raw.stream();
        if (hasPod(k)) {
            return new StreamKey(k.podUid() != null ? k.podUid() : k.podNamespace() + "/" + k.podName(),
                    k.containerName() == null ? "" : k.containerName(), s);
        }
        if (hasHost(raw)) {
            return new StreamKey("node/" + raw.host(), "", s);
        }
        if (k == null) {
            throw new RecordRejectedException("missing-field:kubernetes",
                    "log record has no kubernetes metadata and no host");
        }
        throw new RecordRejectedException("missing-field:kubernetes.pod_name", "log record names no pod and no host");
    }

    private static boolean hasPod(KubernetesMeta k) {
        return k != null && k.podName() != null && !k.podName().isBlank();
    }

    private static boolean hasHost(RawLogRecord raw) {
        return raw.host() != null && !raw.host().isBlank();
    }

    /** The pod a line comes from, or, for a host line without a pod, its node. */
    static Subject subjectOf(RawLogRecord raw) {
        KubernetesMeta k = raw.kubernetes();
        return hasPod(k) ? new Subject("Pod", k.podUid(), k.podNamespace(), k.podName())
                : new Subject("Node", null, "", raw.host());
    }

    private LogLine line(InboundRecord record, int index, RawLogRecord raw, String text, StreamKey stream,
                         Instant time, boolean agentTime) {
        ParsedLine parsed = parser.parse(text);
        LineKind kind = parsed.structured() ? LineKind.OTHER : LineKind.of(text);
        return new LogLine(record, index, raw, text, parsed, kind, stream, time, agentTime);
    }

    /**
     * What a record's level and error class are: enough to decide whether it is forwarded, before the costlier
     * template, id and message are built.
     *
     * @param severity  the normalized severity
     * @param written   the level as written, or null
     * @param errorType the error class, or null
     */
    public record Verdict(Severity severity, String written, String errorType) {
    }

    /** The normalized record of an assembled one. */
    public NormalizedLog normalize(AssembledLog log) {
        return normalize(log, assess(log));
    }

    /** The severity, level as written and error class of an assembled record. */
    public Verdict assess(AssembledLog log) {
        String errorType = errorType(log);
        LevelDetector.Level level = LevelDetector.detect(log.head().parsed(), errorType);
        Severity severity = level.severity();
        if (log.mode().isTrace()) {
            severity = traceSeverity(severity, level.written() != null, errorType);
        }
        if (!log.mode().isTrace() && ErrorClassifier.isCritical(errorType)
                && severity.compareTo(Severity.WARNING) < 0) {
            severity = Severity.WARNING; // a component failure is forwarded, whatever level the line was logged at
        }
        if (ErrorClassifier.isRoutine(errorType) && severity.compareTo(Severity.WARNING) > 0) {
            severity = Severity.WARNING; // a routine shutdown says FATAL to clients; nothing failed
        }
        return new Verdict(severity, level.written(), errorType);
    }

    /**
     * The error class of a record: that of its innermost cause which has one more telling than
     * {@code EXCEPTION}, then outward (Java: the last {@code Caused by} first; Python: the first traceback of a
     * chain first), else the class of all its summary lines together.
     */
    static String errorType(AssembledLog log) {
        for (String cause : causesInnermostFirst(log)) {
            String type = ErrorClassifier.classify(cause);
            if (ErrorClassifier.isSpecific(type)) {
                return type;
            }
        }
        return ErrorClassifier.classify(classified(log));
    }

    /**
     * The summary lines of a chained trace, innermost cause first; empty for a record that is no chain. Java
     * prints the root cause last ({@code Caused by:}), Python first (the later tracebacks were raised while handling
     * it or because of it). {@code Suppressed:} exceptions are not causes and are left to the whole-record class.
     */
    static List<String> causesInnermostFirst(AssembledLog log) {
        List<String> s = log.summary();
        if (s.size() < 2) {
            return List.of();
        }
        List<String> out = new ArrayList<>(s.size());
        if (log.mode() == TraceMode.JAVA) {
            for (int i = s.size() - 1; i >= 0; i--) {
                if (!s.get(i).startsWith("Suppressed:")) {
                    out.add(s.get(i));
                }
            }
        } else if (log.mode() == TraceMode.PYTHON) {
            out.addAll(s.subList(1, s.size()));
            out.add(s.get(0));
        }
        return out;
    }

    /** The normalized record of an assembled one whose {@link #assess assessment} is {@code v}. */
    public NormalizedLog normalize(AssembledLog log, Verdict v) {
        LogLine head = log.head();
        ParsedLine p = head.parsed();
        String base = base(log);
        String template = TemplateMasker.template(log.mode() == TraceMode.SINGLE ? single(p) : base);
        RawLogRecord raw = head.raw();
        KubernetesMeta k = raw.kubernetes();
        boolean pod = hasPod(k);
        return new NormalizedLog(logId(log), head.time(), v.severity(), v.written(), p.format(), v.errorType(),
                TemplateMasker.templateId(template), template, cut(base, settings.maxMessageChars()),
                stackTrace(log), log.lineCount(), subjectOf(raw), pod ? k.containerName() : null,
                pod ? k.podNodeName() : raw.host());
    }

    /**
     * A stack trace is at least an ERROR unless a logger line announced it at a lower level on purpose; a trace of
     * a component failure (OOM, panic, crash, full disk) is CRITICAL whatever its logger said.
     */
    static Severity traceSeverity(Severity detected, boolean written, String errorType) {
        if (ErrorClassifier.isCritical(errorType)) {
            return Severity.CRITICAL;
        }
        return written || detected.compareTo(Severity.ERROR) >= 0 ? detected : Severity.ERROR;
    }

    /** What the record says, before it is cut: the text, or the lines of its summary that matter. */
    static String base(AssembledLog log) {
        ParsedLine p = log.head().parsed();
        List<String> s = log.summary();
        String last = s.get(s.size() - 1);
        return switch (log.mode()) {
            case SINGLE -> log.lines().size() > 1 ? String.join("\n", log.lines()) : single(p);
            case POSTGRES -> String.join(" | ", s);
            case JAVA -> s.size() > 1 ? s.get(0) + " | " + last : s.get(0);
            case PYTHON -> s.size() == 1 ? s.get(0)
                    : log.head().kind() == LineKind.PY_HEAD ? last : s.get(0) + " | " + last;
            case GO -> s.get(0);
        };
    }

    /** One line's text, with the error of a structured line when the message does not already say it. */
    private static String single(ParsedLine p) {
        return p.errorText() != null && !p.text().contains(p.errorText()) ? p.text() + " error=" + p.errorText()
                : p.text();
    }

    private static String classified(AssembledLog log) {
        ParsedLine p = log.head().parsed();
        int size = 600 + (p.errorText() == null ? 0 : p.errorText().length());
        for (String line : log.summary()) {
            size += line.length() + 1;
        }
        StringBuilder b = new StringBuilder(Math.min(size, MAX_CLASSIFIED_CHARS + 600));
        for (String line : log.summary()) {
            b.append(line).append('\n');
        }
        if (p.errorText() != null) {
            b.append(p.errorText()).append('\n');
        }
        if (p.stackTrace() != null) {
            b.append(p.stackTrace(), 0, Math.min(p.stackTrace().length(), 500));
        }
        return b.length() > MAX_CLASSIFIED_CHARS ? b.substring(0, MAX_CLASSIFIED_CHARS) : b.toString();
    }

    private String stackTrace(AssembledLog log) {
        if (log.mode().isTrace()) {
            String joined = String.join("\n", log.lines());
            return log.truncated() ? joined + "\n... (" + (log.lineCount() - log.lines().size())
                    + " more lines left out)" : joined;
        }
        String embedded = log.head().parsed().stackTrace();
        return embedded == null ? null : cut(embedded, settings.maxTraceChars());
    }

    static String logId(AssembledLog log) {
        LogLine h = log.head();
        StreamKey s = h.stream();
        String when = h.timeFromAgent() ? Instants.format(h.time()) : h.source().position();
        String identity = s.pod() + '|' + s.container() + '|' + s.stream() + '|' + when + '|' + h.index() + '|'
                + h.text();
        return "log-" + Sha256.hex16(identity);
    }

    private static RawLogRecord decode(InboundRecord record) throws RecordRejectedException {
        if (record.isTombstone()) {
            throw new RecordRejectedException("tombstone", "raw logs are never deleted; a null value is invalid");
        }
        try {
            return LogJson.shared().decodeRaw(record.value());
        } catch (JsonDecodeException e) {
            String reason = e.field() == null ? e.reason().code() : e.reason().code() + ":" + e.field();
            throw new RecordRejectedException(reason, e.getMessage(), e);
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
