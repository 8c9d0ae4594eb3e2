package io.kgrca.controlplane.reconcile;

import io.kgrca.controlplane.plan.SpawnBudget;

import java.time.Clock;
import java.time.Duration;

/** A token bucket that rate-limits spawns, so a hundred registrations do not start three hundred JVMs at once. */
public final class TokenBucket implements SpawnBudget {

    private final Clock clock;
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    /** {@code perSecond} tokens a second, at most {@code burst} at once. */
    public TokenBucket(Clock clock, double perSecond, int burst) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nanos();
    }

    /** Takes a token if there is one. */
    @Override
    public synchronized boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until the next token. */
    @Override
    public synchronized Duration untilNext() {
        refill();
        return tokens >= 1 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil((1 - tokens) / perSecond * 1000));
    }

    private void refill() {
        long now = nanos();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
    }

    private long nanos() {
        return clock.millis() * 1_000_000L;
    }
}
