package io.kgrca.graphbuilder.state;

import io.kgrca.common.model.ResourceRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link StateSignals} over every successive record of a batch, in batch order, starting from the stored
 * snapshots: the outcome does not depend on how records are batched, because the snapshot a batch leaves (the last
 * record's state and the open conditions) is what the next batch starts from. Pure.
 */
public final class StateFold {

    /**
     * A batch's outcome.
     *
     * @param signals    the derived signals in their final state for the batch, one per id, in order of first
     *                   appearance
     * @param conditions the stored form of each resource's open conditions after the batch (null value: none)
     * @param snapshots  the snapshot each resource is left in
     */
    public record Outcome(List<DerivedSignal> signals, Map<String, String> conditions,
                          Map<String, Snapshot> snapshots) {

        /** The abnormal (state fault) signals. */
        public List<DerivedSignal> abnormal() {
            return signals.stream().filter(DerivedSignal::abnormal).toList();
        }
    }

    /** A resource change of the batch, in order: an upsert ({@code record}) or a deletion ({@code record} null). */
    public record Change(String id, ResourceRecord record, long deletedAt) {

        /** An upsert. */
        public static Change upsert(ResourceRecord r) {
            return new Change(r.ref().id(), r, 0L);
        }

        /** A deletion at {@code at} (epoch ms). */
        public static Change delete(String id, long at) {
            return new Change(id, null, at);
        }
    }

    private StateFold() {
    }

    /** Folds {@code changes} over {@code stored} (the snapshots read before the batch, by resource id). */
    public static Outcome fold(Map<String, Snapshot> stored, List<Change> changes) {
        Map<String, Snapshot> current = new HashMap<>(stored);
        Map<String, DerivedSignal> signals = new LinkedHashMap<>();
        Map<String, String> conditions = new LinkedHashMap<>();
        for (Change c : changes) {
            Snapshot before = current.get(c.id());
            List<DerivedSignal> derived;
            Snapshot after;
            if (c.record() == null) {
                derived = StateSignals.closeAll(before, c.deletedAt());
                after = before == null ? null : before.withConditions(Map.of());
            } else {
                StateSignals.Step step = StateSignals.next(before, c.record());
                derived = step.signals();
                after = step.snapshot();
            }
            for (DerivedSignal s : derived) {
                signals.merge(s.id(), s, DerivedSignal::merge);
            }
            if (after != null) {
                current.put(c.id(), after);
                conditions.put(c.id(), OpenCondition.encode(after.conditions()));
            }
        }
        Map<String, Snapshot> touched = new LinkedHashMap<>();
        conditions.keySet().forEach(id -> touched.put(id, current.get(id)));
        return new Outcome(new ArrayList<>(signals.values()), conditions, touched);
    }
}
