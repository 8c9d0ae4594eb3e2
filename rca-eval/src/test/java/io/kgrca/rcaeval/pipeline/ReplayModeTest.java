package io.kgrca.rcaeval.pipeline;

import io.kgrca.agent.replay.ReplayRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayModeTest {

    private static List<ReplayRecord> records() {
        List<ReplayRecord> out = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 500; i++) {
            out.add(new ReplayRecord(t.plusMillis(700L * i), "raw.k8s.events", "acme::event::e" + (i % 7),
                    new byte[] {(byte) i}));
        }
        return out;
    }

    @Test
    void shuffledKeepsEachKeysOrderAndMovesNothingMoreThanTheBoundAndIsSeeded() {
        List<ReplayRecord> in = records();
        List<ReplayRecord> out = ReplayMode.SHUFFLED.order(in, 42);

        assertThat(out).containsExactlyInAnyOrderElementsOf(in).isNotEqualTo(in);
        assertThat(ReplayMode.SHUFFLED.order(in, 42)).isEqualTo(out);
        Map<String, Instant> last = new HashMap<>();
        for (ReplayRecord r : out) {
            Instant before = last.put(r.key(), r.at());
            assertThat(before == null || !before.isAfter(r.at())).as("per-key order of " + r.key()).isTrue();
        }
        // A record is delivered after every record whose timestamp is more than the bound before its own.
        for (int i = 0; i < out.size(); i++) {
            for (int j = i + 1; j < out.size(); j++) {
                assertThat(out.get(j).at().plus(ReplayMode.MAX_DELAY).isBefore(out.get(i).at())).isFalse();
            }
        }
    }

    @Test
    void fullAndPacedKeepTimeOrderInTheirBatchSizes() {
        List<ReplayRecord> in = records();
        assertThat(ReplayMode.FULL.order(in, 1)).isEqualTo(in);
        assertThat(ReplayMode.PACED.order(in, 1)).isEqualTo(in);
        assertThat(List.of(ReplayMode.FULL.batchSize(), ReplayMode.PACED.batchSize(), ReplayMode.SHUFFLED.batchSize()))
                .containsExactly(2000, 20, 200);
    }
}
