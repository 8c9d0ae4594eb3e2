package io.kgrca.common.json;

import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.Heartbeat;
import io.kgrca.common.model.NormalizedEvent;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.RawK8sEvent;
import io.kgrca.common.model.RawLogRecord;
import io.kgrca.common.model.Registration;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.model.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCodecTest {

    private final JsonCodec json = JsonCodec.shared();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsARegistrationIgnoringUnknownFields() throws Exception {
        Registration r = json.decode(utf8("""
                {"client_id":"af-1","cluster_name":"prod","version":"2.1.2","registered_at":"2026-11-25T10:00:00Z",
                 "metadata":{"namespace":"kg"},"region":"eu","something_new":{"deep":[1,2]}}"""), Registration.class);

        assertThat(r.clientId()).isEqualTo("af-1");
        assertThat(r.clusterName()).isEqualTo("prod");
        assertThat(r.registeredAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(r.metadata()).containsEntry("namespace", "kg");
    }

    @Test
    void aRegistrationWithoutClusterNameIsNamedAfterItsClient() throws Exception {
        Registration r = json.decode(utf8("{\"client_id\":\"af-1\"}"), Registration.class);

        assertThat(r.clusterName()).isEqualTo("af-1");
        assertThat(r.metadata()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"cluster_name\":\"x\"}|client_id",
            "{\"client_id\":null}|client_id"})
    void rejectsAMissingOrNullRequiredFieldNamingIt(String input, String field) {
        assertThatThrownBy(() -> json.decode(utf8(input), Registration.class))
                .isInstanceOf(JsonDecodeException.class)
                .hasMessageContaining("'" + field + "'")
                .satisfies(e -> {
                    JsonDecodeException d = (JsonDecodeException) e;
                    assertThat(d.reason()).isEqualTo(JsonDecodeException.Reason.MISSING_FIELD);
                    assertThat(d.field()).isEqualTo(field);
                });
    }

    @Test
    void namesTheFullPathOfAMissingNestedField() {
        String noKind = """
                {"op":"UPSERT","ref":{"namespace":"ns","name":"web-0"}}""";

        assertThatThrownBy(() -> json.decode(utf8(noKind), ResourceRecord.class))
                .isInstanceOf(JsonDecodeException.class)
                .satisfies(e -> assertThat(((JsonDecodeException) e).field()).isEqualTo("ref.kind"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "not json at all|NOT_JSON",
            "{\"client_id\":\"af-1\"|TRUNCATED",
            "{\"client_id\":\"af|TRUNCATED",
            "[1,2,3]|NOT_AN_OBJECT",
            "\"just a string\"|NOT_AN_OBJECT",
            "null|NOT_AN_OBJECT",
            "{\"client_id\":\"af-1\",\"registered_at\":\"yesterday\"}|INVALID_FIELD",
            "{\"client_id\":\"af-1\",\"metadata\":[1]}|INVALID_FIELD"})
    void classifiesBadInput(String input, JsonDecodeException.Reason reason) {
        assertThatThrownBy(() -> json.decode(utf8(input), Registration.class))
                .isInstanceOf(JsonDecodeException.class)
                .satisfies(e -> assertThat(((JsonDecodeException) e).reason()).isEqualTo(reason));
    }

    @Test
    void rejectsAnEmptyValue() {
        assertThatThrownBy(() -> json.decode(new byte[0], Heartbeat.class))
                .satisfies(e -> assertThat(((JsonDecodeException) e).reason()).isEqualTo(JsonDecodeException.Reason.EMPTY));
        assertThatThrownBy(() -> json.decode(null, Heartbeat.class))
                .satisfies(e -> assertThat(((JsonDecodeException) e).reason()).isEqualTo(JsonDecodeException.Reason.EMPTY));
    }

    @Test
    void readsHeartbeatTimestampsAsRfc3339OrEpochSeconds() throws Exception {
        Heartbeat iso = json.decode(utf8("""
                {"client_id":"af-1","timestamp":"2026-11-25T10:00:00.5Z","status":"healthy",
                 "metrics":{"resources_sent":12,"uptime_seconds":30}}"""), Heartbeat.class);
        Heartbeat epoch = json.decode(utf8("{\"client_id\":\"af-1\",\"timestamp\":1764064800}"), Heartbeat.class);

        assertThat(iso.timestamp()).isEqualTo(Instant.parse("2026-11-25T10:00:00.5Z"));
        assertThat(iso.metrics()).containsEntry("resources_sent", 12);
        assertThat(epoch.timestamp()).isEqualTo(Instant.ofEpochSecond(1_764_064_800L));
    }

    @Test
    void readsACoreV1EventAsExportersSendIt() throws Exception {
        RawK8sEvent e = json.decode(utf8("""
                {"metadata":{"name":"web-0.17a","namespace":"shop","uid":"u-1","resourceVersion":"77",
                  "creationTimestamp":"2026-11-25T10:00:00Z"},
                 "involvedObject":{"kind":"Pod","namespace":"shop","name":"web-0","uid":"p-1","apiVersion":"v1",
                  "fieldPath":"spec.containers{web}","labels":{"app":"web"}},
                 "reason":"BackOff","message":"Back-off restarting failed container","type":"Warning",
                 "source":{"component":"kubelet","host":"node-1"},"firstTimestamp":"2026-11-25T10:00:00Z",
                 "lastTimestamp":"2026-11-25T10:05:00Z","count":7,"eventTime":null,
                 "reportingComponent":"kubelet","reportingInstance":"node-1"}"""), RawK8sEvent.class);

        assertThat(e.involvedObject().name()).isEqualTo("web-0");
        assertThat(e.count()).isEqualTo(7);
        assertThat(e.eventTime()).isNull();
        assertThat(e.source().host()).isEqualTo("node-1");
    }

    @Test
    void readsAnEventsK8sIoV1EventWithMicroTime() throws Exception {
        RawK8sEvent e = json.decode(utf8("""
                {"metadata":{"name":"x","namespace":"shop","uid":"u-2"},"eventTime":"2026-11-25T10:00:00.123456Z",
                 "series":{"count":3,"lastObservedTime":"2026-11-25T10:02:00.000001Z"},
                 "regarding":{"kind":"Pod","namespace":"shop","name":"web-1"},"reason":"Unhealthy",
                 "note":"Liveness probe failed","type":"Warning","reportingController":"kubelet"}"""), RawK8sEvent.class);

        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123456Z"));
        assertThat(e.series().count()).isEqualTo(3);
        assertThat(e.regarding().name()).isEqualTo("web-1");
        assertThat(e.note()).startsWith("Liveness");
    }

    @Test
    void normalizedRecordsRoundTripAndCarryNoClientId() throws Exception {
        Subject pod = new Subject("Pod", "p-1", "shop", "web-0");
        NormalizedEvent ev = new NormalizedEvent("evt-1", NormalizedEvent.K8S_EVENT, Instant.parse("2026-11-25T10:00:00Z"),
                Severity.WARNING, "BackOff", "POD_BACKOFF", "Back-off", pod, null, 3, null, null, "Warning", "u-1");
        NormalizedLog log = new NormalizedLog("log-1", Instant.parse("2026-11-25T10:00:00Z"), Severity.ERROR, "error",
                "plain", "TIMEOUT", "t-1", "timeout after <num>ms", "timeout after 30ms", null, 1, pod, "web", "node-1");

        for (Object o : List.of(ev, log)) {
            String text = json.encodeToString(o);
            assertThat(text).doesNotContain("client_id");
            assertThat(json.decode(utf8(text), o.getClass())).isEqualTo(o);
        }
        assertThat(json.encodeToString(ev)).contains("\"event_time\":\"2026-11-25T10:00:00Z\"").doesNotContain("first_seen");
    }

    @Test
    void severityIsReadCaseInsensitively() throws Exception {
        NormalizedEvent e = json.decode(utf8("""
                {"event_id":"e","event_time":"2026-11-25T10:00:00Z","severity":"warning","reason":"R",
                 "subject":{"kind":"Pod","name":"p"}}"""), NormalizedEvent.class);

        assertThat(e.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void stateRecordsRoundTrip() throws Exception {
        ResourceRef pod = ResourceRef.of("Pod", "shop", "web-0");
        ResourceRecord res = new ResourceRecord(Op.UPSERT, Instant.parse("2026-11-25T10:00:00Z"), pod, "p-1", "prod",
                Map.of("app", "web"), List.of(new ResourceRecord.OwnerRef("ReplicaSet", "web-7d", "rs-1")), "node-1",
                "127.0.0.9", "nginx:1.27", null, Map.of("phase", "Running"), Map.of());
        EdgeRecord edge = new EdgeRecord(Op.UPSERT, null, EdgeType.RUNS_ON, pod, ResourceRef.of("Node", null, "node-1"));

        assertThat(json.decode(json.encode(res), ResourceRecord.class)).isEqualTo(res);
        assertThat(json.decode(json.encode(edge), EdgeRecord.class)).isEqualTo(edge);
    }

    @Test
    void aRawLogRecordNeedsItsMessage() {
        assertThatThrownBy(() -> json.decode(utf8("{\"stream\":\"stdout\"}"), RawLogRecord.class))
                .satisfies(e -> assertThat(((JsonDecodeException) e).field()).isEqualTo("message"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"client_id\":\"af-1\"}{\"client_id\":\"af-2\"}|TRAILING_DATA",
            "{\"client_id\":\"af-1\"} {}|TRAILING_DATA",
            "{\"client_id\":\"af-1\"}garbage|TRAILING_DATA",
            "{\"client_id\":\"af-1\"} ]|TRAILING_DATA",
            "{\"client_id\":\"af-1\"},|TRAILING_DATA",
            "{\"client_id\":\"af-1\"} 1|TRAILING_DATA",
            "{\"client_id\":\"af-1\",\"client_id\":\"af-2\"}|DUPLICATE_FIELD",
            "{\"client_id\":\"af-1\",\"x\":1,\"x\":2}|DUPLICATE_FIELD",
            "{\"client_id\":\"af-1\",\"metadata\":{\"a\":\"1\",\"a\":\"2\"}}|DUPLICATE_FIELD",
            "{\"client_id\":\"af-1\",\"extra\":{\"a\":1,\"a\":2}}|DUPLICATE_FIELD",
            "{\"client_id\":42}|INVALID_FIELD",
            "{\"client_id\":\"af-1\",\"cluster_name\":true}|INVALID_FIELD",
            "{\"client_id\":\"af-1\",\"version\":2.5}|INVALID_FIELD",
            "{\"client_id\":\"af-1\",\"metadata\":{\"a\":5}}|INVALID_FIELD"})
    void rejectsWhatALenientReaderWouldAccept(String input, JsonDecodeException.Reason reason) {
        assertThatThrownBy(() -> json.decode(utf8(input), Registration.class))
                .isInstanceOf(JsonDecodeException.class)
                .satisfies(e -> assertThat(((JsonDecodeException) e).reason()).isEqualTo(reason));
    }

    @Test
    void aByteOrderMarkOrAnotherEncodingIsRejected() {
        byte[] json8 = utf8("{\"client_id\":\"af-1\"}");
        byte[] bom = new byte[json8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(json8, 0, bom, 3, json8.length);
        byte[] utf16 = "{\"client_id\":\"af-1\"}".getBytes(StandardCharsets.UTF_16LE);

        assertThatThrownBy(() -> json.decode(bom, Registration.class))
                .satisfies(e -> assertThat(((JsonDecodeException) e).reason())
                        .isEqualTo(JsonDecodeException.Reason.BYTE_ORDER_MARK));
        assertThatThrownBy(() -> json.decode(utf16, Registration.class))
                .satisfies(e -> assertThat(((JsonDecodeException) e).reason())
                        .isEqualTo(JsonDecodeException.Reason.NOT_UTF8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"metadata\":{\"uid\":\"u\"},\"reason\":7}|reason",
            "{\"metadata\":{\"uid\":\"u\"},\"reason\":\"BackOff\",\"count\":-1}|count",
            "{\"metadata\":{\"uid\":\"u\"},\"reason\":\"BackOff\",\"count\":\"3\"}|count",
            "{\"metadata\":{\"uid\":\"u\"},\"reason\":\"BackOff\",\"count\":1.5}|count",
            "{\"metadata\":{\"uid\":\"u\"},\"reason\":\"BackOff\",\"series\":{\"count\":-3}}|series.count",
            "{\"metadata\":{\"uid\":\"u\"},\"reason\":\"BackOff\",\"deprecatedCount\":-2}|deprecatedCount"})
    void aCoercedScalarOrANegativeCountIsAnInvalidFieldNamingIt(String input, String field) {
        assertThatThrownBy(() -> json.decode(utf8(input), RawK8sEvent.class))
                .isInstanceOf(JsonDecodeException.class)
                .satisfies(e -> {
                    JsonDecodeException d = (JsonDecodeException) e;
                    assertThat(d.reason()).isEqualTo(JsonDecodeException.Reason.INVALID_FIELD);
                    assertThat(d.field()).isEqualTo(field);
                });
    }

    @Test
    void aZeroCountAndSurroundingWhitespaceAreFine() throws Exception {
        RawK8sEvent e = json.decode(utf8(" \n{\"metadata\":{\"uid\":\"u\"},\"reason\":\"X\",\"count\":0}\r\n "),
                RawK8sEvent.class);

        assertThat(e.count()).isZero();
    }
}
