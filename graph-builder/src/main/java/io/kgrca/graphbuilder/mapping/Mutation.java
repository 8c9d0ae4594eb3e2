package io.kgrca.graphbuilder.mapping;

import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.NormalizedEvent;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.ResourceRecord;

/** What one input record asks of the tenant's graph. */
public sealed interface Mutation {

    /**
     * Create or replace a resource.
     *
     * @param resource the state record
     */
    record ResourceUpsert(ResourceRecord resource) implements Mutation {
    }

    /**
     * Delete a resource (a tombstone or {@code op: DELETE}).
     *
     * @param id the {@code ResourceRef.id()}
     * @param at the record's Kafka timestamp (epoch ms): edges stamped no later than this, replayed after the
     *           deletion from another topic, do not bring the resource's topology back
     */
    record ResourceDelete(String id, long at) implements Mutation {
    }

    /**
     * Create or replace a topology edge.
     *
     * @param edge the edge record
     * @param at   the record's Kafka timestamp (epoch ms), compared with the deletion time of its ends
     */
    record EdgeUpsert(EdgeRecord edge, long at) implements Mutation {
    }

    /**
     * Delete a topology edge.
     *
     * @param edge its parsed id
     */
    record EdgeDelete(EdgeRecord.EdgeId edge) implements Mutation {
        /** The edge id. */
        public String id() {
            return EdgeRecord.idOf(edge.type(), edge.from(), edge.to());
        }
    }

    /**
     * An event, or a new state of an aggregated event.
     *
     * @param event the normalized event
     */
    record EventObserved(NormalizedEvent event) implements Mutation {
    }

    /**
     * One log occurrence.
     *
     * @param log       the normalized log record
     * @param topic     the topic it was read from
     * @param partition its partition
     * @param offset    its offset, for replay detection
     */
    record LogObserved(NormalizedLog log, String topic, int partition, long offset) implements Mutation {
        /** {@code <topic>/<partition>}: the source whose offsets a watermark tracks. */
        public String source() {
            return topic + "/" + partition;
        }
    }
}
