package io.kgrca.controlplane.reconcile;

import io.kgrca.common.retry.ExponentialBackoff;
import io.kgrca.controlplane.config.ControlPlaneConfig.RestartPolicy;
import io.kgrca.controlplane.runtime.RestartHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The crash-loop state of one worker: restarts within the window, when the next respawn may happen (exponential
 * backoff with a cap and jitter), and whether the worker has FAILED (too many restarts in the window). A failed
 * worker stays failed until {@link #reset()} (a manual restart or a new spec). Pure apart from the clock values
 * the caller passes.
 */
public final class RestartTracker {

    private final RestartPolicy policy;
    private final ExponentialBackoff backoff;
    private final DoubleSupplier random;
    private final Deque<Instant> restarts = new ArrayDeque<>();
    private Instant nextAttempt;
    private boolean failed;
    private int total;
    private String lastError;
    private String lastCrashedId;

    /** A tracker for {@code policy}; {@code random} gives the jitter, in [0, 1). */
    public RestartTracker(RestartPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.backoff = new ExponentialBackoff(policy.initialBackoff(), 2.0, policy.maxBackoff(), 0.2);
        this.random = random;
    }

    /**
     * Records that the worker was found dead at {@code now}. Returns true when it has now failed for good.
     */
    public boolean recordCrash(Instant now, String error) {
        return recordCrash(null, now, error);
    }

    /**
     * Records that worker {@code instanceId} was found dead; the same instance seen again is not a new crash.
     * The first crash in the window is restarted at once, later ones after a growing backoff.
     */
    public boolean recordCrash(String instanceId, Instant now, String error) {
        if (instanceId != null && instanceId.equals(lastCrashedId)) {
            return failed;
        }
        lastCrashedId = instanceId;
        lastError = error;
        while (!restarts.isEmpty() && restarts.peekFirst().isBefore(now.minus(policy.window()))) {
            restarts.pollFirst();
        }
        if (restarts.size() >= policy.maxRestarts()) {
            failed = true;
            nextAttempt = null;
            return true;
        }
        nextAttempt = restarts.isEmpty() ? now : now.plus(backoff.delay(restarts.size(), random.getAsDouble()));
        return false;
    }

    /** True when a respawn may happen at {@code now}. */
    public boolean mayRestart(Instant now) {
        return !failed && (nextAttempt == null || !now.isBefore(nextAttempt));
    }

    /** Records a respawn at {@code now}. */
    public void recordRestart(Instant now) {
        restarts.addLast(now);
        total++;
        nextAttempt = null;
    }

    /** Forgets the crash history once the worker ran stably since {@code startedAt}. */
    public void noteRunning(Instant startedAt, Instant now) {
        if (startedAt != null && !restarts.isEmpty()
                && Duration.between(startedAt, now).compareTo(policy.stableAfter()) >= 0) {
            restarts.clear();
            nextAttempt = null;
        }
    }

    /**
     * Continues the history a worker carried from an earlier control plane (its labels): the cumulative count, and
     * the restarts still inside the window. Only a tracker that has seen nothing yet adopts.
     */
    public void adopt(RestartHistory history, Instant now) {
        if (total > 0 || !restarts.isEmpty() || history.total() == 0) {
            return;
        }
        total = history.total();
        for (Instant t : history.recent()) {
            if (!t.isBefore(now.minus(policy.window()))) {
                restarts.addLast(t);
            }
        }
    }

    /** What travels with the worker when it is respawned now: this history plus the restart at {@code now}. */
    public RestartHistory historyWithRestartAt(Instant now) {
        return new RestartHistory(total, List.copyOf(restarts)).plus(now);
    }

    /** The history as it stands, for a worker started without a restart. */
    public RestartHistory history() {
        return new RestartHistory(total, List.copyOf(restarts));
    }

    /** Clears everything, including a failed state. */
    public void reset() {
        restarts.clear();
        nextAttempt = null;
        failed = false;
        lastError = null;
    }

    /** True after too many restarts in the window. */
    public boolean failed() {
        return failed;
    }

    /** When the next respawn may happen, or null. */
    public Instant nextAttempt() {
        return nextAttempt;
    }

    /** Restarts of this worker, cumulative across control-plane restarts (adopted from the worker). */
    public int totalRestarts() {
        return total;
    }

    /** The last crash reason, or null. */
    public String lastError() {
        return lastError;
    }
}
