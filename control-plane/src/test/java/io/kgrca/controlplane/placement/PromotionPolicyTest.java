package io.kgrca.controlplane.placement;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.kgrca.common.placement.PlacementMode.DEDICATED;
import static io.kgrca.common.placement.PlacementMode.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

/** Promotion after a sustained rate, with a fake clock. */
class PromotionPolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final TenantId AF1 = TenantId.of("af-1");
    private static final Placement SHARED_AF1 = Placement.initial("af-1", SHARED, T0);

    private final MutableClock clock = new MutableClock(T0);
    private final PromotionPolicy policy = new PromotionPolicy(200, Duration.ofMinutes(10));

    @Test
    void aSharedTenantAboveTheRateForTheWholeWaitIsPromotedWithItsReason() {
        assertThat(policy.observe(AF1, SHARED_AF1, false, 250.0, clock.instant())).isEmpty();
        clock.advance(Duration.ofMinutes(9));
        assertThat(policy.observe(AF1, SHARED_AF1, false, 300.0, clock.instant())).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(policy.observe(AF1, SHARED_AF1, false, 300.0, clock.instant())).hasValueSatisfying(
                why -> assertThat(why).contains("300.0/s above 200.0/s", T0.toString()));
        assertThat(policy.waiting()).isZero();
    }

    @Test
    void aDipRestartsTheWaitAndAnUnknownRateKeepsIt() {
        policy.observe(AF1, SHARED_AF1, false, 250.0, clock.instant());
        clock.advance(Duration.ofMinutes(5));
        policy.observe(AF1, SHARED_AF1, false, 150.0, clock.instant());
        clock.advance(Duration.ofMinutes(1));
        policy.observe(AF1, SHARED_AF1, false, 250.0, clock.instant());
        clock.advance(Duration.ofMinutes(9));
        assertThat(policy.observe(AF1, SHARED_AF1, false, null, clock.instant())).as("unknown: no decision").isEmpty();
        assertThat(policy.observe(AF1, SHARED_AF1, false, 250.0, clock.instant())).as("9 min since the dip").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(policy.observe(AF1, SHARED_AF1, false, null, clock.instant())).isEmpty();
        assertThat(policy.observe(AF1, SHARED_AF1, false, 201.0, clock.instant())).isPresent();
    }

    @Test
    void neverForDedicatedOrOperatorChosenTenantsNorWhenOff() {
        Placement dedicated = Placement.initial("af-1", DEDICATED, T0);
        PromotionPolicy off = new PromotionPolicy(0, Duration.ofMinutes(10));
        for (int i = 0; i < 3; i++) {
            assertThat(policy.observe(AF1, dedicated, false, 1e6, clock.instant())).isEmpty();
            assertThat(policy.observe(AF1, SHARED_AF1, true, 1e6, clock.instant())).isEmpty();
            assertThat(off.observe(AF1, SHARED_AF1, false, 1e6, clock.instant())).isEmpty();
            assertThat(policy.observe(AF1, null, false, 1e6, clock.instant())).isEmpty();
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(off.enabled()).isFalse();
        assertThat(policy.waiting()).isZero();
    }
}
