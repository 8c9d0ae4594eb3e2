package io.kgrca.rcaeval.pipeline;

import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.SinkUnavailableException;
import io.kgrca.eventnormalizer.EventNormalizer;
import io.kgrca.lognormalizer.LogBatchProcessor;
import io.kgrca.lognormalizer.LogMetrics;
import io.kgrca.lognormalizer.config.LogSettings;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.List;

/**
 * The two normalizers of one tenant, their real code: the event-normalizer's {@link EventNormalizer} per record and
 * the log-normalizer's {@link LogBatchProcessor} per batch (it keeps its trace-assembly carry across batches as its
 * worker does), producing into Kafka's in-memory {@link MockProducer}, whose sent records are collected. Other
 * topics pass through.
 */
public final class Normalizers {

    private final EventNormalizer events = new EventNormalizer();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final LogBatchProcessor logs = new LogBatchProcessor(LogSettings.defaults(), producer, LogMetrics.NOOP);
    private int rejected;

    /** The normalized (or passed-through) records of one polled batch, for the graph-builder. */
    public List<OutboundRecord> process(List<InboundRecord> batch) {
        List<OutboundRecord> out = new ArrayList<>();
        List<InboundRecord> logBatch = new ArrayList<>();
        for (InboundRecord r : batch) {
            switch (r.topic()) {
                case Topics.RAW_K8S_EVENTS -> {
                    try {
                        out.addAll(events.transform(r));
                    } catch (RecordRejectedException e) {
                        rejected++;
                    }
                }
                case Topics.RAW_K8S_LOGS -> logBatch.add(r);
                default -> out.add(new OutboundRecord(r.topic(), r.raw().key(), r.value()));
            }
        }
        if (!logBatch.isEmpty()) {
            try {
                BatchOutcome outcome = logs.process(logBatch);
                rejected += outcome.rejections().size();
            } catch (SinkUnavailableException e) {
                throw new IllegalStateException("the in-memory producer cannot be unavailable", e);
            }
            for (ProducerRecord<byte[], byte[]> p : producer.history()) {
                out.add(new OutboundRecord(p.topic(), p.key(), p.value()));
            }
            producer.clear();
        }
        return out;
    }

    /** Records the normalizers rejected so far. */
    public int rejected() {
        return rejected;
    }
}
