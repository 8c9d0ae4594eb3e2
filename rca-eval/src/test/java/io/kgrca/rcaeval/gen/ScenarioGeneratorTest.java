package io.kgrca.rcaeval.gen;

import io.kgrca.agent.replay.TimelineEntry;
import io.kgrca.rcaeval.corpus.FaultClass;
import io.kgrca.rcaeval.corpus.Matcher;
import io.kgrca.rcaeval.corpus.Scenario;
import io.kgrca.rcaeval.corpus.ScenarioCodec;
import io.kgrca.rcaeval.corpus.Truth;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioGeneratorTest {

    /** Every resource id a timeline mentions: objects, the objects events are about, the pods of log lines. */
    private static Set<String> mentioned(Scenario s) {
        Set<String> ids = new HashSet<>();
        for (TimelineEntry e : s.timeline()) {
            if (e.isLog()) {
                ids.add("pod/" + e.log().path("kubernetes").path("pod_namespace").asText() + "/"
                        + e.log().path("kubernetes").path("pod_name").asText());
                continue;
            }
            var o = e.object();
            var about = "Event".equals(o.path("kind").asText()) ? o.path("involvedObject") : o.path("metadata");
            String kind = "Event".equals(o.path("kind").asText()) ? about.path("kind").asText() : o.path("kind").asText();
            ids.add(kind.toLowerCase(Locale.ROOT) + "/" + about.path("namespace").asText("") + "/"
                    + about.path("name").asText());
        }
        return ids;
    }

    @Test
    void theSameSeedAndClassGiveTheSameScenarioAndAnotherSeedAnother() {
        for (FaultClass fc : FaultClass.values()) {
            String a = ScenarioCodec.format(new ScenarioGenerator(7).generate(fc));
            assertThat(ScenarioCodec.format(new ScenarioGenerator(7).generate(fc))).isEqualTo(a);
            assertThat(ScenarioCodec.format(new ScenarioGenerator(8).generate(fc))).isNotEqualTo(a);
        }
    }

    @Test
    void theTruthIsWhatWasInjectedAndEveryResourceItNamesIsInTheTimeline() {
        for (long seed = 1; seed <= 12; seed++) {
            for (FaultClass fc : FaultClass.values()) {
                Scenario s = new ScenarioGenerator(seed).generate(fc);
                Set<String> ids = mentioned(s);
                Truth t = s.truth();
                assertThat(s.faultClass()).isEqualTo(fc.id());
                assertThat(ids).as(s.name() + " root").contains(t.rootCause().resource());
                assertThat(ids).as(s.name() + " affected").containsAll(t.affected());
                assertThat(t.affected()).as(s.name()).contains(t.rootCause().resource());
                for (Truth.Decoy d : t.decoys()) {
                    assertThat(ids).as(s.name() + " decoy").contains(d.rootCause().resource());
                    assertThat(t.affected()).as(s.name() + " decoy apart").doesNotContain(d.rootCause().resource());
                }
                assertThat(s.split()).isEqualTo(seed % 2 == 1 ? "heldout" : "dev");
            }
        }
    }

    @Test
    void scenariosVaryInSizeNamesAndDecoys() {
        Set<Integer> sizes = new HashSet<>();
        Set<String> roots = new HashSet<>();
        Set<Integer> decoys = new HashSet<>();
        for (long seed = 1; seed <= 10; seed++) {
            Scenario s = new ScenarioGenerator(seed).generate(FaultClass.OOM);
            sizes.add(s.timeline().size());
            roots.add(s.truth().rootCause().resource());
            decoys.add(s.truth().decoys().size());
        }
        assertThat(sizes).hasSizeGreaterThan(5);
        assertThat(roots).hasSize(10);
        assertThat(decoys).contains(0, 1);
    }

    @Test
    void aMatcherNeedsTheResourceAndAListedTypeAndKind() {
        Matcher m = new Matcher("pod/shop/api-1", List.of("OOM_KILLED"), List.of("event", "state"));
        assertThat(m.matches("pod/shop/api-1", "OOM_KILLED", "state")).isTrue();
        assertThat(m.matches("pod/shop/api-1", "CRASH_LOOP", "event")).isFalse();
        assertThat(m.matches("pod/shop/api-1", "OOM_KILLED", "log")).isFalse();
        assertThat(m.matches("pod/shop/api-2", "OOM_KILLED", "event")).isFalse();
        assertThat(Matcher.of("deployment/shop/api").matches("deployment/shop/api", "CHANGE_ROLLOUT", "change"))
                .isTrue();
    }
}
