package io.kgrca.common.log;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class LogThrottleTest {

    private Instant now = Instant.parse("2026-12-07T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
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
    void oneLinePerIntervalAndTheNextLineCountsWhatWasNotLogged() {
        LogThrottle limiter = new LogThrottle(clock, Duration.ofSeconds(10));

        assertThat(limiter.tryLog()).isEqualTo(OptionalLong.of(0));
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryLog()).isEmpty();
        }
        now = now.plusSeconds(9);
        assertThat(limiter.tryLog()).isEmpty();
        now = now.plusSeconds(1);
        assertThat(limiter.tryLog()).isEqualTo(OptionalLong.of(1001));
        now = now.plusSeconds(60);
        assertThat(limiter.tryLog()).isEqualTo(OptionalLong.of(0));
    }
}
