package io.kgrca.lognormalizer.trace;

import io.kgrca.common.model.Severity;
import io.kgrca.lognormalizer.config.LogSettings;
import io.kgrca.lognormalizer.parse.LevelDetector;
import io.kgrca.lognormalizer.parse.LineKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;



/**
 * Joins consecutive lines of one container stream into records: a Java exception with its {@code at} frames and
 * {@code Caused by} chain (and the logger line that announced it), a Python traceback up to its final exception
 * line (chained tracebacks included), a Go panic with its goroutine dumps (or a Go stack that a zap logger line
 * printed), a PostgreSQL message with its DETAIL/HINT/STATEMENT lines, and any line with the indented lines that
 * continue it (a multi-line message). Every other line is a record of its own.
 *
 * <p><b>At least once.</b> The worker loop commits a poll's offsets as soon as the processor returns, so nothing
 * may stay only in memory at the end of a poll. A {@link Pass} covers one poll: {@link Pass#feed} returns the
 * records that closed, {@link Pass#finish} returns the ones still open, which the processor emits too. So that a
 * trace cut by a poll boundary is still one record, the last record of each stream is <i>carried</i>: when the next
 * poll continues it, it is emitted again, complete, with the same head and therefore the same {@code log_id} (the
 * later record supersedes the earlier; consumers MERGE by id). {@link #commit(Pass)} adopts a pass's carry only
 * after its outputs are acknowledged; a pass that failed is dropped, so the retried poll starts from the same
 * state. After a restart the carry is empty: a continuation at the very start becomes a record of its own (the
 * head part was emitted and committed before), which is the one degradation, and it loses no line.
 *
 * <p>Pure (no I/O, no clock: time comes from the lines); one instance per tenant loop, never shared.
 */
public final class TraceAssembler {

    /** A PostgreSQL line: its severity followed by a colon and two spaces. */
    private static final Pattern POSTGRES_LINE = Pattern.compile(
            "^.{0,80}?\\b(?:LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG[1-5]?|STATEMENT|DETAIL|HINT|CONTEXT):  ");

    private final LogSettings settings;
    private final Map<StreamKey, OpenLog> carried;

    /** An assembler with an empty carry. */
    public TraceAssembler(LogSettings settings) {
        this.settings = settings;
        this.carried = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Starts the assembly of one poll. */
    public Pass begin() {
        return new Pass();
    }

    /** Adopts the carry of a pass whose outputs are durable. */
    public void commit(Pass pass) {
        carried.keySet().removeAll(pass.touched.keySet());
        for (Map.Entry<StreamKey, OpenLog> e : pass.open.entrySet()) {
            carried.put(e.getKey(), e.getValue());
        }
        var it = carried.entrySet().iterator();
        for (int excess = carried.size() - settings.carryStreams(); excess > 0 && it.hasNext(); excess--) {
            it.next();
            it.remove();
        }
    }

    /** How many streams are carried, for metrics and tests. */
    public int carriedStreams() {
        return carried.size();
    }

    /** The assembly of one poll. */
    public final class Pass {
        private final Map<StreamKey, OpenLog> open = new LinkedHashMap<>();
        private final Map<StreamKey, Boolean> touched = new HashMap<>();
        private int continuedAcrossPolls;

        private Pass() {
        }

        /** Adds the next line; returns the records this line closed, in order. */
        public List<AssembledLog> feed(LogLine line) {
            StreamKey key = line.stream();
            OpenLog current = open.get(key);
            if (current == null && touched.put(key, Boolean.TRUE) == null) {
                OpenLog previous = carried.get(key);
                if (previous != null && continuation(previous, line) != null) {
                    current = previous.copy();
                    continuedAcrossPolls++;
                }
            }
            if (current != null) {
                TraceMode mode = continuation(current, line);
                if (mode != null) {
                    extend(current, line, mode);
                    open.put(key, current);
                    return List.of();
                }
            }
            open.put(key, start(line));
            return current == null ? List.of() : List.of(current.close());
        }

        /** Closes every record still open: the processor emits them before the poll is committed. */
        public List<AssembledLog> finish() {
            List<AssembledLog> out = new ArrayList<>(open.size());
            for (OpenLog o : open.values()) {
                out.add(o.close());
            }
            return out;
        }

        /** How many carried records this pass continued. */
        public int continuedAcrossPolls() {
            return continuedAcrossPolls;
        }
    }

    private OpenLog start(LogLine line) {
        TraceMode mode = switch (line.kind()) {
            case JAVA_EXCEPTION, JAVA_FRAME, JAVA_CAUSE -> line.plain() ? TraceMode.JAVA : TraceMode.SINGLE;
            case PY_HEAD -> line.plain() ? TraceMode.PYTHON : TraceMode.SINGLE;
            case GO_PANIC -> line.plain() ? TraceMode.GO : TraceMode.SINGLE;
            default -> TraceMode.SINGLE;
        };
        return new OpenLog(line, mode, settings.maxTraceLines(), settings.maxTraceChars());
    }

    /** The mode {@code open} switches to when {@code line} continues it, or null when it does not. */
    TraceMode continuation(OpenLog open, LogLine line) {
        if (!line.plain() || !open.head().plain()
                || Duration.between(open.lastTime(), line.time()).compareTo(settings.carryWindow()) > 0) {
            return null;
        }
        LineKind k = line.kind();
        return switch (open.mode()) {
            case SINGLE -> fromSingle(open, line);
            case JAVA -> k == LineKind.JAVA_FRAME || k == LineKind.JAVA_CAUSE || k == LineKind.INDENTED
                    ? TraceMode.JAVA : null;
            case PYTHON -> fromPython(open, line);
            case GO -> k == LineKind.BLANK || k == LineKind.GO_GOROUTINE || k == LineKind.GO_FRAME
                    || k == LineKind.INDENTED ? TraceMode.GO : null;
            case POSTGRES -> k == LineKind.PG_DETAIL || k == LineKind.INDENTED ? TraceMode.POSTGRES : null;
        };
    }

    private static TraceMode fromSingle(OpenLog open, LogLine line) {
        LineKind k = line.kind();
        if (k == LineKind.JAVA_FRAME || k == LineKind.JAVA_CAUSE) {
            return TraceMode.JAVA;
        }
        // Whether the head announces what follows matters only to these kinds: most lines are not asked.
        boolean askAnnounced = k == LineKind.BLANK || k == LineKind.JAVA_EXCEPTION || k == LineKind.PY_HEAD
                || k == LineKind.GO_FRAME || k == LineKind.GO_GOROUTINE;
        boolean announced = askAnnounced && announces(open.head());
        if (k == LineKind.BLANK && announced) {
            return TraceMode.SINGLE;
        }
        if (k == LineKind.JAVA_EXCEPTION && announced && !line.text().startsWith("Exception in thread ")) {
            return TraceMode.JAVA;
        }
        if (k == LineKind.PY_HEAD && announced) {
            return TraceMode.PYTHON;
        }
        if ((k == LineKind.GO_FRAME || k == LineKind.GO_GOROUTINE) && announced) {
            return TraceMode.GO;
        }
        if (k == LineKind.PG_DETAIL && POSTGRES_LINE.matcher(open.head().text()).find()) {
            return TraceMode.POSTGRES;
        }
        if (k == LineKind.INDENTED) {
            return TraceMode.SINGLE;
        }
        return null;
    }

    private static TraceMode fromPython(OpenLog open, LogLine line) {
        LineKind k = line.kind();
        if (k == LineKind.PY_HEAD) {
            // Only a chained traceback continues; another traceback straight after frames is a new error.
            return open.lastKind() == LineKind.PY_CHAIN ? TraceMode.PYTHON : null;
        }
        if (indented(line) || k == LineKind.BLANK || k == LineKind.PY_CHAIN) {
            return TraceMode.PYTHON;
        }
        return open.pyFinal() ? null : TraceMode.PYTHON;
    }

    /**
     * A single line at WARNING or above can announce the exception or traceback that follows it, possibly after
     * blank lines. (A record in SINGLE mode holds nothing but its head and blank lines.) The JVM's own
     * {@code Exception in thread "..."} is never announced by a logger line.
     */
    private static boolean announces(LogLine head) {
        return LevelDetector.detect(head.parsed(), null).severity().compareTo(Severity.WARNING) >= 0;
    }

    private static void extend(OpenLog open, LogLine line, TraceMode mode) {
        LineKind k = line.kind();
        boolean wasPython = open.mode() == TraceMode.PYTHON;
        boolean pythonFinal = wasPython && !open.pyFinal() && isPythonFinal(line);
        boolean summary = switch (mode) {
            case JAVA -> k == LineKind.JAVA_EXCEPTION || k == LineKind.JAVA_CAUSE;
            case POSTGRES -> true;
            case PYTHON -> pythonFinal;
            default -> false;
        };
        open.append(line, mode, summary);
        if (wasPython && k == LineKind.PY_CHAIN) {
            open.markPythonFinal(false);
        } else if (pythonFinal) {
            open.markPythonFinal(true);
        }
    }

    /** Python's final exception line: the first line of the traceback that is not indented nor structural. */
    private static boolean isPythonFinal(LogLine line) {
        LineKind k = line.kind();
        return !indented(line) && k != LineKind.BLANK && k != LineKind.PY_CHAIN && k != LineKind.PY_HEAD;
    }

    private static boolean indented(LogLine line) {
        String t = line.text();
        return !t.isEmpty() && (t.charAt(0) == ' ' || t.charAt(0) == '\t');
    }
}
