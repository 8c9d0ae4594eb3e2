package io.kgrca.graphbuilder.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.key.RecordKey;
import io.kgrca.common.key.TenantMismatchException;
import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.NormalizedEvent;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.KeyTypes;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.TimeWindow;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns one input record into the {@link Mutation} it asks for, or rejects it with a stable reason. Pure.
 *
 * <p>What a record is comes from its key type ({@code event}, {@code log}, {@code resource}, {@code edge}), which
 * must be the one its topic carries ({@link KeyTypes}); a legacy key without a type ({@code <client>::<id>}) takes
 * the topic's type. On a topic of another name ({@code INPUT_TOPICS}), the key type alone decides. The key id must agree
 * with the payload's identity ({@code ResourceRef.id()}, {@code EdgeRecord.id()}, the event or log id), so a
 * tombstone, which has only its key, deletes exactly what the upsert created. A payload that carries a
 * {@code client_id} must name the key's tenant. A record's own times must lie in the {@link TimeWindow} around its
 * broker timestamp, so an event from the year 99999 never reaches the graph.
 */
public final class RecordMapper {

    /** Reason codes, stable for metric tags and dead-letter headers. */
    public static final String UNSUPPORTED_TYPE = "unsupported-type";
    /** A key id that does not match the payload's identity. */
    public static final String KEY_MISMATCH = "key-id-mismatch";
    /** A key id that is not a resource or edge id. */
    public static final String BAD_KEY_ID = "invalid-key-id";
    /** A tombstone on a topic that has no deletions. */
    public static final String UNEXPECTED_TOMBSTONE = "unexpected-tombstone";
    /** A subject without kind or name, or with a '/'. */
    public static final String INVALID_SUBJECT = "invalid-subject";
    /** A payload whose client_id names another tenant. */
    public static final String TENANT_MISMATCH = "tenant-mismatch";

    /** The one key type each input topic carries (what the normalizers and the agent produce). */
    private static final KeyTypes KEY_TYPES = KeyTypes.of(Map.of(
            Topics.EVENTS_NORMALIZED, "event",
            Topics.LOGS_NORMALIZED, "log",
            Topics.STATE_K8S_RESOURCE, "resource",
            Topics.STATE_K8S_TOPOLOGY, "edge"));
    private static final Set<String> HANDLED = Set.of("event", "log", "resource", "edge");


    private static final byte[] CLIENT_ID = "\"client_id\"".getBytes(StandardCharsets.UTF_8);

    private final JsonCodec json = JsonCodec.shared();
    /** Record times outside this window around the broker timestamp are rejected ({@code time-out-of-window}). */
    private final TimeWindow window;

    /** A mapper with the default {@link TimeWindow}. */
    public RecordMapper() {
        this(TimeWindow.DEFAULT);
    }

    /** A mapper that rejects records whose own times are outside {@code window}. */
    public RecordMapper(TimeWindow window) {
        this.window = window;
    }

    /** Maps {@code record}; throws with a reason code when it can never be applied. */
    public Mutation map(InboundRecord record) throws RecordRejectedException {
        RecordKey key = record.key();
        String type = key.type() != null ? key.type() : KEY_TYPES.typeOf(record.topic());
        if (type == null || !HANDLED.contains(type)) {
            throw new RecordRejectedException(UNSUPPORTED_TYPE, "key '" + key + "' on topic " + record.topic()
                    + " has no type the graph-builder handles (event, log, resource, edge)");
        }
        if (KEY_TYPES.typeOf(record.topic()) != null) {
            type = KEY_TYPES.require(record); // a handled type on another type's topic, or a bare tenant key
        }
        if (!record.isTombstone()) {
            requireTenantAgreement(record);
        }
        return switch (type) {
            case "resource" -> resource(record, key);
            case "edge" -> edge(record, key);
            case "event" -> event(record, key);
            case "log" -> log(record, key);
            default -> throw new RecordRejectedException(UNSUPPORTED_TYPE, "key type '" + type
                    + "' is not one the graph-builder handles (event, log, resource, edge)");
        };
    }

    private Mutation resource(InboundRecord record, RecordKey key) throws RecordRejectedException {
        if (record.isTombstone()) {
            return new Mutation.ResourceDelete(parseRef(key.id()).id(), record.raw().timestamp());
        }
        ResourceRecord r = decode(record, ResourceRecord.class);
        requireKeyId(key, r.ref().id());
        window.require("at", r.at(), record);
        return r.op() == Op.DELETE ? new Mutation.ResourceDelete(r.ref().id(), record.raw().timestamp())
                : new Mutation.ResourceUpsert(r);
    }

    private Mutation edge(InboundRecord record, RecordKey key) throws RecordRejectedException {
        if (record.isTombstone()) {
            try {
                return new Mutation.EdgeDelete(EdgeRecord.parseId(key.id()));
            } catch (IllegalArgumentException e) {
                throw new RecordRejectedException(BAD_KEY_ID, "edge tombstone key id '" + key.id()
                        + "' is not <TYPE>:<from id>-><to id>: " + e.getMessage(), e);
            }
        }
        EdgeRecord e = decode(record, EdgeRecord.class);
        requireKeyId(key, e.id());
        window.require("at", e.at(), record);
        return e.op() == Op.DELETE ? new Mutation.EdgeDelete(EdgeRecord.parseId(e.id()))
                : new Mutation.EdgeUpsert(e, record.raw().timestamp());
    }

    private Mutation event(InboundRecord record, RecordKey key) throws RecordRejectedException {
        if (record.isTombstone()) {
            throw new RecordRejectedException(UNEXPECTED_TOMBSTONE, "events are never deleted by tombstone");
        }
        NormalizedEvent e = decode(record, NormalizedEvent.class);
        requireKeyId(key, e.eventId());
        window.require("event_time", e.eventTime(), record);
        window.require("first_seen", e.firstSeen(), record);
        window.require("last_seen", e.lastSeen(), record);
        requireSubject(e.subject() == null ? null : () -> e.subject().ref());
        return new Mutation.EventObserved(e);
    }

    private Mutation log(InboundRecord record, RecordKey key) throws RecordRejectedException {
        if (record.isTombstone()) {
            throw new RecordRejectedException(UNEXPECTED_TOMBSTONE, "logs are never deleted by tombstone");
        }
        NormalizedLog l = decode(record, NormalizedLog.class);
        requireKeyId(key, l.logId());
        window.require("timestamp", l.timestamp(), record);
        requireSubject(() -> l.subject().ref());
        return new Mutation.LogObserved(l, record.topic(), record.raw().partition(), record.raw().offset());
    }

    private <T> T decode(InboundRecord record, Class<T> type) throws RecordRejectedException {
        try {
            return json.decode(record.value(), type);
        } catch (JsonDecodeException e) {
            throw new RecordRejectedException(e.reason().code(), e.getMessage(), e);
        }
    }

    private void requireTenantAgreement(InboundRecord record) throws RecordRejectedException {
        if (!contains(record.value(), CLIENT_ID)) {
            return;
        }
        try {
            JsonNode tree = json.decodeTree(record.value());
            JsonNode clientId = tree.get("client_id");
            if (clientId != null && !clientId.isNull()) {
                TenantMismatchException.requireAgreement(record.key().tenant(), clientId.asText());
            }
        } catch (JsonDecodeException e) {
            throw new RecordRejectedException(e.reason().code(), e.getMessage(), e);
        } catch (TenantMismatchException e) {
            throw new RecordRejectedException(TENANT_MISMATCH, e.getMessage(), e);
        }
    }

    private static void requireKeyId(RecordKey key, String identity) throws RecordRejectedException {
        if (key.id() != null && !key.id().equals(identity)) {
            throw new RecordRejectedException(KEY_MISMATCH, "key id '" + key.id()
                    + "' does not match the payload's identity '" + identity + "'");
        }
    }

    private static ResourceRef parseRef(String id) throws RecordRejectedException {
        if (id == null) {
            throw new RecordRejectedException(BAD_KEY_ID,
                    "resource tombstone key id 'null' is not <kind>/<namespace>/<name>");
        }
        try {
            return ResourceRef.parse(id);
        } catch (IllegalArgumentException e) {
            throw new RecordRejectedException(BAD_KEY_ID, "resource tombstone key id '" + id
                    + "' is not <kind>/<namespace>/<name>", e);
        }
    }

    private static void requireSubject(Supplier<ResourceRef> ref) throws RecordRejectedException {
        try {
            if (ref == null) {
                throw new IllegalArgumentException("subject is missing");
            }
            ref.get();
        } catch (IllegalArgumentException e) {
            throw new RecordRejectedException(INVALID_SUBJECT, "subject is invalid: " + e.getMessage(), e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
