package io.kgrca.common.worker;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SkipSamplerTest {

    private Instant now = Instant.parse("2026-12-07T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void logsTheFirstOfAReasonThenOneLinePerIntervalThatCountsWhatItStandsFor() {
        SkipSampler sampler = new SkipSampler(clock, Duration.ofMinutes(1));

        assertThat(sampler.sample("invalid-key")).isEqualTo(1);
        for (int i = 0; i < 999; i++) {
            assertThat(sampler.sample("invalid-key")).isZero();
        }
        assertThat(sampler.sample("no-key")).as("reasons are sampled apart").isEqualTo(1);
        now = now.plusSeconds(61);
        assertThat(sampler.sample("invalid-key")).isEqualTo(1000);
        assertThat(sampler.sample("invalid-key")).isZero();
    }
}
