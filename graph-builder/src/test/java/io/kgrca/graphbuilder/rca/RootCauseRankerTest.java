package io.kgrca.graphbuilder.rca;

import io.kgrca.graphbuilder.signal.SignalType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RootCauseRankerTest {

    private final RootCauseRanker ranker = new RootCauseRanker();

    private static SignalWindow s(String id, SignalType type, long first) {
        return new SignalWindow(id, type, "pod/a/" + id, first, first);
    }

    private static CausalLink l(String cause, String effect, double confidence) {
        return new CausalLink(cause, effect, confidence, 1, 1, confidence, 0);
    }

    private final List<SignalWindow> chain = List.of(s("oom", SignalType.OOM_KILLED, 0),
            s("loop", SignalType.CRASH_LOOP, 10), s("ready", SignalType.READINESS_FAILED, 20),
            s("err", SignalType.HTTP_5XX, 30));
    private final List<CausalLink> links = List.of(l("oom", "loop", 0.97), l("loop", "ready", 0.9),
            l("ready", "err", 0.7), l("oom", "ready", 0.75));

    @Test
    void theStartOfAChainRanksFirstForTheWholeIncident() {
        List<RootCauseRanker.RankedCause> ranked = ranker.rank(chain, links,
                Set.of("oom", "loop", "ready", "err"), 10);

        assertThat(ranked).extracting(r -> r.signal().id()).first().isEqualTo("oom");
        assertThat(ranked.get(0).explains()).isEqualTo(4);
        assertThat(ranked.get(0).rootness()).isEqualTo(1.0);
        assertThat(ranked.get(0).path()).containsExactly("oom", "loop", "ready", "err");
        assertThat(ranked.get(0).pathLinks()).hasSize(3);
    }

    @Test
    void theRootOfOneSymptomComesWithThePathThatExplainsIt() {
        List<RootCauseRanker.RankedCause> ranked = ranker.rank(chain, links, Set.of("err"), 2);

        assertThat(ranked).hasSize(2);
        assertThat(ranked.get(0).signal().id()).isEqualTo("oom");
        assertThat(ranked.get(0).path()).first().isEqualTo("oom");
        assertThat(ranked.get(0).path()).last().isEqualTo("err");
        assertThat(ranked.get(0).score()).isGreaterThan(ranked.get(1).score());
    }

    @Test
    void aSignalWithoutCausesIsItsOwnRootCause() {
        List<RootCauseRanker.RankedCause> ranked = ranker.rank(List.of(s("alone", SignalType.SCHEDULING_FAILED, 0)),
                List.of(), Set.of("alone"), 5);

        assertThat(ranked).singleElement().satisfies(r -> {
            assertThat(r.signal().id()).isEqualTo("alone");
            assertThat(r.score()).isEqualTo(SignalType.SCHEDULING_FAILED.prior());
            assertThat(r.path()).containsExactly("alone");
        });
    }

    @Test
    void signalsThatCannotReachTheTargetAreNotCandidates() {
        List<RootCauseRanker.RankedCause> ranked = ranker.rank(chain, links, Set.of("loop"), 10);

        assertThat(ranked).extracting(r -> r.signal().id()).containsExactlyInAnyOrder("oom", "loop");
    }

    @Test
    void equalScoresGoToTheEarlierOnset() {
        List<RootCauseRanker.RankedCause> ranked = ranker.rank(List.of(s("late", SignalType.EVICTED, 50),
                s("early", SignalType.EVICTED, 10)), List.of(), Set.of("late", "early"), 5);

        assertThat(ranked).extracting(r -> r.signal().id()).containsExactly("early", "late");
    }

    @Test
    void linksToSignalsOutsideTheSubgraphAreIgnored() {
        List<RootCauseRanker.RankedCause> ranked = ranker.rank(List.of(s("a", SignalType.CRASH_LOOP, 0)),
                List.of(l("ghost", "a", 0.99)), Set.of("a"), 5);

        assertThat(ranked).singleElement().extracting(RootCauseRanker.RankedCause::rootness).isEqualTo(1.0);
    }
}
