package io.kgrca.controlplane.registry;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.key.KeyDecodeException;
import io.kgrca.common.key.KeyForm;
import io.kgrca.common.key.RecordKey;
import io.kgrca.common.model.FieldLimits;
import io.kgrca.common.model.Heartbeat;
import io.kgrca.common.model.Registration;
import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Pure parsing of {@code cluster.registry} and {@code cluster.heartbeat} records into {@link ControlEvent}s, in the
 * manner of Kafka Connect's status store: the key is parsed first, a bad key or value is a {@link
 * ControlEvent.Rejected} with a reason (never an exception), a null value on the registry is a deregistration.
 * Every field is held to {@link FieldLimits}; a heartbeat's own time must lie in the window around the broker's.
 */
public final class RecordParser {

    private final Clock clock;

    /** Uses {@code clock} as the receive time of live heartbeats. */
    public RecordParser(Clock clock) {
        this.clock = clock;
    }

    /** Parses a registry record received live. */
    public ControlEvent registry(ConsumerRecord<byte[], byte[]> r) {
        return registry(r, false);
    }

    /**
     * Parses a registry record: key {@code <client>}, value a {@link Registration} or null. A record read back at
     * start ({@code replayed}) has no known receive time unless the broker stamped it.
     */
    public ControlEvent registry(ConsumerRecord<byte[], byte[]> r, boolean replayed) {
        RecordKey key;
        try {
            key = KeyCodec.decode(r.key());
        } catch (KeyDecodeException e) {
            return new ControlEvent.Rejected("registry", e.reason().code(), e.getMessage());
        }
        if (key.form() != KeyForm.TENANT_ONLY) {
            return new ControlEvent.Rejected("registry", "unexpected-key-form",
                    "registry keys are <client>, got " + key.form(), key.tenant());
        }
        if (r.value() == null) {
            return new ControlEvent.Deregistered(key.tenant());
        }
        Optional<FieldLimits.Violation> tooLarge = FieldLimits.size(r.value());
        if (tooLarge.isPresent()) {
            return rejected("registry", key.tenant(), tooLarge.get());
        }
        Registration reg;
        try {
            reg = JsonCodec.shared().decode(r.value(), Registration.class);
        } catch (JsonDecodeException e) {
            return new ControlEvent.Rejected("registry", e.reason().code(), e.getMessage(), key.tenant());
        }
        if (!reg.clientId().equals(key.tenant().value())) {
            return new ControlEvent.Rejected("registry", "key-payload-mismatch",
                    "payload client_id '" + shown(reg.clientId()) + "' disagrees with key '" + key.tenant() + "'", key.tenant());
        }
        Optional<FieldLimits.Violation> invalid = FieldLimits.registration(reg, clock.instant());
        if (invalid.isPresent()) {
            return rejected("registry", key.tenant(), invalid.get());
        }
        return new ControlEvent.Registered(key.tenant(), reg,
                replayed && r.timestampType() != TimestampType.LOG_APPEND_TIME ? null : receiveTime(r),
                r.partition(), r.offset());
    }

    /** Parses a heartbeat record received live. */
    public ControlEvent heartbeat(ConsumerRecord<byte[], byte[]> r) {
        return heartbeat(r, false);
    }

    /**
     * Parses a heartbeat record: key {@code <client>} or {@code <client>::<client>}. A heartbeat read back at start
     * ({@code replayed}) counts only when the broker stamped it: otherwise its only time is the tenant's, and an old
     * heartbeat replayed as fresh would keep a dead tenant alive.
     */
    public ControlEvent heartbeat(ConsumerRecord<byte[], byte[]> r, boolean replayed) {
        RecordKey key;
        try {
            key = KeyCodec.decode(r.key());
        } catch (KeyDecodeException e) {
            return new ControlEvent.Rejected("heartbeat", e.reason().code(), e.getMessage());
        }
        TenantId tenant = key.tenant();
        boolean accepted = key.form() == KeyForm.TENANT_ONLY
                || (key.form() == KeyForm.LEGACY_ID && tenant.value().equals(key.id()));
        if (!accepted) {
            return new ControlEvent.Rejected("heartbeat", "unexpected-key-form",
                    "heartbeat keys are <client> or <client>::<client>", tenant);
        }
        Optional<FieldLimits.Violation> tooLarge = FieldLimits.size(r.value());
        if (tooLarge.isPresent()) {
            return rejected("heartbeat", tenant, tooLarge.get());
        }
        Heartbeat hb;
        try {
            hb = JsonCodec.shared().decode(r.value(), Heartbeat.class);
        } catch (JsonDecodeException e) {
            return new ControlEvent.Rejected("heartbeat", e.reason().code(), e.getMessage(), tenant);
        }
        if (!hb.clientId().equals(tenant.value())) {
            return new ControlEvent.Rejected("heartbeat", "key-payload-mismatch",
                    "payload client_id '" + shown(hb.clientId()) + "' disagrees with key '" + tenant + "'", tenant);
        }
        if (replayed && r.timestampType() != TimestampType.LOG_APPEND_TIME) {
            return new ControlEvent.Rejected("heartbeat", "replayed-without-broker-time", "a heartbeat read back at "
                    + "start from a topic not stamped by the broker (message.timestamp.type=LogAppendTime) is ignored", tenant);
        }
        Instant received = receiveTime(r);
        Optional<FieldLimits.Violation> invalid = FieldLimits.heartbeat(hb, received);
        if (invalid.isPresent()) {
            return rejected("heartbeat", tenant, invalid.get());
        }
        Duration skew = hb.timestamp() == null ? null : Duration.between(hb.timestamp(), received);
        return new ControlEvent.HeartbeatReceived(tenant, received, skew);
    }

    /**
     * The server-side time of a record: the broker's append time when the topic is stamped by the broker (our
     * heartbeat topic is), otherwise now. The producer's own timestamp is the tenant's clock and is never used.
     */
    private Instant receiveTime(ConsumerRecord<byte[], byte[]> r) {
        if (r.timestampType() == TimestampType.LOG_APPEND_TIME) {
            return Instant.ofEpochMilli(r.timestamp());
        }
        return clock.instant();
    }

    private static ControlEvent rejected(String source, TenantId tenant, FieldLimits.Violation v) {
        return new ControlEvent.Rejected(source, v.reason(), "tenant " + tenant + ": " + v.detail(), tenant);
    }

    private static String shown(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s.replaceAll("\\p{Cntrl}", "?");
    }
}
