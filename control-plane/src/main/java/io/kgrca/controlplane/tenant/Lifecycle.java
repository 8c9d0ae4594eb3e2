package io.kgrca.controlplane.tenant;

import java.time.Duration;
import java.time.Instant;

/**
 * The tenant lifecycle as a pure function of what is known and the server's clock:
 * registered → active → stale ({@code heartbeatTimeout} without a sign of life) → dead ({@code cleanupTimeout},
 * or a tombstone). A sign of life is the receipt of the registration or of a heartbeat, both on the server's clock;
 * after a control-plane start, the start itself counts as one (the grace period), so a restart never declares
 * live tenants stale. Being a function, it is level-triggered: a heartbeat after death simply makes the tenant
 * active again.
 *
 * @param heartbeatTimeout no sign of life for this long: stale
 * @param cleanupTimeout   no sign of life for this long: dead
 * @param graceUntil       the end of the start-up grace period
 */
public record Lifecycle(Duration heartbeatTimeout, Duration cleanupTimeout, Instant graceUntil) {

    /** The state of {@code tenant} at {@code now}. */
    public TenantState stateOf(TenantRecord tenant, Instant now) {
        if (!tenant.registered()) {
            return TenantState.DEAD;
        }
        Instant lastSign = latest(latest(tenant.registeredAt(), tenant.lastHeartbeat()),
                graceUntil.minus(heartbeatTimeout));
        Duration silence = lastSign == null ? Duration.ZERO : Duration.between(lastSign, now);
        if (silence.compareTo(cleanupTimeout) > 0) {
            return TenantState.DEAD;
        }
        if (silence.compareTo(heartbeatTimeout) > 0) {
            return TenantState.STALE;
        }
        return tenant.lastHeartbeat() == null ? TenantState.REGISTERED : TenantState.ACTIVE;
    }

    /** When {@code tenant} would next change state if nothing arrives, for scheduling a reconcile. */
    public Instant nextTransition(TenantRecord tenant, Instant now) {
        Instant lastSign = latest(latest(tenant.registeredAt(), tenant.lastHeartbeat()),
                graceUntil.minus(heartbeatTimeout));
        if (lastSign == null) {
            return now;
        }
        Instant stale = lastSign.plus(heartbeatTimeout);
        Instant dead = lastSign.plus(cleanupTimeout);
        return now.isBefore(stale) ? stale : dead;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
