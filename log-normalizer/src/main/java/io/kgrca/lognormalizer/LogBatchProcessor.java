package io.kgrca.lognormalizer;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.Rejection;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.SinkUnavailableException;
import io.kgrca.common.worker.TransformingProcessor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The log-normalizer's sink: decodes the poll's records into lines, assembles them per container stream
 * ({@link TraceAssembler}), normalizes each assembled record, drops those below {@code LOG_MIN_LEVEL}, produces
 * the rest to {@code logs.normalized} keyed {@code <client>::log::<log id>}, and returns once every send is
 * acknowledged. Records still open at the end of the poll are emitted too, so the loop's commit never covers a
 * line that is not in a durable output; the assembler's carry is adopted only after the acknowledgements, so a
 * retried poll starts from the same state. Sending and waiting for the acknowledgements is the loop's own
 * {@link TransformingProcessor}, fed with the outputs in the order they were assembled.
 */
public final class LogBatchProcessor implements BatchProcessor {

    private final LogNormalizer normalizer;
    private final TraceAssembler assembler;
    private final LogSettings settings;
    private final Producer<byte[], byte[]> producer;
    private final LogMetrics metrics;

    /** A processor for one tenant's loop. */
    public LogBatchProcessor(LogSettings settings, Producer<byte[], byte[]> producer, LogMetrics metrics) {
        this.settings = settings;
        this.normalizer = new LogNormalizer(settings);
        this.assembler = new TraceAssembler(settings);
        this.producer = producer;
        this.metrics = metrics;
    }

    @Override
    public BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException {
        Outputs outputs = new Outputs();
        TraceAssembler.Pass pass = assembler.begin();
        for (InboundRecord record : records) {
            List<LogLine> lines;
            try {
                lines = normalizer.lines(record);
            } catch (RecordRejectedException e) {
                outputs.rejections.add(Rejection.of(record, e));
                continue;
            } catch (RuntimeException e) {
                outputs.rejections.add(new Rejection(record, "transform-error", "decoding failed: " + e,
                        e.getClass().getName()));
                continue;
            }
            for (LogLine line : lines) {
                collect(pass.feed(line), outputs);
            }
        }
        collect(pass.finish(), outputs);
        BatchOutcome sent = send(outputs);
        assembler.commit(pass);
        if (pass.continuedAcrossPolls() > 0) {
            metrics.continuedAcrossPolls(pass.continuedAcrossPolls());
        }
        outputs.rejections.addAll(sent.rejections());
        return new BatchOutcome(sent.outputs(), outputs.rejections);
    }

    /** Produces every output, each attributed to the record of its head line, and waits for the acknowledgements. */
    private BatchOutcome send(Outputs outputs) throws SinkUnavailableException {
        Iterator<OutboundRecord> next = outputs.records.iterator();
        try {
            return new TransformingProcessor(source -> List.of(next.next()), producer).process(outputs.sources);
        } catch (KafkaException e) {
            throw new SinkUnavailableException("produce failed: " + e, e);
        }
    }

    private void collect(List<AssembledLog> logs, Outputs outputs) {
        for (AssembledLog log : logs) {
            if (log.mode() == TraceMode.SINGLE && log.head().text().isBlank()) {
                continue; // an empty line says nothing; it is consumed, not forwarded
            }
            InboundRecord source = log.head().source();
            NormalizedLog normalized;
            try {
                LogNormalizer.Verdict verdict = normalizer.assess(log);
                if (verdict.severity().compareTo(settings.minLevel()) < 0) {
                    traced(log);
                    metrics.filtered(verdict.severity());
                    continue; // dropped: its template, id and message are never built
                }
                normalized = normalizer.normalize(log, verdict);
            } catch (RuntimeException e) {
                outputs.rejections.add(new Rejection(source, "transform-error", "normalization failed: " + e,
                        e.getClass().getName()));
                continue;
            }
            traced(log);
            outputs.sources.add(source);
            outputs.records.add(new OutboundRecord(Topics.LOGS_NORMALIZED,
                    KeyCodec.encode(source.key().tenant(), "log", normalized.logId()),
                    LogJson.shared().encode(normalized)));
        }
    }

    private void traced(AssembledLog log) {
        if (log.lineCount() > 1) {
            metrics.traceAssembled(log.mode(), log.lineCount());
        }
    }

    /** What one poll produces: outputs with the source record of each, in order, and the rejections. */
    private static final class Outputs {
        private final List<InboundRecord> sources = new ArrayList<>();
        private final List<OutboundRecord> records = new ArrayList<>();
        private final List<Rejection> rejections = new ArrayList<>();
    }
}
