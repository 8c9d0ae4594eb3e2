package io.kgrca.eventnormalizer;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.key.TenantMismatchException;
import io.kgrca.common.model.NormalizedEvent;
import io.kgrca.common.model.RawK8sEvent;
import io.kgrca.common.model.RawK8sEvent.EventSource;
import io.kgrca.common.model.RawK8sEvent.ObjectReference;
import io.kgrca.common.model.Severity;
import io.kgrca.common.model.Subject;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.KeyTypes;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.RecordTransformer;
import io.kgrca.common.worker.TimeWindow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Pure: one raw Kubernetes event ({@code core/v1} or {@code events.k8s.io/v1}) → one {@link NormalizedEvent} keyed
 * {@code <client>::event::<event id>}, without {@code client_id}. The event id is derived from the Kubernetes event's
 * uid, so the updates of one aggregated event (rising count) share it; each carries its count, first and last seen,
 * so the repetition stays visible. Times come from the event itself (never from the clock), so a replay produces
 * identical records. An event whose first or last occurrence is outside the {@link TimeWindow} around its broker
 * timestamp is rejected ({@code time-out-of-window}).
 */
public final class EventNormalizer implements RecordTransformer {

    private static final int MAX_MESSAGE_CHARS = 2000;
    private static final Set<String> CLUSTER_SCOPED = Set.of("Node", "Namespace", "PersistentVolume", "StorageClass",
            "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService", "PriorityClass",
            "CSIDriver", "CSINode", "VolumeAttachment", "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration", "IngressClass", "RuntimeClass", "CertificateSigningRequest",
            "ClusterIssuer");

    /** Raw events are keyed {@code <client>::event::<id>} (or the legacy {@code <client>::<id>}). */
    private static final KeyTypes KEY_TYPES = KeyTypes.of(Topics.RAW_K8S_EVENTS, "event");

    private final TimeWindow window;

    /** A normalizer that rejects events outside the {@link TimeWindow#DEFAULT} window. */
    public EventNormalizer() {
        this(TimeWindow.DEFAULT);
    }

    /** A normalizer that rejects events outside {@code window}. */
    public EventNormalizer(TimeWindow window) {
        this.window = window;
    }

    @Override
    public List<OutboundRecord> transform(InboundRecord record) throws RecordRejectedException {
        KEY_TYPES.require(record);
        RawK8sEvent raw = decode(record);
        try {
            TenantMismatchException.requireAgreement(record.key().tenant(), raw.clientId());
        } catch (TenantMismatchException e) {
            throw new RecordRejectedException("tenant-mismatch", e.getMessage(), e);
        }
        NormalizedEvent event = normalize(raw, Instant.ofEpochMilli(record.raw().timestamp()));
        window.require("first_seen", event.firstSeen(), record);
        window.require("last_seen", event.lastSeen(), record);
        byte[] key = KeyCodec.encode(record.key().tenant(), "event", event.eventId());
        return List.of(new OutboundRecord(Topics.EVENTS_NORMALIZED, key, JsonCodec.shared().encode(event)));
    }

    /** Normalizes a decoded event; {@code fallbackTime} (the record's time) is used when the event has no time. */
    public NormalizedEvent normalize(RawK8sEvent raw, Instant fallbackTime) throws RecordRejectedException {
        ObjectReference about = raw.regarding() != null ? raw.regarding() : raw.involvedObject();
        String field = raw.regarding() != null ? "regarding" : "involvedObject";
        if (about == null) {
            throw new RecordRejectedException("missing-field:involvedObject",
                    "event has neither involvedObject (core/v1) nor regarding (events.k8s.io/v1)");
        }
        if (blank(about.kind()) || blank(about.name())) {
            String missing = field + (blank(about.kind()) ? ".kind" : ".name");
            throw new RecordRejectedException("missing-field:" + missing, "event has no " + missing);
        }
        if (blank(raw.reason())) {
            throw new RecordRejectedException("missing-field:reason", "event has no reason");
        }
        Instant first = firstNonNull(raw.firstTimestamp(), raw.deprecatedFirstTimestamp(), raw.eventTime(),
                raw.metadata().creationTimestamp(), fallbackTime);
        Instant last = firstNonNull(raw.series() == null ? null : raw.series().lastObservedTime(), raw.lastTimestamp(),
                raw.deprecatedLastTimestamp(), raw.eventTime(), first);
        int count = firstPositive(raw.series() == null ? null : raw.series().count(), raw.count(),
                raw.deprecatedCount());
        ReasonTable.Entry cls = ReasonTable.classify(raw.reason());
        return new NormalizedEvent(eventId(raw, about), NormalizedEvent.K8S_EVENT, last,
                severity(raw.type(), cls.floor()), raw.reason(), cls.abstractType(), message(raw),
                subject(about, raw.metadata().namespace()), source(raw), count, first, last, raw.type(),
                raw.metadata().uid(), related(raw.related(), raw.metadata().namespace()));
    }

    /**
     * The object as a subject. An object reference without a namespace takes the event's own namespace (events
     * live in their object's namespace), except for cluster-scoped kinds, whose events Kubernetes files under
     * {@code default}: their subject has no namespace, as the resources of the shared identity scheme do.
     */
    static Subject subject(ObjectReference about, String eventNamespace) {
        String ns = about.namespace();
        if (blank(ns)) {
            ns = CLUSTER_SCOPED.contains(about.kind()) ? null : eventNamespace;
        }
        String uid = blank(about.uid()) ? null : about.uid();
        return new Subject(about.kind(), uid, blank(ns) ? null : ns, about.name());
    }

    private static Subject related(ObjectReference related, String eventNamespace) {
        return related == null || blank(related.kind()) || blank(related.name()) ? null
                : subject(related, eventNamespace);
    }

    private static RawK8sEvent decode(InboundRecord record) throws RecordRejectedException {
        if (record.isTombstone()) {
            throw new RecordRejectedException("tombstone", "raw events are never deleted; a null value is invalid");
        }
        try {
            return JsonCodec.shared().decode(record.value(), RawK8sEvent.class);
        } catch (JsonDecodeException e) {
            String reason = e.field() == null ? e.reason().code() : e.reason().code() + ":" + e.field();
            throw new RecordRejectedException(reason, e.getMessage(), e);
        }
    }

    /** Kubernetes says Normal or Warning; the reason may deserve more. */
    static Severity severity(String type, Severity floor) {
        Severity byType = type == null ? Severity.INFO : switch (type.toLowerCase(Locale.ROOT)) {
            case "warning" -> Severity.WARNING;
            case "error" -> Severity.ERROR;
            default -> Severity.INFO;
        };
        return byType.compareTo(floor) >= 0 ? byType : floor;
    }

    private static String eventId(RawK8sEvent raw, ObjectReference about) {
        String identity = !blank(raw.metadata().uid()) ? raw.metadata().uid()
                : raw.metadata().namespace() + "/" + raw.metadata().name() + "/" + about.kind() + "/" + about.name()
                + "/" + raw.reason();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "evt-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(RawK8sEvent raw) {
        String m = raw.note() != null ? raw.note() : raw.message();
        if (m == null) {
            return null;
        }
        return m.length() > MAX_MESSAGE_CHARS ? m.substring(0, MAX_MESSAGE_CHARS) + "..." : m;
    }

    private static EventSource source(RawK8sEvent raw) {
        EventSource s = raw.source() != null && !blank(raw.source().component()) ? raw.source()
                : raw.deprecatedSource();
        if (s != null && !blank(s.component())) {
            return s;
        }
        String component = !blank(raw.reportingController()) ? raw.reportingController() : raw.reportingComponent();
        if (blank(component)) {
            return null;
        }
        return new EventSource(component, blank(raw.reportingInstance()) ? null : raw.reportingInstance());
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static int firstPositive(Integer... values) {
        for (Integer v : values) {
            if (v != null && v > 0) {
                return v;
            }
        }
        return 1;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
