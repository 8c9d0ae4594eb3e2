package io.kgrca.common.worker;

import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SkipSamplerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));

    @Test
    void logsTheFirstOfAReasonThenOneLinePerIntervalThatCountsWhatItStandsFor() {
        SkipSampler sampler = new SkipSampler(clock, Duration.ofMinutes(1));

        assertThat(sampler.sample("invalid-key")).isEqualTo(1);
        for (int i = 0; i < 999; i++) {
            assertThat(sampler.sample("invalid-key")).isZero();
        }
        assertThat(sampler.sample("no-key")).as("reasons are sampled apart").isEqualTo(1);
        clock.advance(Duration.ofSeconds(61));
        assertThat(sampler.sample("invalid-key")).isEqualTo(1000);
        assertThat(sampler.sample("invalid-key")).isZero();
    }
}
