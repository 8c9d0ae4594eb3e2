package io.kgrca.lognormalizer.trace;

import java.util.List;


/**
 * Consecutive lines of one container stream that form one record: a single line, or a stack trace with the line
 * that announced it.
 *
 * @param head       the first line; its time and text identify the record
 * @param mode       what the record is made of
 * @param lines      the lines kept (all of them up to the configured bounds), head first
 * @param lineCount  how many lines the record stands for, kept or not
 * @param truncated  true when lines beyond the bounds were left out of {@code lines}
 * @param summary    the lines that say what happened: the head, exception and {@code Caused by} lines, Python's
 *                   final exception line, PostgreSQL's detail lines
 */
public record AssembledLog(LogLine head, TraceMode mode, List<String> lines, int lineCount, boolean truncated,
                           List<String> summary) {

    /** Copies the lists. */
    public AssembledLog {
        lines = List.copyOf(lines);
        summary = List.copyOf(summary);
    }
}
