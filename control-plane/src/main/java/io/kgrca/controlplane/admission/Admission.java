package io.kgrca.controlplane.admission;

import io.kgrca.common.model.TenantProvision;

/**
 * Pure: whether a registration is admitted. In {@code provisioned} mode only tenants the operator provisioned and
 * left active are admitted; in {@code open} mode any valid id is, unless the operator paused it. In both modes a
 * tenant that is not registered yet is refused once {@code MAX_TENANTS} tenants are registered.
 *
 * @param open       {@code ADMISSION=open}
 * @param maxTenants {@code MAX_TENANTS}
 */
public record Admission(boolean open, int maxTenants) {

    /** Reason code and text of a refusal for an unprovisioned id. */
    public static final Verdict NOT_PROVISIONED = Verdict.refused("not-provisioned", "tenant not provisioned");
    /** Reason code and text of a refusal for a paused tenant. */
    public static final Verdict PAUSED = Verdict.refused("paused", "tenant paused");
    /** Reason code and text of a refusal beyond {@code MAX_TENANTS}. */
    public static final Verdict LIMIT = Verdict.refused("tenant-limit", "tenant limit reached");

    /**
     * The verdict on a registration.
     *
     * @param provision         the tenant's provisioning record, or null when it has none
     * @param alreadyRegistered true when the tenant is registered already (a re-registration never hits the limit)
     * @param registered        how many tenants are registered now
     */
    public Verdict decide(TenantProvision provision, boolean alreadyRegistered, int registered) {
        if (provision != null && !provision.active()) {
            return PAUSED;
        }
        if (provision == null && !open) {
            return NOT_PROVISIONED;
        }
        if (!alreadyRegistered && registered >= maxTenants) {
            return LIMIT;
        }
        return open && provision == null ? Verdict.accepted("admitted (open admission)") : Verdict.accepted("admitted");
    }

    /**
     * A decision.
     *
     * @param accepted true when admitted
     * @param code     a stable code for metrics ({@code admitted}, {@code not-provisioned}, {@code paused},
     *                 {@code tenant-limit}, or a field-limit reason)
     * @param reason   the text shown to the agent
     */
    public record Verdict(boolean accepted, String code, String reason) {

        /** An admission. */
        public static Verdict accepted(String reason) {
            return new Verdict(true, "admitted", reason);
        }

        /** A refusal. */
        public static Verdict refused(String code, String reason) {
            return new Verdict(false, code, reason);
        }
    }
}
