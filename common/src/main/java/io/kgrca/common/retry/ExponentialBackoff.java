package io.kgrca.common.retry;

import java.time.Duration;

/**
 * Exponential backoff with a cap and jitter: attempt {@code n} (from 1) waits
 * {@code min(cap, initial * multiplier^(n-1))}, spread by {@code ±jitter} (a fraction). Pure: the caller supplies
 * the random number, so tests need no randomness and no sleeps.
 *
 * @param initial    the delay before the first retry
 * @param multiplier growth per attempt, at least 1
 * @param cap        the largest delay
 * @param jitter     a fraction in {@code [0, 1)} by which each delay is randomly spread
 */
public record ExponentialBackoff(Duration initial, double multiplier, Duration cap, double jitter) {

    /** Validates the parameters. */
    public ExponentialBackoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial must be positive");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("cap must be at least initial");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
    }

    /**
     * The delay before retry number {@code attempt} (1 for the first retry).
     *
     * @param attempt the retry number, from 1
     * @param random  a number in {@code [0, 1)}; 0.5 gives the delay without jitter
     */
    public Duration delay(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        double base = initial.toMillis() * Math.pow(multiplier, Math.min(attempt - 1, 62));
        double capped = Math.min(base, cap.toMillis());
        double spread = capped * (1 + jitter * (2 * random - 1));
        return Duration.ofMillis(Math.max(1, Math.round(Math.min(spread, cap.toMillis()))));
    }
}
