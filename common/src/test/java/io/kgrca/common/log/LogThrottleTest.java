package io.kgrca.common.log;

import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class LogThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));

    @Test
    void oneLinePerIntervalAndTheNextLineCountsWhatWasNotLogged() {
        LogThrottle limiter = new LogThrottle(clock, Duration.ofSeconds(10));

        assertThat(limiter.tryLog()).isEqualTo(OptionalLong.of(0));
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryLog()).isEmpty();
        }
        clock.advance(Duration.ofSeconds(9));
        assertThat(limiter.tryLog()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryLog()).isEqualTo(OptionalLong.of(1001));
        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.tryLog()).isEqualTo(OptionalLong.of(0));
    }
}
