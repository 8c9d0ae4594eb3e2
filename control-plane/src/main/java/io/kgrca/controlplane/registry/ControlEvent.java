package io.kgrca.controlplane.registry;

import io.kgrca.common.model.Registration;
import io.kgrca.common.tenant.TenantId;

import java.time.Duration;
import java.time.Instant;

/** What a registry or heartbeat record means to the control plane. */
public sealed interface ControlEvent {

    /** The tenant the record names, or null (a rejected record without a valid id). */
    TenantId tenant();

    /**
     * A tenant registered (or updated its registration).
     *
     * @param tenant       the tenant
     * @param registration the registration
     * @param receivedAt   server receive time, or null for a registration read back at start (time unknown)
     * @param partition    the registry partition of the record (-1 when unknown)
     * @param offset       its offset, so that a reply can name the registration it answers (-1 when unknown)
     */
    record Registered(TenantId tenant, Registration registration, Instant receivedAt, int partition, long offset)
            implements ControlEvent {

        /** A registration whose record coordinates are unknown. */
        public Registered(TenantId tenant, Registration registration, Instant receivedAt) {
            this(tenant, registration, receivedAt, -1, -1);
        }
    }

    /**
     * A tenant deregistered (tombstone).
     *
     * @param tenant the tenant
     */
    record Deregistered(TenantId tenant) implements ControlEvent {
    }

    /**
     * A heartbeat.
     *
     * @param tenant     the tenant
     * @param receivedAt server receive time
     * @param skew       receive time minus the tenant's timestamp, or null
     */
    record HeartbeatReceived(TenantId tenant, Instant receivedAt, Duration skew) implements ControlEvent {
    }

    /**
     * A record that was rejected.
     *
     * @param source {@code registry} or {@code heartbeat}
     * @param reason a short stable code
     * @param detail a human explanation
     * @param tenant the tenant the key names, or null when the key is unreadable
     */
    record Rejected(String source, String reason, String detail, TenantId tenant) implements ControlEvent {

        /** A rejection whose key named no tenant. */
        public Rejected(String source, String reason, String detail) {
            this(source, reason, detail, null);
        }
    }
}
