package io.kgrca.graphbuilder.state;

import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Derives state and change signals from one resource record and the snapshot of the same resource before it. Pure:
 * {@code (previous snapshot or null, next record) -> (next snapshot, signals)}.
 *
 * <ul>
 *   <li>A record older than the snapshot derives nothing and leaves the snapshot as it is (a late or replayed
 *       record); one with the same time replaces the state but derives nothing (a replay of the same record). A
 *       record without a time derives nothing.</li>
 *   <li>A state fault (see {@link PodRules}, {@link ClusterRules}) is one signal per episode: created when it
 *       first holds (id {@code <subject>#state:<TYPE>@<onset ms>}), extended ({@code last_seen}, {@code count})
 *       while it holds, closed at the first record where it does not.</li>
 *   <li>A change ({@link ChangeRules}) is one signal per record (id {@code <subject>#change:<TYPE>@<at ms>}).</li>
 *   <li>A record of another incarnation (another uid) closes the open episodes and is a new baseline.</li>
 * </ul>
 */
public final class StateSignals {

    /**
     * The outcome of one record.
     *
     * @param snapshot the snapshot the record leaves
     * @param signals  the signals it creates, extends or closes, each in its new absolute state
     */
    public record Step(Snapshot snapshot, List<DerivedSignal> signals) {
    }

    private StateSignals() {
    }

    /** The signals of {@code next} after {@code previous} (null when the resource was never seen). */
    public static Step next(Snapshot previous, ResourceRecord next) {
        Map<String, OpenCondition> open = previous == null ? Map.of() : previous.conditions();
        if (next.at() == null) {
            return new Step(Snapshot.of(next, open), List.of());
        }
        long at = next.at().toEpochMilli();
        if (previous != null && previous.updatedAt() != null) {
            if (at < previous.updatedAt()) {
                return new Step(previous, List.of());
            }
            if (at == previous.updatedAt()) {
                return new Step(Snapshot.of(next, open), List.of());
            }
        }
        boolean sameIncarnation = previous != null
                && (previous.uid() == null || next.uid() == null || Objects.equals(previous.uid(), next.uid()));
        Snapshot base = sameIncarnation ? previous : null;
        List<DerivedSignal> out = new ArrayList<>();
        Map<String, OpenCondition> still = episodes(base, next, open, at, out);
        for (Fault c : ChangeRules.changes(base, next)) {
            out.add(new DerivedSignal(c.subject().id() + "#change:" + c.type().name() + "@" + at, c.type(),
                    c.subject(), c.reason(), c.message(), c.severity(), at, at, 1, c.detail(), false, null, at, true));
        }
        return new Step(Snapshot.of(next, still), out);
    }

    /** Closes every open episode at {@code at}: the resource is gone. */
    public static List<DerivedSignal> closeAll(Snapshot previous, long at) {
        List<DerivedSignal> out = new ArrayList<>();
        if (previous != null) {
            previous.conditions().values().forEach(c -> out.add(closed(c, at)));
        }
        return out;
    }

    private static Map<String, OpenCondition> episodes(Snapshot base, ResourceRecord next,
                                                       Map<String, OpenCondition> open, long at,
                                                       List<DerivedSignal> out) {
        Map<String, OpenCondition> carried = base == null ? Map.of() : open;
        if (base == null) {
            open.values().forEach(c -> out.add(closed(c, at)));
        }
        List<Fault> faults = new ArrayList<>();
        PodRules.faults(base, next, carried, faults);
        ClusterRules.faults(base, next, carried, faults);
        Map<String, Fault> holding = new LinkedHashMap<>();
        faults.forEach(f -> holding.putIfAbsent(f.key(), f));
        Map<String, OpenCondition> still = new LinkedHashMap<>();
        for (OpenCondition c : carried.values()) {
            if (!holding.containsKey(c.key())) {
                out.add(closed(c, at));
            }
        }
        for (Fault f : holding.values()) {
            OpenCondition before = carried.get(f.key());
            OpenCondition now = before == null
                    ? new OpenCondition(f.subject().id() + "#state:" + f.type().name() + "@" + at, f.type(),
                            f.subject().id(), at, at, Math.max(1, f.weight()), f.reason(), f.message(), f.severity(),
                            f.detail())
                    : extend(before, f, at);
            still.put(f.key(), now);
            if (before == null || f.weight() > 0) {
                out.add(signal(now, true, null, at, before == null));
            }
        }
        return still;
    }

    private static OpenCondition extend(OpenCondition c, Fault f, long at) {
        if (f.weight() == 0) {
            return c;
        }
        return new OpenCondition(c.id(), c.type(), c.subjectId(), c.onset(), at, c.count() + f.weight(), f.reason(),
                f.message(), f.severity(), f.detail());
    }

    private static DerivedSignal closed(OpenCondition c, long at) {
        return signal(c, false, at, at, false);
    }

    private static DerivedSignal signal(OpenCondition c, boolean open, Long closedAt, long observedAt,
                                        boolean created) {
        return new DerivedSignal(c.id(), c.type(), ResourceRef.parse(c.subjectId()), c.reason(), c.message(),
                c.severity(), c.onset(), c.lastSeen(), c.count(), c.detail(), open, closedAt, observedAt, created);
    }
}
