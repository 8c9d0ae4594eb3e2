package io.kgrca.common.worker;

import io.kgrca.common.tenant.TenantId;

import java.util.List;

/**
 * Processes the records of several tenants of a pool instance's turn together, with each tenant's own processor at
 * hand (made and bounded by the {@link TenantRouter}): for a sink whose fixed cost per call dominates small batches,
 * such as a Neo4j transaction, so that a turn of a thousand tenants with a record each is not a thousand commits.
 *
 * <p>Contract: as {@link BatchProcessor#process(List)}, for every batch at once: on return every output reported is
 * durable; {@link SinkUnavailableException} retries the whole turn; a record that can never be processed is a
 * {@link Rejection} in its tenant's outcome. Called on the loop's thread.
 */
@FunctionalInterface
public interface TurnProcessor {

    /** One tenant's share of a turn: its processor and its records, in their order. */
    record TenantBatch(TenantId tenant, BatchProcessor processor, List<InboundRecord> records) {

        /** Copies the list. */
        public TenantBatch {
            records = List.copyOf(records);
        }
    }

    /** Processes every batch; returns each one's outcome, in the order of {@code batches}. */
    List<BatchOutcome> process(List<TenantBatch> batches) throws SinkUnavailableException;
}
