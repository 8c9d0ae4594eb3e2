package io.kgrca.lognormalizer;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.TenantProcessorFactory;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.lognormalizer.config.LogSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;

/**
 * A pool log-normalizer instance's processors (shared placement). The {@link LogNormalizer} (line parser, level
 * detector, error classifier, template masker: pure and thread-safe) is created once per instance and shared; each
 * tenant gets its own {@link LogBatchProcessor}, whose {@code TraceAssembler} carry is that tenant's alone, so lines
 * of two tenants on the same pod uid and stream never assemble together. A tenant's state is bounded by the
 * {@code LOG_*} settings: at most {@code LOG_CARRY_STREAMS} carried streams, each one record of at most
 * {@code LOG_MAX_TRACE_LINES} lines and {@code LOG_MAX_TRACE_CHARS} characters of trace (the pool closes an idle
 * tenant's processor, which drops its carry). Its meters are counters only (no histogram), tagged by tenant.
 */
public final class LogNormalizerPool implements TenantProcessorFactory {

    private final LogSettings settings;
    private final LogNormalizer normalizer;
    private final Producer<byte[], byte[]> producer;
    private final MeterRegistry meters;

    /** Processors producing through {@code producer}, counting in {@code meters} (null: not counted). */
    public LogNormalizerPool(LogSettings settings, TimeWindow window, Producer<byte[], byte[]> producer,
                             MeterRegistry meters) {
        this.settings = settings;
        this.normalizer = new LogNormalizer(settings, window);
        this.producer = producer;
        this.meters = meters;
    }

    @Override
    public BatchProcessor create(TenantId tenant) {
        LogMetrics metrics = meters == null ? LogMetrics.NOOP : new MicrometerLogMetrics(meters, tenant.value());
        return new LogBatchProcessor(normalizer, settings, producer, metrics);
    }
}
