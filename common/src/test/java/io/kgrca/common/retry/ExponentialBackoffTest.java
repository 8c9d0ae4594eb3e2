package io.kgrca.common.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExponentialBackoffTest {

    private final ExponentialBackoff backoff =
            new ExponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2);

    @Test
    void doublesFromTheInitialDelayWithoutJitterAtTheMidpoint() {
        assertThat(backoff.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(5, 0.5)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void neverExceedsTheCapEvenWithJitterOrHugeAttempts() {
        assertThat(backoff.delay(7, 0.999)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delay(10_000, 0.999)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterSpreadsTheDelayByTheConfiguredFraction() {
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delay(3, 0.99999)).isBetween(Duration.ofMillis(4790), Duration.ofMillis(4800));
    }

    @Test
    void rejectsNonsenseParameters() {
        assertThatIllegalArgumentException().isThrownBy(() -> backoff.delay(0, 0.5));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new ExponentialBackoff(Duration.ZERO, 2, Duration.ofSeconds(1), 0));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new ExponentialBackoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new ExponentialBackoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2), 0));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new ExponentialBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(2), 1.0));
    }
}
