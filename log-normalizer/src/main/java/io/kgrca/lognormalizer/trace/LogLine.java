package io.kgrca.lognormalizer.trace;

import io.kgrca.common.model.RawLogRecord;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.lognormalizer.parse.LineKind;
import io.kgrca.lognormalizer.parse.ParsedLine;

import java.time.Instant;



/**
 * One decoded line of the tenant's, ready for assembly.
 *
 * @param source   the consumed record it came from (several lines may share one when a message held newlines)
 * @param index    the line's place in its record's message (0 unless the message held newlines)
 * @param raw      the decoded record
 * @param text     this line's text
 * @param parsed   the line taken apart
 * @param kind     its kind to the stack-trace grammar ({@link LineKind#OTHER} for structured lines)
 * @param stream   the container stream it belongs to
 * @param time     when it was logged: the agent's timestamp, else the Kafka record's
 * @param timeFromAgent true when {@code time} is the agent's own timestamp
 */
public record LogLine(InboundRecord source, int index, RawLogRecord raw, String text, ParsedLine parsed, LineKind kind,
                      StreamKey stream, Instant time, boolean timeFromAgent) {

    /** True for plain lines, the only ones that take part in stack traces. */
    public boolean plain() {
        return !parsed.structured();
    }
}
