package io.kgrca.graphbuilder.rca;

import io.kgrca.graphbuilder.signal.SignalType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CausalLinkerTest {

    private static final long T0 = 1_700_000_000_000L;
    private final CausalLinker linker = new CausalLinker(CausalRules.standard(), RcaSettings.defaults());

    private static SignalWindow s(String id, SignalType type, String resource, long firstSecond, long lastSecond) {
        return new SignalWindow(id, type, resource, T0 + firstSecond * 1000, T0 + lastSecond * 1000);
    }

    @Test
    void anOomKillLinksToTheCrashLoopOfTheSamePod() {
        SignalWindow oom = s("oom", SignalType.OOM_KILLED, "pod/a/p", 0, 0);
        SignalWindow loop = s("loop", SignalType.CRASH_LOOP, "pod/a/p", 20, 300);

        List<CausalLink> links = linker.link(List.of(new Candidate(loop, oom, 0)));

        assertThat(links).singleElement().satisfies(l -> {
            assertThat(l.causeId()).isEqualTo("oom");
            assertThat(l.effectId()).isEqualTo("loop");
            assertThat(l.hops()).isZero();
            assertThat(l.distance()).isEqualTo(1.0);
            assertThat(l.domain()).isEqualTo(0.95);
            assertThat(l.confidence()).isGreaterThan(0.95);
        });
    }

    @Test
    void theDirectionFollowsOnsetsNotTheOrderOfArrival() {
        SignalWindow node = s("node", SignalType.NODE_NOT_READY, "node//n1", 0, 0);
        SignalWindow evicted = s("evicted", SignalType.EVICTED, "pod/a/p", 60, 60);

        // The effect is the subject (it arrived first and found the cause), or the cause is: same link.
        assertThat(linker.link(List.of(new Candidate(evicted, node, 1)))).extracting(CausalLink::causeId)
                .containsExactly("node");
        assertThat(linker.link(List.of(new Candidate(node, evicted, 1)))).extracting(CausalLink::causeId)
                .containsExactly("node");
    }

    @Test
    void aPairIsLinkedOnceAtItsShortestDistance() {
        SignalWindow a = s("a", SignalType.OOM_KILLED, "pod/a/p", 0, 0);
        SignalWindow b = s("b", SignalType.CRASH_LOOP, "pod/a/p", 5, 5);

        List<CausalLink> links = linker.link(List.of(new Candidate(a, b, 2), new Candidate(b, a, 0),
                new Candidate(a, b, 1)));

        assertThat(links).singleElement().extracting(CausalLink::hops).isEqualTo(0);
    }

    @Test
    void signalsFurtherApartThanTheWindowAreNotLinked() {
        SignalWindow oom = s("oom", SignalType.OOM_KILLED, "pod/a/p", 0, 0);
        SignalWindow late = s("late", SignalType.CRASH_LOOP, "pod/a/p", 16 * 60, 16 * 60);

        assertThat(linker.link(List.of(new Candidate(late, oom, 0)))).isEmpty();
    }

    @Test
    void aCauseThatIsStillOccurringHasNoGap() {
        SignalWindow node = s("node", SignalType.NODE_NOT_READY, "node//n1", 0, 40 * 60);
        SignalWindow evicted = s("evicted", SignalType.EVICTED, "pod/a/p", 30 * 60, 30 * 60);

        assertThat(linker.decide(node, evicted, 1)).hasValueSatisfying(l ->
                assertThat(l.temporal()).isEqualTo(1.0));
    }

    @Test
    void anImplausiblePairCloseInTimeOnTheSameNodeIsNotLinked() {
        SignalWindow noise = s("noise", SignalType.READINESS_FAILED, "pod/a/other", 0, 0);
        SignalWindow oom = s("oom", SignalType.OOM_KILLED, "pod/a/p", 30, 30);

        assertThat(linker.link(List.of(new Candidate(oom, noise, 2, null)))).isEmpty();
    }

    @Test
    void podsThatOnlyShareANodeAreRelatedOnlyThroughNodeLevelCauses() {
        SignalWindow appError = s("app", SignalType.APPLICATION_ERROR, "pod/a/p", 0, 600);
        SignalWindow fiveXx = s("5xx", SignalType.HTTP_5XX, "pod/b/q", 30, 600);
        SignalWindow pressure = s("pressure", SignalType.NODE_PRESSURE, "pod/a/p", 0, 600);
        SignalWindow oom = s("oom", SignalType.OOM_KILLED, "pod/b/q", 30, 30);

        assertThat(linker.link(List.of(new Candidate(fiveXx, appError, 2, null)))).isEmpty();
        assertThat(linker.link(List.of(new Candidate(fiveXx, appError, 2, 2)))).singleElement()
                .extracting(CausalLink::causeId).isEqualTo("app");
        assertThat(linker.link(List.of(new Candidate(oom, pressure, 2, null)))).singleElement()
                .satisfies(l -> {
                    assertThat(l.distance()).isEqualTo(0.3333);
                    assertThat(l.hops()).isEqualTo(2);
                });
    }

    @Test
    void simultaneousOnsetsTakeTheMorePlausibleDirection() {
        SignalWindow loop = s("a-loop", SignalType.CRASH_LOOP, "pod/a/p", 0, 0);
        SignalWindow oom = s("z-oom", SignalType.OOM_KILLED, "pod/a/p", 2, 2);

        assertThat(linker.decide(loop, oom, 0)).hasValueSatisfying(l -> {
            assertThat(l.causeId()).isEqualTo("z-oom");
            assertThat(l.effectId()).isEqualTo("a-loop");
        });
    }

    @Test
    void onEqualPlausibilityTheEarlierOnsetIsTheCauseEvenIfTheLaterOneLastsLonger() {
        SignalWindow early = s("z-early", SignalType.APPLICATION_ERROR, "pod/a/p", 0, 0);
        SignalWindow late = s("a-late", SignalType.APPLICATION_ERROR, "pod/a/p", 4, 480);

        assertThat(linker.decide(late, early, 0)).hasValueSatisfying(l ->
                assertThat(l.causeId()).isEqualTo("z-early"));
    }

    @Test
    void pairsTheRulesDoNotSupportAreNeverLinkedEvenOnTheSamePod() {
        SignalWindow warning = s("w", SignalType.OTHER_WARNING, "pod/a/p", 0, 0);
        SignalWindow error = s("e", SignalType.APPLICATION_ERROR, "pod/a/p", 1, 1);
        SignalWindow again = s("w2", SignalType.EVICTED, "pod/a/p", 2, 2);
        SignalWindow evicted = s("w1", SignalType.EVICTED, "pod/a/p", 1, 1);

        assertThat(linker.link(List.of(new Candidate(error, warning, 0), new Candidate(again, evicted, 0))))
                .isEmpty();
    }

    @Test
    void normalSignalsAreNeverLinked() {
        SignalWindow started = s("started", SignalType.NORMAL, "pod/a/p", 0, 0);
        SignalWindow loop = s("loop", SignalType.CRASH_LOOP, "pod/a/p", 5, 5);

        assertThat(linker.link(List.of(new Candidate(loop, started, 0)))).isEmpty();
    }

    @Test
    void theMinimumConfidenceIsConfigurable() {
        CausalLinker strict = new CausalLinker(CausalRules.standard(),
                new RcaSettings(Duration.ofMinutes(15), 3, 0.99, Duration.ofSeconds(5)));
        SignalWindow oom = s("oom", SignalType.OOM_KILLED, "pod/a/p", 0, 0);
        SignalWindow loop = s("loop", SignalType.CRASH_LOOP, "pod/a/p", 20, 20);

        assertThat(strict.link(List.of(new Candidate(loop, oom, 0)))).isEmpty();
    }

    @Test
    void anEffectKeepsOnlyItsMostConfidentCauses() {
        SignalWindow effect = new SignalWindow("refused", SignalType.CONNECTION_REFUSED, "pod/a/web", 100_000, 100_000);
        List<Candidate> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SignalWindow cause = new SignalWindow("crash-" + i, SignalType.CRASH_LOOP, "pod/a/api-" + i,
                    90_000 - i * 1_000L, 90_000 - i * 1_000L);
            candidates.add(new Candidate(effect, cause, 1 + i % 3));
        }
        List<CausalLink> links = linker.link(candidates);
        assertThat(links).hasSize(CausalLinker.MAX_CAUSES_PER_EFFECT)
                .allSatisfy(l -> assertThat(l.effectId()).isEqualTo("refused"));
        assertThat(links).extracting(CausalLink::hops).containsOnly(1);
    }
}
