package io.kgrca.graphbuilder;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.key.KeyDecodeException;
import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.NormalizedEvent;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.model.Subject;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.InboundRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Builders of the graph-builder's input records, for tests and benchmarks. */
public final class Fixtures {

    private static final AtomicLong OFFSETS = new AtomicLong();

    private Fixtures() {
    }

    /** A wire record: topic, key and value bytes (null value = tombstone). */
    public record Wire(String topic, byte[] key, byte[] value) {

        /** As a producer record. */
        public ProducerRecord<byte[], byte[]> toProducerRecord() {
            return new ProducerRecord<>(topic, key, value);
        }

        /** As an inbound record of the loop, at partition 0 and a fresh offset. */
        public InboundRecord inbound() {
            return inbound(0, OFFSETS.incrementAndGet());
        }

        /** As an inbound record at {@code partition} and {@code offset}. */
        public InboundRecord inbound(int partition, long offset) {
            return decoded(new ConsumerRecord<>(topic, partition, offset, key, value));
        }

        /** As an inbound record at partition 0, a fresh offset, stamped {@code timestamp} (epoch ms). */
        public InboundRecord inboundAt(long timestamp) {
            return decoded(new ConsumerRecord<>(topic, 0, OFFSETS.incrementAndGet(), timestamp,
                    TimestampType.CREATE_TIME, key.length, value == null ? -1 : value.length, key, value,
                    new RecordHeaders(), Optional.empty()));
        }

        private InboundRecord decoded(ConsumerRecord<byte[], byte[]> raw) {
            try {
                return new InboundRecord(raw, KeyCodec.decode(key));
            } catch (KeyDecodeException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    /** A resource upsert. */
    public static Wire resource(TenantId t, String kind, String ns, String name) {
        ResourceRef ref = ResourceRef.of(kind, ns, name);
        ResourceRecord r = new ResourceRecord(Op.UPSERT, Instant.parse("2025-01-01T00:00:00Z"), ref, "uid-" + name,
                "c1", Map.of("app", name), null, null, null, null, null, Map.of("phase", "Running"), null);
        return new Wire(Topics.STATE_K8S_RESOURCE, key(t, "resource", ref.id()), JsonCodec.shared().encode(r));
    }

    /** A resource tombstone. */
    public static Wire resourceTombstone(TenantId t, String kind, String ns, String name) {
        return new Wire(Topics.STATE_K8S_RESOURCE, key(t, "resource", ResourceRef.of(kind, ns, name).id()), null);
    }

    /** An edge upsert. */
    public static Wire edge(TenantId t, EdgeType type, ResourceRef from, ResourceRef to) {
        EdgeRecord e = new EdgeRecord(Op.UPSERT, Instant.parse("2025-01-01T00:00:00Z"), type, from, to);
        return new Wire(Topics.STATE_K8S_TOPOLOGY, key(t, "edge", e.id()), JsonCodec.shared().encode(e));
    }

    /** An edge tombstone. */
    public static Wire edgeTombstone(TenantId t, EdgeType type, ResourceRef from, ResourceRef to) {
        return new Wire(Topics.STATE_K8S_TOPOLOGY, key(t, "edge", EdgeRecord.idOf(type, from, to)), null);
    }

    /** A normalized event seen {@code count} times between {@code first} and {@code last}. */
    public static Wire event(TenantId t, String id, String reason, Severity severity, ResourceRef subject,
                             Instant first, Instant last, int count, String message) {
        NormalizedEvent e = new NormalizedEvent(id, NormalizedEvent.K8S_EVENT, last, severity, reason, null, message,
                new Subject(subject.kind(), null, subject.namespace(), subject.name()), null, count, first, last,
                severity.compareTo(Severity.WARNING) >= 0 ? "Warning" : "Normal", null);
        return new Wire(Topics.EVENTS_NORMALIZED, key(t, "event", id), JsonCodec.shared().encode(e));
    }

    /** A single-occurrence event. */
    public static Wire event(TenantId t, String id, String reason, Severity severity, ResourceRef subject,
                             Instant at, String message) {
        return event(t, id, reason, severity, subject, at, at, 1, message);
    }

    /** A normalized log record of a pod. */
    public static Wire log(TenantId t, String id, ResourceRef pod, Instant at, Severity severity, String errorType,
                           String templateId, String message) {
        NormalizedLog l = new NormalizedLog(id, at, severity, severity.name(), "plain", errorType, templateId,
                message, message, null, 1, new Subject(pod.kind(), null, pod.namespace(), pod.name()), "app", "n1");
        return new Wire(Topics.LOGS_NORMALIZED, key(t, "log", id), JsonCodec.shared().encode(l));
    }

    /** A record with arbitrary value bytes. */
    public static Wire raw(String topic, String key, String value) {
        return new Wire(topic, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] key(TenantId t, String type, String id) {
        return KeyCodec.encode(t, type, id);
    }
}
