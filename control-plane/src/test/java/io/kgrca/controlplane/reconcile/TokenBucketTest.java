package io.kgrca.controlplane.reconcile;

import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The spawn rate limit on a hand-moved clock. */
class TokenBucketTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final TokenBucket bucket = new TokenBucket(clock, 2, 3);

    @Test
    void aBurstIsAllowedThenTokensComeBackAtTheRate() {
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryAcquire()).isTrue();
        }
        assertThat(bucket.tryAcquire()).isFalse();
        assertThat(bucket.untilNext()).isEqualTo(Duration.ofMillis(500));

        clock.advance(Duration.ofMillis(499));
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void anIdleBucketNeverHoldsMoreThanItsBurst() {
        clock.advance(Duration.ofHours(1));

        int granted = 0;
        while (bucket.tryAcquire()) {
            granted++;
        }

        assertThat(granted).isEqualTo(3);
    }
}
