package io.kgrca.lognormalizer;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.Severity;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.Rejection;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.SinkUnavailableException;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.common.worker.TransformingProcessor;
import io.kgrca.lognormalizer.config.LogSettings;
import io.kgrca.lognormalizer.input.LogJson;
import io.kgrca.lognormalizer.parse.ErrorClassifier;
import io.kgrca.lognormalizer.trace.AssembledLog;
import io.kgrca.lognormalizer.trace.LogLine;
import io.kgrca.lognormalizer.trace.TraceAssembler;
import io.kgrca.lognormalizer.trace.TraceMode;
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
 *
 * <p>The pure steps run on both cores ({@link InOrder}): decoding the poll's records into lines, and normalizing
 * and encoding the closed records. The assembly between them, which keeps each stream's lines in order and owns
 * the carry, and the counting and producing after them, run on the loop's thread in the poll's order, so the
 * outputs, rejections and metrics are those of one thread.
 */
public final class LogBatchProcessor implements BatchProcessor {

    private final LogNormalizer normalizer;
    private final TraceAssembler assembler;
    private final LogSettings settings;
    private final Producer<byte[], byte[]> producer;
    private final LogMetrics metrics;

    /** A processor for one tenant's loop. */
    public LogBatchProcessor(LogSettings settings, Producer<byte[], byte[]> producer, LogMetrics metrics) {
        this(settings, producer, metrics, TimeWindow.DEFAULT);
    }

    /** A processor for one tenant's loop that rejects lines whose time is outside {@code window}. */
    public LogBatchProcessor(LogSettings settings, Producer<byte[], byte[]> producer, LogMetrics metrics,
                             TimeWindow window) {
        this(new LogNormalizer(settings, window), settings, producer, metrics);
    }

    /**
     * A processor for one tenant of a pool instance: {@code normalizer} (pure, thread-safe) is the instance's,
     * shared by its tenants; the {@link TraceAssembler} and its carry are this tenant's alone.
     */
    public LogBatchProcessor(LogNormalizer normalizer, LogSettings settings, Producer<byte[], byte[]> producer,
                             LogMetrics metrics) {
        this.settings = settings;
        this.normalizer = normalizer;
        this.assembler = new TraceAssembler(settings);
        this.producer = producer;
        this.metrics = metrics;
    }

    @Override
    public BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException {
        List<Object> decoded = InOrder.map(records, this::decode);
        TraceAssembler.Pass pass = assembler.begin();
        List<Object> steps = new ArrayList<>(); // rejections and closed records, in the order they arise
        for (Object d : decoded) {
            if (d instanceof Rejection rejected) {
                steps.add(rejected);
                continue;
            }
            @SuppressWarnings("unchecked")
            List<LogLine> lines = (List<LogLine>) d;
            for (LogLine line : lines) {
                steps.addAll(pass.feed(line));
            }
        }
        steps.addAll(pass.finish());
        Outputs outputs = new Outputs();
        for (Object done : InOrder.map(steps, this::normalize)) {
            account(done, outputs);
        }
        BatchOutcome sent = send(outputs);
        assembler.commit(pass);
        if (pass.continuedAcrossPolls() > 0) {
            metrics.continuedAcrossPolls(pass.continuedAcrossPolls());
        }
        outputs.rejections.addAll(sent.rejections());
        return new BatchOutcome(sent.outputs(), outputs.rejections);
    }

    /** Pure, thread-safe: a record's lines, or its {@link Rejection}. */
    private Object decode(InboundRecord record) {
        try {
            return normalizer.lines(record);
        } catch (RecordRejectedException e) {
            return Rejection.of(record, e);
        } catch (RuntimeException e) {
            return new Rejection(record, "transform-error", "decoding failed: " + e, e.getClass().getName());
        }
    }

    /** A closed record normalized. */
    private record Normalized(AssembledLog log, OutboundRecord output) {
    }

    /** A closed record below {@code LOG_MIN_LEVEL}. */
    private record Dropped(AssembledLog log, Severity severity) {
    }

    /** An empty line: consumed, not forwarded, counted ({@link LogMetrics#blank()}). */
    private record Blank() {
    }

    /**
     * Pure, thread-safe: what becomes of one step of the poll: a rejection stays one; a closed record is
     * {@link Blank}, {@link Dropped}, {@link Normalized} (encoded), or rejected when normalization fails.
     */
    private Object normalize(Object step) {
        if (!(step instanceof AssembledLog log)) {
            return step;
        }
        if (log.mode() == TraceMode.SINGLE && log.head().text().isBlank()) {
            return new Blank(); // an empty line says nothing; it is consumed, not forwarded
        }
        InboundRecord source = log.head().source();
        NormalizedLog normalized;
        try {
            LogNormalizer.Verdict verdict = normalizer.assess(log);
            if (verdict.severity().compareTo(settings.minLevel()) < 0
                    && !ErrorClassifier.isDegradation(verdict.errorType())) { // SLOW goes on at any level
                return new Dropped(log, verdict.severity()); // its template, id and message are never built
            }
            normalized = normalizer.normalize(log, verdict);
        } catch (RuntimeException e) {
            return new Rejection(source, "transform-error", "normalization failed: " + e, e.getClass().getName());
        }
        return new Normalized(log, new OutboundRecord(Topics.LOGS_NORMALIZED,
                KeyCodec.encode(source.key().tenant(), "log", normalized.logId()),
                LogJson.shared().encode(normalized)));
    }

    /** Counts one normalized step and adds its output or rejection, in the poll's order. */
    private void account(Object done, Outputs outputs) {
        if (done instanceof Rejection rejected) {
            outputs.rejections.add(rejected);
        } else if (done instanceof Blank) {
            metrics.blank();
        } else if (done instanceof Dropped dropped) {
            traced(dropped.log());
            metrics.filtered(dropped.severity());
        } else if (done instanceof Normalized n) {
            traced(n.log());
            outputs.sources.add(n.log().head().source());
            outputs.records.add(n.output());
        }
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
