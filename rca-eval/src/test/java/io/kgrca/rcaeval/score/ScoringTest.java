package io.kgrca.rcaeval.score;

import io.kgrca.rcaeval.corpus.Matcher;
import io.kgrca.rcaeval.corpus.Truth;
import io.kgrca.rcaeval.rca.RcaAdapter.Cause;
import io.kgrca.rcaeval.rca.RcaAdapter.Incident;
import io.kgrca.rcaeval.rca.RcaAdapter.Signal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScoringTest {

    private static final Truth TRUTH = new Truth(Matcher.of("pod/a/db-0"), List.of(Matcher.of("statefulset/a/db")),
            List.of("pod/a/db-0", "pod/a/api-1"), List.of());

    private static Incident incident(String id, List<String> memberResources, List<String> causeResources) {
        List<Signal> members = memberResources.stream().map(r -> new Signal(r + "#s", r, "TIMEOUT", "log")).toList();
        List<Cause> causes = new ArrayList<>();
        for (int i = 0; i < causeResources.size(); i++) {
            causes.add(new Cause(i + 1, causeResources.get(i) + "#s", causeResources.get(i), "TIMEOUT", "log"));
        }
        return new Incident(id, members, causes);
    }

    @Test
    void theIncidentWithMostAffectedSignalsIsScoredAndTheFirstAcceptedCauseGivesTheRank() {
        Incident small = incident("i1", List.of("pod/a/api-1"), List.of("pod/a/api-1"));
        Incident big = incident("i2", List.of("pod/a/api-1", "pod/a/db-0", "pod/b/x"),
                List.of("pod/b/x", "pod/a/api-1", "statefulset/a/db", "pod/a/db-0"));

        Scoring.Score s = Scoring.score(TRUTH, List.of(small, big));

        assertThat(s.scored()).contains(big);
        assertThat(s.rank()).isEqualTo(3);
        assertThat(s.hit(3)).isTrue();
        assertThat(s.hit(2)).isFalse();
        assertThat(s.incidents()).isEqualTo(2);
        assertThat(s.oneIncident()).isFalse();
        assertThat(s.top1().orElseThrow().resourceId()).isEqualTo("pod/b/x");
    }

    @Test
    void noIncidentOnAffectedResourcesScoresRankZero() {
        Scoring.Score s = Scoring.score(TRUTH, List.of(incident("i1", List.of("pod/c/z"), List.of("pod/c/z"))));

        assertThat(s.rank()).isZero();
        assertThat(s.scored()).isEmpty();
        assertThat(s.oneIncident()).isFalse();
    }

    @Test
    void oneIncidentHoldingEveryAffectedSignalCountsAsOne() {
        Scoring.Score s = Scoring.score(TRUTH, List.of(incident("i1", List.of("pod/a/api-1", "pod/a/db-0"),
                List.of("pod/a/db-0")), incident("i2", List.of("pod/c/z"), List.of("pod/c/z"))));

        assertThat(s.oneIncident()).isTrue();
        assertThat(s.rank()).isEqualTo(1);
    }
}
