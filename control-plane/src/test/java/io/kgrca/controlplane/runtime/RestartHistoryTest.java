package io.kgrca.controlplane.runtime;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RestartHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void theLabelsRoundTrip() {
        RestartHistory h = RestartHistory.NONE.plus(T0).plus(T0.plusSeconds(5));

        RestartHistory back = RestartHistory.fromLabels(String.valueOf(h.total()), h.timesLabel());

        assertThat(back).isEqualTo(h);
        assertThat(back.recent()).containsExactly(T0, T0.plusSeconds(5));
    }

    @Test
    void unreadableLabelsAreNoHistoryAndTheListStaysSmall() {
        assertThat(RestartHistory.fromLabels("many", "x")).isEqualTo(RestartHistory.NONE);
        assertThat(RestartHistory.fromLabels(null, null)).isEqualTo(RestartHistory.NONE);
        RestartHistory h = RestartHistory.NONE;
        for (int i = 0; i < 100; i++) {
            h = h.plus(T0.plusSeconds(i));
        }
        assertThat(h.total()).isEqualTo(100);
        assertThat(h.recent()).hasSize(RestartHistory.MAX_RECENT).endsWith(T0.plusSeconds(99));
        assertThat(new RestartHistory(-1, List.of()).total()).isZero();
    }
}
