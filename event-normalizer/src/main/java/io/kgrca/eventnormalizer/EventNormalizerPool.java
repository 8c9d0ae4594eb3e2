package io.kgrca.eventnormalizer;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.TenantProcessorFactory;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.common.worker.TransformingProcessor;
import org.apache.kafka.clients.producer.Producer;

/**
 * A pool event-normalizer instance's processors (shared placement). {@link EventNormalizer} keeps no state between
 * records (an event's id, count and times come from the event itself), so ONE normalizer serves every tenant and a
 * tenant's processor is only a {@link TransformingProcessor} over it and the instance's producer: a few dozen bytes
 * per live tenant. The output key carries the record's own tenant, as in a dedicated worker.
 */
public final class EventNormalizerPool implements TenantProcessorFactory {

    private final EventNormalizer normalizer;
    private final Producer<byte[], byte[]> producer;

    /** Processors producing through {@code producer} (the launcher's), rejecting events outside {@code window}. */
    public EventNormalizerPool(TimeWindow window, Producer<byte[], byte[]> producer) {
        this.normalizer = new EventNormalizer(window);
        this.producer = producer;
    }

    @Override
    public BatchProcessor create(TenantId tenant) {
        return new TransformingProcessor(normalizer, producer);
    }
}
