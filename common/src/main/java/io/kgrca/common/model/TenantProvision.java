package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kgrca.common.placement.PlacementMode;

import java.time.Instant;

/**
 * A tenant the operator provisioned: the value of a {@code cluster.tenants} record keyed by the tenant id. A
 * tombstone deprovisions it. Only provisioned, active tenants are admitted when the control plane runs with
 * {@code ADMISSION=provisioned}.
 *
 * @param tenant        the tenant id; must agree with the record key
 * @param provisionedAt when the operator provisioned it (the operator's clock; informational)
 * @param state         {@code active}, or {@code paused} (registrations refused, workers removed)
 * @param placement     the placement chosen at provisioning ({@code shared} or {@code dedicated}); null (absent on
 *                      the wire): the control plane's {@code DEFAULT_PLACEMENT}
 */
public record TenantProvision(
        @JsonProperty(value = "tenant", required = true) String tenant,
        @JsonProperty("provisioned_at") Instant provisionedAt,
        @JsonProperty(value = "state", required = true) String state,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("placement") PlacementMode placement) {

    /** A provision without a placement of its own (the control plane's default applies). */
    public TenantProvision(String tenant, Instant provisionedAt, String state) {
        this(tenant, provisionedAt, state, null);
    }

    /** {@link #state()} of a tenant that may run. */
    public static final String ACTIVE = "active";
    /** {@link #state()} of a tenant whose registrations are refused for now. */
    public static final String PAUSED = "paused";

    /** True when the state is {@code active}. */
    public boolean active() {
        return ACTIVE.equals(state);
    }

    /** True when the state is one of the two known ones. */
    public boolean known() {
        return ACTIVE.equals(state) || PAUSED.equals(state);
    }
}
