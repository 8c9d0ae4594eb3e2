package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * The control plane's answer to a registration: the value of a {@code cluster.registry.replies} record keyed by the
 * tenant. The agent's {@code register} command reads it back and shows it.
 *
 * @param tenant       the tenant id (also the key)
 * @param verdict      {@code accepted} or {@code refused}
 * @param reason       why, for a person: {@code tenant not provisioned}, {@code tenant limit reached}, ...
 * @param at           when the control plane decided (server clock)
 * @param registeredAt the {@code registered_at} of the registration answered, echoed so that the agent can tell
 *                     the answer to its own registration from an older one; null when unknown
 */
public record RegistrationReply(
        @JsonProperty(value = "tenant", required = true) String tenant,
        @JsonProperty(value = "verdict", required = true) String verdict,
        @JsonProperty("reason") String reason,
        @JsonProperty("at") Instant at,
        @JsonProperty("registered_at") Instant registeredAt) {

    /** {@link #verdict()} of an admitted registration. */
    public static final String ACCEPTED = "accepted";
    /** {@link #verdict()} of a refused registration. */
    public static final String REFUSED = "refused";

    /** True when accepted. */
    public boolean accepted() {
        return ACCEPTED.equals(verdict);
    }
}
