package io.kgrca.eventnormalizer;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.NormalizedEvent;
import io.kgrca.common.model.Severity;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.RecordRejectedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventNormalizerTest {

    private final EventNormalizer normalizer = new EventNormalizer();

    private static InboundRecord record(String key, String value) throws Exception {
        return new InboundRecord(new ConsumerRecord<>("raw.k8s.events", 0, 7L, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)), KeyCodec.decode(key));
    }

    private NormalizedEvent normalize(String value) throws Exception {
        List<OutboundRecord> out = normalizer.transform(record("af-1::event::x", value));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).topic()).isEqualTo("events.normalized");
        return JsonCodec.shared().decode(out.get(0).value(), NormalizedEvent.class);
    }

    private static final String CORE_V1 = """
            {"metadata":{"name":"web-0.17f3","namespace":"shop","uid":"4e1c7c2a-1","creationTimestamp":"2026-11-25T10:00:00Z"},
             "involvedObject":{"kind":"Pod","namespace":"shop","name":"web-0","uid":"pod-uid-1","fieldPath":"spec.containers{web}"},
             "reason":"BackOff","message":"Back-off restarting failed container web in pod web-0","type":"Warning",
             "source":{"component":"kubelet","host":"node-1"},"firstTimestamp":"2026-11-25T10:00:00Z",
             "lastTimestamp":"2026-11-25T10:04:00Z","count":%d}""";

    @Test
    void aCoreV1EventBecomesANormalizedEventKeyedByTenantWithoutClientId() throws Exception {
        List<OutboundRecord> out = normalizer.transform(record("af-1::event::4e1c7c2a-1", CORE_V1.formatted(5)));
        NormalizedEvent e = JsonCodec.shared().decode(out.get(0).value(), NormalizedEvent.class);

        assertThat(new String(out.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("af-1::event::" + e.eventId());
        assertThat(new String(out.get(0).value(), StandardCharsets.UTF_8)).doesNotContain("client_id");
        assertThat(e.eventId()).startsWith("evt-").hasSize(20);
        assertThat(e.reason()).isEqualTo("BackOff");
        assertThat(e.abstractType()).isEqualTo("POD_BACKOFF");
        assertThat(e.severity()).isEqualTo(Severity.WARNING);
        assertThat(e.subject().ref().id()).isEqualTo("pod/shop/web-0");
        assertThat(e.subject().uid()).isEqualTo("pod-uid-1");
        assertThat(e.source().host()).isEqualTo("node-1");
        assertThat(e.count()).isEqualTo(5);
        assertThat(e.firstSeen()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(e.lastSeen()).isEqualTo(e.eventTime()).isEqualTo(Instant.parse("2026-11-25T10:04:00Z"));
    }

    @Test
    void updatesOfOneAggregatedEventKeepTheirIdAndShowTheRepetition() throws Exception {
        NormalizedEvent first = normalize(CORE_V1.formatted(1));
        NormalizedEvent later = normalize(CORE_V1.formatted(9));

        assertThat(later.eventId()).isEqualTo(first.eventId());
        assertThat(later.count()).isEqualTo(9);
        assertThat(first.count()).isEqualTo(1);
    }

    @Test
    void anEventsK8sIoV1EventUsesRegardingNoteSeriesAndReportingController() throws Exception {
        NormalizedEvent e = normalize("""
                {"metadata":{"name":"n","namespace":"kube-system","uid":"u-2"},"eventTime":"2026-11-25T10:00:00.123456Z",
                 "series":{"count":4,"lastObservedTime":"2026-11-25T10:03:00.000001Z"},
                 "regarding":{"kind":"Pod","namespace":"kube-system","name":"coredns-5d78c9869d-abcde"},
                 "reason":"Unhealthy","note":"Readiness probe failed: HTTP probe failed with statuscode: 503",
                 "type":"Warning","reportingController":"kubelet","reportingInstance":"node-2"}""");

        assertThat(e.message()).startsWith("Readiness probe failed");
        assertThat(e.count()).isEqualTo(4);
        assertThat(e.firstSeen()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123456Z"));
        assertThat(e.lastSeen()).isEqualTo(Instant.parse("2026-11-25T10:03:00.000001Z"));
        assertThat(e.source().component()).isEqualTo("kubelet");
        assertThat(e.source().host()).isEqualTo("node-2");
        assertThat(e.abstractType()).isEqualTo("HEALTH_CHECK_FAILED");
    }

    @ParameterizedTest(name = "{0} ({1}) -> {2} {3}")
    @CsvSource({"OOMKilling,Warning,MEMORY_OOM,CRITICAL", "NodeNotReady,Normal,NODE_NOT_READY,CRITICAL",
            "Pulled,Normal,POD_IMAGE_PULLED,INFO", "FailedScheduling,Warning,SCHEDULING_FAILED,ERROR",
            "ErrImagePull,Warning,POD_IMAGE_PULL_FAILED,ERROR", "SomethingOutOfMemory,Warning,MEMORY_OOM,CRITICAL",
            "Whatever,Warning,CUSTOM,WARNING", "Whatever,Normal,CUSTOM,INFO"})
    void reasonsMapToTypesAndSeveritiesNeverBelowTheKubernetesType(String reason, String type, String abstractType,
                                                                     Severity severity) {
        ReasonTable.Entry e = ReasonTable.classify(reason);

        assertThat(e.abstractType()).isEqualTo(abstractType);
        assertThat(EventNormalizer.severity(type, e.floor())).isEqualTo(severity);
    }

    @Test
    void theTableHasEveryReasonOfTheOriginal() {
        assertThat(ReasonTable.reasons()).contains("Pulling", "Pulled", "Created", "Started", "Killing", "Failed",
                "BackOff", "CrashLoopBackOff", "OOMKilled", "Evicted", "FailedScheduling", "FailedMount",
                "FailedCreatePodSandBox", "NetworkNotReady", "Unhealthy", "ProbeWarning", "NodeNotReady", "NodeReady",
                "RegisteredNode", "FailedDiscovery", "UpdatedEndpoints");
    }

    @Test
    void anEventWithoutAnyTimeTakesTheRecordsTimeNotTheClock() throws Exception {
        InboundRecord r = new InboundRecord(new ConsumerRecord<>("raw.k8s.events", 0, 1L, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 0, 0,
                "af-1::event::x".getBytes(StandardCharsets.UTF_8), """
                {"metadata":{"uid":"u"},"involvedObject":{"kind":"Node","name":"n1"},"reason":"NodeReady"}"""
                .getBytes(StandardCharsets.UTF_8), new RecordHeaders(),
                Optional.empty()), KeyCodec.decode("af-1::event::x"));

        NormalizedEvent e = JsonCodec.shared().decode(normalizer.transform(r).get(0).value(), NormalizedEvent.class);

        assertThat(e.eventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(e.subject().ref().id()).isEqualTo("node//n1");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "not json|not-json",
            "{\"metadata\":{\"uid\":\"u\"|truncated-json",
            "{\"reason\":\"BackOff\"}|missing-field:metadata",
            "{\"metadata\":{},\"reason\":\"BackOff\"}|missing-field:involvedObject",
            "{\"metadata\":{},\"involvedObject\":{\"kind\":\"Pod\"},\"reason\":\"BackOff\"}|missing-field:involvedObject.name",
            "{\"metadata\":{},\"regarding\":{\"name\":\"p\"},\"reason\":\"BackOff\"}|missing-field:regarding.kind",
            "{\"metadata\":{},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\"}}|missing-field:reason",
            "{\"metadata\":{},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\"},\"reason\":\"X\",\"client_id\":\"af-2\"}|tenant-mismatch",
            "[1]|not-a-json-object"})
    void badInputIsRejectedWithAReason(String value, String reason) {
        assertThatThrownBy(() -> normalizer.transform(record("af-1::event::x", value)))
                .isInstanceOf(RecordRejectedException.class)
                .satisfies(e -> assertThat(((RecordRejectedException) e).reason()).isEqualTo(reason));
    }

    @Test
    void aPayloadClaimingItsOwnTenantIsAccepted() throws Exception {
        assertThat(normalize("""
                {"metadata":{"uid":"u"},"involvedObject":{"kind":"Pod","name":"p"},"reason":"Started","client_id":"af-1"}""")
                .reason()).isEqualTo("Started");
    }

    @Test
    void aClusterScopedObjectHasNoNamespaceEvenThoughItsEventLivesInDefault() throws Exception {
        NormalizedEvent node = normalize("""
                {"metadata":{"uid":"u","namespace":"default"},"involvedObject":{"kind":"Node","name":"worker-1"},
                 "reason":"NodeNotReady","type":"Normal"}""");
        NormalizedEvent pod = normalize("""
                {"metadata":{"uid":"u","namespace":"shop"},"involvedObject":{"kind":"Pod","name":"web-0"},
                 "reason":"Started","type":"Normal"}""");

        assertThat(node.subject().ref().id()).isEqualTo("node//worker-1");
        assertThat(pod.subject().ref().id()).isEqualTo("pod/shop/web-0");
    }

    @Test
    void aLowerCaseReasonFromAnOldClusterIsStillClassified() throws Exception {
        assertThat(normalize("""
                {"metadata":{"uid":"u"},"involvedObject":{"kind":"Pod","name":"p"},"reason":"killing"}""")
                .abstractType()).isEqualTo("POD_KILLING");
    }

    @Test
    void theRelatedObjectOfAnEventIsCarriedAndEmptyReportingFieldsAreNotASource() throws Exception {
        NormalizedEvent e = normalize("""
                {"metadata":{"uid":"u","namespace":"default"},"reason":"Preempted","type":"Normal",
                 "regarding":{"kind":"Pod","namespace":"default","name":"low"},
                 "related":{"kind":"Pod","namespace":"default","name":"high"},
                 "reportingController":"","reportingInstance":""}""");

        assertThat(e.related().ref().id()).isEqualTo("pod/default/high");
        assertThat(e.source()).isNull();
        assertThat(e.abstractType()).isEqualTo("POD_PREEMPTED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"af-1::anything::x", "af-1::log::x", "af-1::resource::x",
        "af-1"})
    void aKeyOfAnotherTypeThanEventIsRejectedAsAnUnexpectedKeyType(String key) {
        assertThatThrownBy(() -> normalizer.transform(record(key, CORE_V1.formatted(1))))
                .isInstanceOfSatisfying(RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("unexpected-key-type"));
    }

    @Test
    void aLegacyKeyWithoutATypeIsStillAnEvent() throws Exception {
        assertThat(normalizer.transform(record("af-1::uid-legacy", CORE_V1.formatted(1)))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+99999-01-01T00:00:00Z", "2026-12-07T02:10:01Z", "2024-01-01T00:00:00Z"})
    void anEventOutsideTheTimeWindowAroundItsBrokerTimestampIsRejected(String lastTimestamp) throws Exception {
        long broker = Instant.parse("2026-12-07T02:00:00Z").toEpochMilli();
        String value = "{\"metadata\":{\"uid\":\"u-1\",\"namespace\":\"shop\"},\"involvedObject\":{\"kind\":\"Pod\","
                + "\"name\":\"web-0\"},\"reason\":\"BackOff\",\"firstTimestamp\":\"2026-12-07T01:00:00Z\","
                + "\"lastTimestamp\":\"" + lastTimestamp + "\"}";
        InboundRecord r = new InboundRecord(new ConsumerRecord<>("raw.k8s.events", 0, 1L, broker,
                TimestampType.CREATE_TIME, 0, value.length(),
                "af-1::event::u-1".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(), Optional.empty()),
                KeyCodec.decode("af-1::event::u-1"));

        assertThatThrownBy(() -> normalizer.transform(r)).isInstanceOfSatisfying(RecordRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("time-out-of-window"));
    }
}
