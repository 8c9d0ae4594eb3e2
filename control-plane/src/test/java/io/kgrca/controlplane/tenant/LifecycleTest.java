package io.kgrca.controlplane.tenant;

import io.kgrca.common.model.Registration;
import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final Lifecycle lifecycle = new Lifecycle(Duration.ofMinutes(2), Duration.ofMinutes(5), T0);
    private final TenantRecord registered = TenantRecord.unknown(TenantId.of("af-1"))
            .register(new Registration("af-1", "prod", "1", null, null), T0);

    @Test
    void aRegistrationWithoutHeartbeatIsRegisteredThenStaleThenDead() {
        assertThat(lifecycle.stateOf(registered, T0.plusSeconds(60))).isEqualTo(TenantState.REGISTERED);
        assertThat(lifecycle.stateOf(registered, T0.plusSeconds(121))).isEqualTo(TenantState.STALE);
        assertThat(lifecycle.stateOf(registered, T0.plusSeconds(301))).isEqualTo(TenantState.DEAD);
    }

    @Test
    void heartbeatsKeepATenantActiveAndReviveAStaleOrDeadOne() {
        TenantRecord beating = registered.heartbeat(T0.plusSeconds(200), Duration.ZERO);

        assertThat(lifecycle.stateOf(beating, T0.plusSeconds(250))).isEqualTo(TenantState.ACTIVE);
        assertThat(lifecycle.stateOf(registered, T0.plusSeconds(400))).isEqualTo(TenantState.DEAD);
        TenantRecord revived = registered.heartbeat(T0.plusSeconds(400), Duration.ZERO);
        assertThat(lifecycle.stateOf(revived, T0.plusSeconds(401))).isEqualTo(TenantState.ACTIVE);
    }

    @Test
    void aTombstoneKillsAtOnceAndARegistrationBringsItBack() {
        TenantRecord gone = registered.heartbeat(T0.plusSeconds(10), null).deregister();

        assertThat(lifecycle.stateOf(gone, T0.plusSeconds(11))).isEqualTo(TenantState.DEAD);
        TenantRecord back = gone.register(new Registration("af-1", null, null, null, null), T0.plusSeconds(20));
        assertThat(lifecycle.stateOf(back, T0.plusSeconds(21))).isEqualTo(TenantState.ACTIVE);
    }

    @Test
    void afterARestartNobodyTurnsStaleBeforeTheGracePeriodEnds() {
        Instant restart = T0.plus(Duration.ofHours(1));
        Lifecycle afterRestart = new Lifecycle(Duration.ofMinutes(2), Duration.ofMinutes(5), restart.plusSeconds(120));
        TenantRecord oldRegistration = registered;

        assertThat(afterRestart.stateOf(oldRegistration, restart.plusSeconds(1))).isEqualTo(TenantState.GRACE);
        assertThat(afterRestart.stateOf(oldRegistration, restart.plusSeconds(119))).isEqualTo(TenantState.GRACE);
        assertThat(afterRestart.stateOf(oldRegistration, restart.plusSeconds(121))).isEqualTo(TenantState.STALE);
        assertThat(afterRestart.stateOf(oldRegistration, restart.plusSeconds(301))).isEqualTo(TenantState.DEAD);
    }

    @Test
    void aRegistrationReadBackAtStartIsInGraceUntilItsFirstHeartbeat() {
        Instant restart = T0.plus(Duration.ofHours(1));
        Lifecycle afterRestart = new Lifecycle(Duration.ofMinutes(2), Duration.ofMinutes(5), restart.plusSeconds(120));
        TenantRecord readBack = TenantRecord.unknown(TenantId.of("af-1"))
                .register(new Registration("af-1", "prod", "1", null, null), null);

        assertThat(readBack.registeredAt()).as("no receive time is invented").isNull();
        assertThat(afterRestart.stateOf(readBack, restart.plusSeconds(10))).isEqualTo(TenantState.GRACE);
        assertThat(afterRestart.stateOf(readBack.heartbeat(restart.plusSeconds(20), null), restart.plusSeconds(21)))
                .isEqualTo(TenantState.ACTIVE);
    }

    @Test
    void aTenantWhoseLastHeartbeatWasReadBackFallsIntoGraceWhenItExpiresWithinTheGracePeriod() {
        Instant restart = T0.plus(Duration.ofHours(1));
        Lifecycle afterRestart = new Lifecycle(Duration.ofMinutes(2), Duration.ofMinutes(5), restart.plusSeconds(120));
        TenantRecord beatBeforeRestart = registered.heartbeat(restart.minusSeconds(60), null);

        assertThat(afterRestart.stateOf(beatBeforeRestart, restart.plusSeconds(30))).isEqualTo(TenantState.ACTIVE);
        assertThat(afterRestart.nextTransition(beatBeforeRestart, restart.plusSeconds(30)))
                .isEqualTo(restart.plusSeconds(60));
        assertThat(afterRestart.stateOf(beatBeforeRestart, restart.plusSeconds(61))).isEqualTo(TenantState.GRACE);
        assertThat(afterRestart.stateOf(beatBeforeRestart, restart.plusSeconds(121))).isEqualTo(TenantState.STALE);
    }

    @Test
    void aStaleTenantThatGaveASignOfLifeGetsWorkersButOneSilentSinceTheRestartDoesNot() {
        Instant restart = T0.plus(Duration.ofHours(1));
        Lifecycle afterRestart = new Lifecycle(Duration.ofMinutes(2), Duration.ofMinutes(5), restart.plusSeconds(120));
        TenantRecord readBack = TenantRecord.unknown(TenantId.of("af-1"))
                .register(new Registration("af-1", "prod", "1", null, null), null);
        TenantRecord seen = readBack.heartbeat(restart.plusSeconds(10), null);
        Instant later = restart.plusSeconds(200);

        assertThat(afterRestart.stateOf(readBack, later)).isEqualTo(TenantState.STALE);
        assertThat(afterRestart.stateOf(seen, later)).isEqualTo(TenantState.STALE);
        assertThat(afterRestart.createsWorkers(readBack, later)).isFalse();
        assertThat(afterRestart.createsWorkers(seen, later)).isTrue();
        assertThat(afterRestart.createsWorkers(readBack, restart.plusSeconds(1))).as("GRACE").isFalse();
        assertThat(lifecycle.createsWorkers(registered, T0.plusSeconds(1))).as("REGISTERED").isTrue();
        assertThat(lifecycle.createsWorkers(registered, T0.plusSeconds(400))).as("DEAD").isFalse();
    }

    @Test
    void anOlderHeartbeatDoesNotMoveLivenessBackwards() {
        TenantRecord r = registered.heartbeat(T0.plusSeconds(100), null).heartbeat(T0.plusSeconds(50), null);

        assertThat(r.lastHeartbeat()).isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void aTenantThatOnlyHeartBeatsHasNoWorkers() {
        TenantRecord heartbeatOnly = TenantRecord.unknown(TenantId.of("x")).heartbeat(T0, null);

        assertThat(lifecycle.stateOf(heartbeatOnly, T0)).isEqualTo(TenantState.DEAD);
    }

    @Test
    void theNextTransitionIsTheStaleThenTheDeadDeadline() {
        assertThat(lifecycle.nextTransition(registered, T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(120));
        assertThat(lifecycle.nextTransition(registered, T0.plusSeconds(130))).isEqualTo(T0.plusSeconds(300));
    }
}
