package io.kgrca.common.worker;

import java.util.List;

/**
 * The sink side of a worker: what happens to the tenant's records of one poll.
 *
 * <p>Contract: {@link #process(List)} returns only when every output it reports is durable (acknowledged by
 * Kafka with {@code acks=all}, or committed in Neo4j), because the loop commits the batch's offsets right after.
 * A record that can never be processed is returned as a {@link Rejection}; when the sink itself is unavailable
 * the method throws {@link SinkUnavailableException} and the loop retries the whole batch later. Outputs must be
 * idempotent (deterministic ids, MERGE), since a batch may be processed more than once.
 */
public interface BatchProcessor extends AutoCloseable {

    /** Processes the records, in order. */
    BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException;

    /** Releases the sink's resources. */
    @Override
    default void close() {
    }
}
