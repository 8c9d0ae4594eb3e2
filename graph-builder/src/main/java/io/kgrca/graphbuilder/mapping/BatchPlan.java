package io.kgrca.graphbuilder.mapping;

import io.kgrca.common.model.EdgeType;
import io.kgrca.graphbuilder.state.StateFold;

import java.util.List;
import java.util.Map;

/**
 * Everything one batch does to the graph, collapsed and grouped so that each kind of change is one UNWIND statement.
 * Built by {@link BatchPlanner}; the rows are Cypher parameter maps.
 *
 * @param resourceUpserts resources to create or replace (the last state of each id in the batch)
 * @param resourceDeletes resources to delete: {@code id} and {@code at}, the deletion's Kafka timestamp
 * @param edgeUpserts     edges to create, by type
 * @param edgeDeletes     edge ids to delete, by type
 * @param events          event rows, one per event id, merged monotonically
 * @param logs            log template rows, one per (resource, template), with their occurrences
 * @param dependencies    inferred {@code DEPENDS_ON} rows from pods to the services their logs name
 * @param logSources      the highest log offset of the batch per {@code <topic>/<partition>}
 * @param records         how many input records the plan covers
 * @param resourceChanges every resource upsert and deletion of the batch in batch order (not collapsed), from which
 *                        state and change signals are derived record by record
 */
public record BatchPlan(List<Map<String, Object>> resourceUpserts, List<Map<String, Object>> resourceDeletes,
                        Map<EdgeType, List<Map<String, Object>>> edgeUpserts, Map<EdgeType, List<String>> edgeDeletes,
                        List<Map<String, Object>> events, List<Map<String, Object>> logs,
                        List<Map<String, Object>> dependencies, Map<String, Long> logSources, int records,
                        List<StateFold.Change> resourceChanges) {

    /** How many signal rows (events and log templates) the plan writes. */
    public int signalCount() {
        return events.size() + logs.size();
    }
}
