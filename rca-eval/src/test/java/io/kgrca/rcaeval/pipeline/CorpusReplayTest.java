package io.kgrca.rcaeval.pipeline;

import io.kgrca.agent.replay.ReplayRecord;
import io.kgrca.agent.replay.Replayer;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.rcaeval.corpus.Corpus;
import io.kgrca.rcaeval.corpus.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CorpusReplayTest {

    @Test
    void everyScenarioReplaysThroughTheAgentsMappingIntoResourcesEdgesEventsAndLogs() {
        for (Scenario s : Corpus.load()) {
            Replayer replayer = new Replayer(TenantId.of("acme"), "eval");
            List<ReplayRecord> out = replayer.replay(s.timeline());
            assertThat(out).as(s.name()).isNotEmpty();
            assertThat(out).extracting(ReplayRecord::topic).as(s.name()).contains("state.k8s.resource",
                    "state.k8s.topology", "raw.k8s.events", "raw.k8s.logs");
            assertThat(replayer.stats().objects() + replayer.stats().events() + replayer.stats().logs()
                    + replayer.stats().skipped()).as(s.name()).isEqualTo(s.timeline().size());
        }
    }
}
