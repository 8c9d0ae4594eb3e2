package io.kgrca.controlplane.reconcile;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.testsupport.MutableClock;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.runtime.WorkerKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Consumer-group cleanup of a dead tenant: retried with a growing, capped wait; done once; recorded. */
class TenantCleanupTest {

    private static final TenantId AF1 = TenantId.of("af-1");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final PortPlan ports = new PortPlan(20000, 6);
    private final AtomicInteger cleanups = new AtomicInteger();
    private final ControlPlaneMetrics metrics = new ControlPlaneMetrics() {
        @Override
        public void cleanedUp() {
            cleanups.incrementAndGet();
        }
    };

    @Test
    void aGroupThatStaysNonEmptyIsRetriedWithAGrowingWaitUpToTheCap() {
        TenantCleanup cleanup = new TenantCleanup(id -> false, ports, metrics, clock, () -> 0.5);
        List<Duration> waits = new ArrayList<>();

        for (int i = 0; i < 8; i++) {
            waits.add(cleanup.run(AF1).orElseThrow());
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        assertThat(cleanup.isDone(AF1)).isFalse();
        assertThat(cleanups.get()).isZero();
    }

    @Test
    void aFailingAdminCallIsRetriedLikeANonEmptyGroup() {
        TenantCleanup cleanup = new TenantCleanup(id -> {
            throw new IllegalStateException("broker unreachable");
        }, ports, metrics, clock, () -> 0.5);

        assertThat(cleanup.run(AF1)).contains(Duration.ofSeconds(1));
    }

    @Test
    void aSuccessfulCleanupIsRecordedOnceReleasesThePortsAndIsRedoneOnlyAfterTheTenantLivedAgain() {
        AtomicInteger calls = new AtomicInteger();
        TenantCleanup cleanup = new TenantCleanup(id -> calls.incrementAndGet() > 1, ports, metrics, clock, () -> 0.5);
        int port = ports.portOf(AF1, WorkerKind.EVENT_NORMALIZER);
        ports.portOf(TenantId.of("other"), WorkerKind.EVENT_NORMALIZER);

        cleanup.run(AF1);
        clock.advance(Duration.ofSeconds(1));
        Optional<Duration> second = cleanup.run(AF1);
        Optional<Duration> third = cleanup.run(AF1);

        assertThat(second).isEmpty();
        assertThat(third).isEmpty();
        assertThat(calls.get()).as("not deleted again once done").isEqualTo(2);
        assertThat(cleanup.doneAt(AF1)).isEqualTo(clock.instant());
        assertThat(cleanups.get()).isEqualTo(1);
        assertThat(ports.portOf(TenantId.of("next"), WorkerKind.EVENT_NORMALIZER)).as("the block is free again")
                .isEqualTo(port);

        cleanup.forget(AF1);
        assertThat(cleanup.isDone(AF1)).isFalse();
        cleanup.run(AF1);
        assertThat(calls.get()).isEqualTo(3);
    }
}
