package io.kgrca.controlplane.pool;

import io.kgrca.controlplane.pool.PoolPlanner.Demand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PoolPlannerTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    /** min 1, max 6, 100 tenants or 1000 records of lag per instance, scale down after 5m. */
    private static PoolSettings settings(int min, int max) {
        return new PoolSettings(min, max, 100, 1000, Duration.ofMinutes(5), 1L << 30, 1.0, 19100,
                Duration.ofSeconds(10));
    }

    @Test
    void noSharedTenantMeansNoInstanceUnlessAMinimumIsSet() {
        assertThat(new PoolPlanner(settings(0, 6)).target(new Demand(0, 5_000, 12))).isZero();
        assertThat(new PoolPlanner(settings(2, 6)).target(new Demand(0, 0, 12))).isEqualTo(2);
    }

    @Test
    void demandIsTheLargerOfTenantsAndLagRoundedUp() {
        PoolPlanner p = new PoolPlanner(settings(0, 6));
        assertThat(p.target(new Demand(1, 0, 12))).isEqualTo(1);
        assertThat(p.target(new Demand(100, 0, 12))).isEqualTo(1);
        assertThat(p.target(new Demand(101, 0, 12))).isEqualTo(2);
        assertThat(p.target(new Demand(101, 2_001, 12))).isEqualTo(3);
        assertThat(p.target(new Demand(1, -5, 12))).as("a negative lag is none").isEqualTo(1);
    }

    @Test
    void neverAboveTheMaximumNorThePartitionCountNeverBelowTheMinimum() {
        PoolPlanner p = new PoolPlanner(settings(2, 6));
        assertThat(p.target(new Demand(10_000, 0, 12))).isEqualTo(6);
        assertThat(p.target(new Demand(10_000, 0, 3))).as("capped by partitions").isEqualTo(3);
        assertThat(p.target(new Demand(10_000, 0, 0))).as("unknown partitions: no cap").isEqualTo(6);
        assertThat(p.target(new Demand(1, 0, 12))).isEqualTo(2);
        assertThat(new PoolPlanner(settings(4, 6)).target(new Demand(1, 0, 3)))
                .as("the partition cap wins over the minimum").isEqualTo(3);
    }

    @Test
    void scalesUpAtOnce() {
        PoolPlanner p = new PoolPlanner(settings(0, 6));
        assertThat(p.next(new Demand(0, 0, 12), 0, T0)).isZero();
        assertThat(p.next(new Demand(450, 0, 12), 0, T0.plusSeconds(1))).isEqualTo(5);
    }

    @Test
    void scalesDownOneAtATimeAfterTheDelayEachTime() {
        PoolPlanner p = new PoolPlanner(settings(0, 6));
        assertThat(p.next(new Demand(400, 0, 12), 0, T0)).isEqualTo(4);
        Instant t = T0.plusSeconds(10);
        assertThat(p.next(new Demand(50, 0, 12), 4, t)).as("lower demand starts the delay").isEqualTo(4);
        assertThat(p.next(new Demand(50, 0, 12), 4, t.plus(Duration.ofMinutes(5)).minusSeconds(1))).isEqualTo(4);
        t = t.plus(Duration.ofMinutes(5));
        assertThat(p.next(new Demand(50, 0, 12), 4, t)).as("one instance after the delay").isEqualTo(3);
        assertThat(p.next(new Demand(50, 0, 12), 3, t.plusSeconds(60))).as("the delay runs again").isEqualTo(3);
        t = t.plus(Duration.ofMinutes(5));
        assertThat(p.next(new Demand(50, 0, 12), 3, t)).isEqualTo(2);
        t = t.plus(Duration.ofMinutes(5));
        assertThat(p.next(new Demand(50, 0, 12), 2, t)).isEqualTo(1);
        t = t.plus(Duration.ofMinutes(5));
        assertThat(p.next(new Demand(50, 0, 12), 1, t)).as("down to the target and no further").isEqualTo(1);
    }

    @Test
    void demandThatComesBackDuringTheDelayCancelsIt() {
        PoolPlanner p = new PoolPlanner(settings(0, 6));
        p.next(new Demand(300, 0, 12), 0, T0);
        p.next(new Demand(100, 0, 12), 3, T0.plusSeconds(1));
        assertThat(p.next(new Demand(300, 0, 12), 3, T0.plus(Duration.ofMinutes(3)))).isEqualTo(3);
        assertThat(p.next(new Demand(100, 0, 12), 3, T0.plus(Duration.ofMinutes(6)))).as("a new delay begins")
                .isEqualTo(3);
        assertThat(p.next(new Demand(100, 0, 12), 3, T0.plus(Duration.ofMinutes(11)))).isEqualTo(2);
    }

    @Test
    void keepsTheInstancesItFindsAtStartUntilLowerDemandLasted() {
        PoolPlanner p = new PoolPlanner(settings(0, 6));
        assertThat(p.current()).isEqualTo(-1);
        assertThat(p.next(new Demand(0, 0, 12), 2, T0)).as("adopted: not removed at once").isEqualTo(2);
        assertThat(p.next(new Demand(0, 0, 12), 2, T0.plus(Duration.ofMinutes(5)))).isEqualTo(1);
        assertThat(p.next(new Demand(0, 0, 12), 1, T0.plus(Duration.ofMinutes(10)))).isZero();
    }
}
