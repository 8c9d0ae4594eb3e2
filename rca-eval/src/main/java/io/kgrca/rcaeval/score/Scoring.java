package io.kgrca.rcaeval.score;

import io.kgrca.rcaeval.corpus.Truth;
import io.kgrca.rcaeval.rca.RcaAdapter.Cause;
import io.kgrca.rcaeval.rca.RcaAdapter.Incident;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scores one scenario's RCA answer against its truth. Pure. The incident scored is the listed incident holding the
 * most signals on {@code affected} resources (ties: the earlier listed); the rank of the truth is that of the first
 * of its causes that matches the root cause or an alternative.
 */
public final class Scoring {

    private Scoring() {
    }

    /**
     * One scenario's score.
     *
     * @param incidents      incidents listed
     * @param scored         the incident scored, empty when none holds an affected resource's signal
     * @param rank           the truth's rank among the scored incident's causes, 0 when not among them
     * @param oneIncident    true when exactly one listed incident holds the signals on affected resources
     * @param top1           the scored incident's first cause, empty when none
     */
    public record Score(int incidents, Optional<Incident> scored, int rank, boolean oneIncident, Optional<Cause> top1) {

        /** True when the truth is among the first {@code k}. */
        public boolean hit(int k) {
            return rank >= 1 && rank <= k;
        }
    }

    /** Scores {@code incidents} against {@code truth}. */
    public static Score score(Truth truth, List<Incident> incidents) {
        Set<String> affected = new HashSet<>(truth.affected());
        if (affected.isEmpty()) {
            affected.add(truth.rootCause().resource());
        }
        Optional<Incident> scored = incidents.stream()
                .filter(i -> onAffected(i, affected) > 0)
                .max(Comparator.comparingLong((Incident i) -> onAffected(i, affected))
                        .thenComparing(i -> -incidents.indexOf(i)));
        int rank = scored.map(i -> rankOf(truth, i.causes())).orElse(0);
        boolean one = incidents.stream().filter(i -> onAffected(i, affected) > 0).count() == 1;
        Optional<Cause> top = scored.flatMap(i -> i.causes().stream().findFirst());
        return new Score(incidents.size(), scored, rank, one, top);
    }

    /** The rank of the first cause the truth accepts, 0 when none. */
    public static int rankOf(Truth truth, List<Cause> causes) {
        for (Cause c : causes) {
            if (truth.accepts(c.resourceId(), c.type(), c.kind())) {
                return c.rank();
            }
        }
        return 0;
    }

    private static long onAffected(Incident i, Set<String> affected) {
        return i.members().stream().filter(s -> affected.contains(s.resourceId())).count();
    }
}
