package io.kgrca.lognormalizer.trace;

import io.kgrca.lognormalizer.parse.LineKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;


/** A record being assembled: mutable, owned by one assembly pass (copied before it is continued in another). */
final class OpenLog {

    private static final int MAX_SUMMARY = 8;

    private final LogLine head;
    private final int maxLines;
    private final int maxChars;
    private final List<String> lines;
    private final List<String> summary;
    private TraceMode mode;
    private int lineCount;
    private int chars;
    private int trailingBlanks;
    private boolean truncated;
    private boolean pyFinal;
    private Instant lastTime;
    private LineKind lastKind;

    OpenLog(LogLine head, TraceMode mode, int maxLines, int maxChars) {
        this.head = head;
        this.mode = mode;
        this.maxLines = maxLines;
        this.maxChars = maxChars;
        this.lines = new ArrayList<>();
        this.summary = new ArrayList<>();
        this.lastTime = head.time();
        this.lastKind = head.kind();
        summary.add(head.text());
        keep(head.text());
        lineCount = 1;
    }

    private OpenLog(OpenLog o) {
        this.head = o.head;
        this.maxLines = o.maxLines;
        this.maxChars = o.maxChars;
        this.lines = new ArrayList<>(o.lines);
        this.summary = new ArrayList<>(o.summary);
        this.mode = o.mode;
        this.lineCount = o.lineCount;
        this.chars = o.chars;
        this.trailingBlanks = o.trailingBlanks;
        this.truncated = o.truncated;
        this.pyFinal = o.pyFinal;
        this.lastTime = o.lastTime;
        this.lastKind = o.lastKind;
    }

    /** An independent copy, so that a carried record stays as it was emitted. */
    OpenLog copy() {
        return new OpenLog(this);
    }

    LogLine head() {
        return head;
    }

    TraceMode mode() {
        return mode;
    }

    int lineCount() {
        return lineCount;
    }

    boolean pyFinal() {
        return pyFinal;
    }

    Instant lastTime() {
        return lastTime;
    }

    /** The kind of the last line that was not blank. */
    LineKind lastKind() {
        return lastKind;
    }

    /** Adds {@code line} as a continuation, switching to {@code newMode}. */
    void append(LogLine line, TraceMode newMode, boolean summaryLine) {
        mode = newMode;
        lineCount++;
        lastTime = line.time().isAfter(lastTime) ? line.time() : lastTime;
        if (line.kind() == LineKind.BLANK) {
            trailingBlanks++;
            return;
        }
        lastKind = line.kind();
        for (; trailingBlanks > 0; trailingBlanks--) {
            keep("");
        }
        keep(line.text());
        if (summaryLine) {
            addSummary(line.text().strip());
        }
    }

    void markPythonFinal(boolean value) {
        pyFinal = value;
    }

    private void addSummary(String text) {
        if (summary.size() < MAX_SUMMARY) {
            summary.add(text);
        } else {
            summary.set(MAX_SUMMARY - 1, text);
        }
    }

    private void keep(String text) {
        if (truncated || lines.size() >= maxLines || chars + text.length() > maxChars) {
            truncated = true;
            return;
        }
        lines.add(text);
        chars += text.length() + 1;
    }

    AssembledLog close() {
        return new AssembledLog(head, mode, lines, lineCount, truncated, summary);
    }
}
