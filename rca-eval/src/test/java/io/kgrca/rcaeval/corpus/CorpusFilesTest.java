package io.kgrca.rcaeval.corpus;

import io.kgrca.rcaeval.gen.HandWritten;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CorpusFilesTest {

    @Test
    void regeneratingTheCommittedScenariosFromTheirSeedsGivesIdenticalFiles() {
        for (Scenario s : CorpusWriter.generated()) {
            assertThat(ScenarioCodec.format(Corpus.load("generated/" + s.name() + ".json")))
                    .as(s.name()).isEqualTo(ScenarioCodec.format(s));
        }
        for (Scenario s : HandWritten.all()) {
            assertThat(ScenarioCodec.format(Corpus.load("hand/" + s.name() + ".json")))
                    .as(s.name()).isEqualTo(ScenarioCodec.format(s));
        }
    }

    @Test
    void theCorpusHasFortyScenariosOverTwelveClassesWithCitedHandWrittenOnesAndBothSplits() {
        List<Scenario> all = Corpus.load();
        assertThat(all).hasSizeGreaterThanOrEqualTo(40);
        assertThat(all.stream().map(Scenario::faultClass).distinct().count()).isGreaterThanOrEqualTo(12);
        assertThat(all.stream().map(Scenario::faultClass)).allSatisfy(FaultClass::fromId);
        List<Scenario> hand = all.stream().filter(s -> !s.source().startsWith("generated")).toList();
        assertThat(hand).hasSizeGreaterThanOrEqualTo(12).allSatisfy(s -> assertThat(s.source()).startsWith("https://"));
        Map<Boolean, Long> heldout = all.stream().collect(Collectors.partitioningBy(s -> "heldout".equals(s.split()),
                Collectors.counting()));
        assertThat(heldout.get(true)).isBetween(all.size() / 2L - 2, all.size() / 2L + 2);
        Set<String> names = new HashSet<>();
        assertThat(all).allSatisfy(s -> assertThat(names.add(s.name())).as(s.name()).isTrue());
    }

    @Test
    void aScenarioSurvivesFormattingAndParsing() {
        Scenario s = Corpus.load().get(0);
        Scenario again = ScenarioCodec.parse(ScenarioCodec.format(s));
        assertThat(again.truth()).isEqualTo(s.truth());
        assertThat(again.timeline()).isEqualTo(s.timeline());
    }
}
