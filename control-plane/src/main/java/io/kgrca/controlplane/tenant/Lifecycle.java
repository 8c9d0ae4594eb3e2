package io.kgrca.controlplane.tenant;

import java.time.Duration;
import java.time.Instant;

/**
 * The tenant lifecycle as a pure function of what is known and the server's clock:
 * registered → active → stale ({@code heartbeatTimeout} without a sign of life) → dead ({@code cleanupTimeout},
 * or a tombstone). A sign of life is the receipt of a registration or of a heartbeat, both on the server's clock
 * (a registration read back from the topic at start has no trustworthy receive time and is no sign of life).
 * After a control-plane start the start itself counts as a sign of life for the timeouts (the grace period), so
 * a restart never declares live tenants stale; a tenant alive only by that grace is {@link TenantState#GRACE}:
 * it keeps the workers it has but gets none created, so that tenants long gone are not respawned by every restart.
 * Being a function, it is level-triggered: a heartbeat after death simply makes the tenant active again.
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
        Instant evidence = evidence(tenant);
        Duration silence = Duration.between(lastSign(evidence), now);
        if (silence.compareTo(cleanupTimeout) > 0) {
            return TenantState.DEAD;
        }
        if (silence.compareTo(heartbeatTimeout) > 0) {
            return TenantState.STALE;
        }
        if (evidence == null || Duration.between(evidence, now).compareTo(heartbeatTimeout) > 0) {
            return TenantState.GRACE;
        }
        return tenant.lastHeartbeat() == null ? TenantState.REGISTERED : TenantState.ACTIVE;
    }

    /**
     * True when missing or crashed workers of {@code tenant} are (re)started and outdated ones replaced: when it is
     * registered or active, or stale counting from a sign of life it gave (as the original control plane, which
     * kept stale tenants' workers running). A tenant that gave no sign of life since this control plane started
     * (GRACE, then STALE counting from the start) keeps the workers it has but gets none created, so that
     * registrations of clusters long gone do not get workers again on every restart.
     */
    public boolean createsWorkers(TenantRecord tenant, Instant now) {
        return createsWorkers(tenant, stateOf(tenant, now));
    }

    /** {@link #createsWorkers(TenantRecord, Instant)} for a tenant whose {@code state} is already known. */
    public boolean createsWorkers(TenantRecord tenant, TenantState state) {
        if (state == TenantState.REGISTERED || state == TenantState.ACTIVE) {
            return true;
        }
        Instant evidence = evidence(tenant);
        return state == TenantState.STALE && evidence != null && evidence.equals(lastSign(evidence));
    }

    /** When {@code tenant} would next change state if nothing arrives, for scheduling a reconcile. */
    public Instant nextTransition(TenantRecord tenant, Instant now) {
        Instant evidence = evidence(tenant);
        Instant lastSign = lastSign(evidence);
        Instant next = null;
        for (Instant t : new Instant[]{evidence == null ? null : evidence.plus(heartbeatTimeout),
                lastSign.plus(heartbeatTimeout), lastSign.plus(cleanupTimeout)}) {
            if (t != null && t.isAfter(now) && (next == null || t.isBefore(next))) {
                next = t;
            }
        }
        return next == null ? now : next;
    }

    private static Instant evidence(TenantRecord tenant) {
        return latest(tenant.registeredAt(), tenant.lastHeartbeat());
    }

    private Instant lastSign(Instant evidence) {
        return latest(evidence, graceUntil.minus(heartbeatTimeout));
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
