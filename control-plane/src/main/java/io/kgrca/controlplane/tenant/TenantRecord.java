package io.kgrca.controlplane.tenant;

import io.kgrca.common.model.Registration;
import io.kgrca.common.tenant.TenantId;

import java.time.Duration;
import java.time.Instant;

/**
 * What the control plane knows of one tenant, rebuilt from the topics on every start. Immutable; the store swaps
 * whole records.
 *
 * @param id            the tenant
 * @param registration  its current registration, null when deregistered or never registered
 * @param registeredAt  when the server received the registration, or null when unknown (read back at start)
 * @param lastHeartbeat server receive time of the latest heartbeat, or null
 * @param skew          receive time minus the tenant's own timestamp in its latest heartbeat, or null
 * @param heartbeats    heartbeats received since the control plane started
 */
public record TenantRecord(TenantId id, Registration registration, Instant registeredAt, Instant lastHeartbeat,
                           Duration skew, long heartbeats) {

    /** A tenant seen for the first time. */
    public static TenantRecord unknown(TenantId id) {
        return new TenantRecord(id, null, null, null, null, 0);
    }

    /** True when registered and not deregistered. */
    public boolean registered() {
        return registration != null;
    }

    /**
     * The record after a registration received at {@code at}; a null {@code at} (a registration read back at start,
     * whose receive time is unknown) keeps the previous receive time.
     */
    public TenantRecord register(Registration r, Instant at) {
        return new TenantRecord(id, r, at == null ? registeredAt : at, lastHeartbeat, skew, heartbeats);
    }

    /** The record after a deregistration (tombstone). */
    public TenantRecord deregister() {
        return new TenantRecord(id, null, registeredAt, lastHeartbeat, skew, heartbeats);
    }

    /** The record after a heartbeat received at {@code at}; an older heartbeat than the latest changes nothing. */
    public TenantRecord heartbeat(Instant at, Duration newSkew) {
        if (lastHeartbeat != null && at.isBefore(lastHeartbeat)) {
            return this;
        }
        return new TenantRecord(id, registration, registeredAt, at, newSkew, heartbeats + 1);
    }
}
