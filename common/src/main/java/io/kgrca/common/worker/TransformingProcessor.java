package io.kgrca.common.worker;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A {@link BatchProcessor} that runs a {@link RecordTransformer} on each record and produces the outputs to
 * Kafka, returning once every send is acknowledged.
 *
 * <p>A transformation that rejects a record, or an output the broker refuses for that record alone (too large),
 * becomes a {@link Rejection}. Any other send failure means Kafka is unavailable: the batch is retried.
 */
public final class TransformingProcessor implements BatchProcessor {

    private final RecordTransformer transformer;
    private final Producer<byte[], byte[]> producer;

    /** Produces the outputs of {@code transformer} through {@code producer} (idempotent, {@code acks=all}). */
    public TransformingProcessor(RecordTransformer transformer, Producer<byte[], byte[]> producer) {
        this.transformer = transformer;
        this.producer = producer;
    }

    @Override
    public BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException {
        List<Rejection> rejections = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        for (InboundRecord record : records) {
            List<OutboundRecord> outputs;
            try {
                outputs = transformer.transform(record);
            } catch (RecordRejectedException e) {
                rejections.add(Rejection.of(record, e));
                continue;
            } catch (RuntimeException e) {
                rejections.add(new Rejection(record, "transform-error",
                        "transformation failed: " + e, e.getClass().getName()));
                continue;
            }
            for (OutboundRecord out : outputs) {
                try {
                    sent.add(new Sent(record, producer.send(new ProducerRecord<>(out.topic(), out.key(), out.value()))));
                } catch (SerializationException | RecordTooLargeException e) {
                    rejections.add(new Rejection(record, "output-rejected", e.getMessage(), e.getClass().getName()));
                }
            }
        }
        producer.flush();
        return new BatchOutcome(awaitAcks(sent, rejections), rejections);
    }

    private static int awaitAcks(List<Sent> sent, List<Rejection> rejections) throws SinkUnavailableException {
        int acknowledged = 0;
        for (Sent s : sent) {
            try {
                s.future().get();
                acknowledged++;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                    rejections.add(new Rejection(s.source(), "output-too-large", tooLarge.getMessage(),
                            tooLarge.getClass().getName()));
                } else {
                    throw new SinkUnavailableException("produce failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkUnavailableException("interrupted while waiting for acknowledgements", e);
            }
        }
        return acknowledged;
    }

    private record Sent(InboundRecord source, Future<RecordMetadata> future) {
    }
}
