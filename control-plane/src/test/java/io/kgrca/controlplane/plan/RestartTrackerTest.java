package io.kgrca.controlplane.plan;

import io.kgrca.controlplane.config.ControlPlaneConfig.RestartPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The crash-loop bookkeeping of one worker, with times passed in and the jitter fixed: no clock, no sleeps. */
class RestartTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final RestartPolicy POLICY = new RestartPolicy(Duration.ofSeconds(10), Duration.ofSeconds(40), 6,
            Duration.ofMinutes(10), Duration.ofMinutes(2));

    /** Jitter 0.5 is the midpoint: the delay without spread. */
    private final RestartTracker tracker = new RestartTracker(POLICY, () -> 0.5);

    private Instant crashAndRestart(Instant at, String id) {
        tracker.recordCrash(id, at, "exited");
        Instant next = tracker.nextAttempt();
        tracker.recordRestart(next);
        return next;
    }

    @Test
    void theFirstCrashRestartsAtOnceThenTheWaitDoublesUpToTheCap() {
        Instant t = T0;
        tracker.recordCrash("c1", t, "exited with code 1");
        assertThat(tracker.mayRestart(t)).isTrue();
        tracker.recordRestart(t);

        Duration[] expected = {Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(40)};
        for (int i = 0; i < expected.length; i++) {
            t = t.plusSeconds(1);
            tracker.recordCrash("c" + (i + 2), t, "exited");
            assertThat(Duration.between(t, tracker.nextAttempt())).as("wait after restart %d", i + 1)
                    .isEqualTo(expected[i]);
            assertThat(tracker.mayRestart(t.plus(expected[i]).minusMillis(1))).isFalse();
            assertThat(tracker.mayRestart(t.plus(expected[i]))).isTrue();
            t = t.plus(expected[i]);
            tracker.recordRestart(t);
        }
        assertThat(tracker.totalRestarts()).isEqualTo(5);
    }

    @Test
    void jitterSpreadsTheWaitByAFifthAtMost() {
        RestartTracker low = new RestartTracker(POLICY, () -> 0.0);
        RestartTracker high = new RestartTracker(POLICY, () -> 0.999);
        for (RestartTracker r : new RestartTracker[]{low, high}) {
            r.recordCrash("a", T0, "x");
            r.recordRestart(T0);
            r.recordCrash("b", T0, "x");
        }

        assertThat(Duration.between(T0, low.nextAttempt())).isEqualTo(Duration.ofSeconds(8));
        assertThat(Duration.between(T0, high.nextAttempt())).isBetween(Duration.ofMillis(11_900),
                Duration.ofSeconds(12));
    }

    @Test
    void theSameStoppedContainerSeenTwiceIsOneCrash() {
        tracker.recordCrash("c1", T0, "exited");
        tracker.recordRestart(T0);
        tracker.recordCrash("c2", T0.plusSeconds(1), "exited");
        Instant next = tracker.nextAttempt();

        tracker.recordCrash("c2", T0.plusSeconds(5), "exited");

        assertThat(tracker.nextAttempt()).isEqualTo(next);
    }

    @Test
    void tooManyRestartsWithinTheWindowFailTheWorkerUntilAReset() {
        Instant t = T0;
        for (int i = 0; i < POLICY.maxRestarts(); i++) {
            t = crashAndRestart(t, "c" + i).plusSeconds(1);
        }

        assertThat(tracker.recordCrash("last", t, "exited with code 3")).isTrue();
        assertThat(tracker.failed()).isTrue();
        assertThat(tracker.mayRestart(t.plus(Duration.ofDays(1)))).as("failed stays failed").isFalse();
        assertThat(tracker.lastError()).isEqualTo("exited with code 3");

        tracker.reset();

        assertThat(tracker.failed()).isFalse();
        assertThat(tracker.mayRestart(t)).isTrue();
    }

    @Test
    void restartsOlderThanTheWindowNoLongerCount() {
        Instant t = T0;
        for (int i = 0; i < POLICY.maxRestarts(); i++) {
            t = crashAndRestart(t, "c" + i).plusSeconds(1);
        }

        Instant muchLater = t.plus(POLICY.window()).plus(Duration.ofMinutes(5));
        assertThat(tracker.recordCrash("late", muchLater, "exited")).isFalse();
        assertThat(tracker.nextAttempt()).as("first crash in a fresh window: at once").isEqualTo(muchLater);
    }

    @Test
    void aWorkerThatRanStablyHasItsHistoryForgotten() {
        Instant t = crashAndRestart(T0, "c1");
        t = crashAndRestart(t.plusSeconds(1), "c2");

        tracker.noteRunning(t, t.plus(POLICY.stableAfter()).minusSeconds(1));
        tracker.recordCrash("c3", t.plusSeconds(30), "exited");
        assertThat(tracker.nextAttempt()).as("not yet stable: backoff").isAfter(t.plusSeconds(30));

        RestartTracker stable = new RestartTracker(POLICY, () -> 0.5);
        stable.recordCrash("c1", T0, "exited");
        stable.recordRestart(T0);
        stable.noteRunning(T0, T0.plus(POLICY.stableAfter()));
        stable.recordCrash("c2", T0.plus(Duration.ofMinutes(3)), "exited");
        assertThat(stable.nextAttempt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    }
}
