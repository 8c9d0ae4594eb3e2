package io.kgrca.lognormalizer;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.Severity;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.Rejection;
import io.kgrca.common.worker.SinkUnavailableException;
import io.kgrca.lognormalizer.config.LogSettings;
import io.kgrca.lognormalizer.trace.TraceAssemblerTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The processor against Kafka's in-memory MockProducer (no broker: the ITs use a real one). */
class LogBatchProcessorTest {

    private final Lines lines = new Lines();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    private LogBatchProcessor processor(Severity minLevel) {
        return new LogBatchProcessor(LogSettings.defaults().withMinLevel(minLevel), producer, LogMetrics.NOOP);
    }

    private List<NormalizedLog> outputs() {
        List<NormalizedLog> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            try {
                out.add(JsonCodec.shared().decode(r.value(), NormalizedLog.class));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Test
    void outputsAreKeyedByTenantAndLogIdWithoutClientIdOnLogsNormalized() throws Exception {
        BatchOutcome outcome = processor(Severity.WARNING).process(lines.records("api", "app",
                "ERROR something broke\nINFO fine\nWARN odd"));

        assertThat(outcome.outputs()).isEqualTo(2);
        assertThat(producer.history()).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("logs.normalized");
            NormalizedLog l = JsonCodec.shared().decode(r.value(), NormalizedLog.class);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("af-1::log::" + l.logId());
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("client_id");
            assertThat(l.subject().ref().id()).isEqualTo("pod/shop/api");
            assertThat(l.container()).isEqualTo("app");
            assertThat(l.node()).isEqualTo("node-1");
        });
        assertThat(outputs()).extracting(NormalizedLog::severity).containsExactly(Severity.ERROR, Severity.WARNING);
    }

    @ParameterizedTest
    @CsvSource({"DEBUG,4", "INFO,3", "WARNING,2", "ERROR,1", "CRITICAL,0"})
    void theMinimumLevelDecidesWhatIsForwarded(Severity minLevel, int forwarded) throws Exception {
        processor(minLevel).process(lines.records("api", "app", "DEBUG x\nINFO y\nWARN z\nERROR w"));

        assertThat(producer.history()).hasSize(forwarded);
    }

    @Test
    void aReplayProducesTheSameIds() throws Exception {
        List<InboundRecord> records = lines.records("api", "app", TraceAssemblerTest.JAVA);
        processor(Severity.DEBUG).process(records);
        List<String> first = outputs().stream().map(NormalizedLog::logId).toList();
        producer.clear();

        processor(Severity.DEBUG).process(records);

        assertThat(outputs().stream().map(NormalizedLog::logId).toList()).isEqualTo(first);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "not json|not-json",
            "{\"message\":\"x\",\"kubernetes\":{|truncated-json",
            "{\"kubernetes\":{\"pod_name\":\"p\"}}|missing-field:message",
            "{\"message\":\"x\"}|missing-field:kubernetes",
            "{\"message\":\"x\",\"kubernetes\":{\"pod_uid\":\"u\"}}|missing-field:kubernetes.pod_name",
            "{\"message\":\"x\",\"host\":\"  \"}|missing-field:kubernetes",
            "{\"message\":\"x\",\"host\":null,\"kubernetes\":{\"pod_name\":\"\"}}|missing-field:kubernetes.pod_name",
            "{\"message\":\"x\",\"kubernetes\":{\"pod_name\":\"p\"},\"client_id\":\"af-2\"}|tenant-mismatch"})
    void badRecordsAreRejectedWithTheirReasonAndTheOthersGoOn(String value, String reason) throws Exception {
        List<InboundRecord> batch = new ArrayList<>(lines.records("api", "app", "ERROR before"));
        batch.add(lines.record("af-1::log::u", value));
        batch.addAll(lines.records("api", "app", "ERROR after"));

        BatchOutcome outcome = processor(Severity.WARNING).process(batch);

        assertThat(outcome.rejections()).extracting(Rejection::reason).containsExactly(reason);
        assertThat(outcome.outputs()).isEqualTo(2);
    }

    @Test
    void aHostJournalLineWithoutAPodIsAttributedToItsNode() throws Exception {
        String oom = "Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, "
                + "file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986";
        InboundRecord r = lines.record("af-1::log::node-7", Lines.hostValue(oom, "node-7", Lines.T0));

        BatchOutcome outcome = processor(Severity.WARNING).process(List.of(r));

        assertThat(outcome.rejections()).isEmpty();
        NormalizedLog l = outputs().get(0);
        assertThat(l.subject().kind()).isEqualTo("Node");
        assertThat(l.subject().namespace()).isEmpty();
        assertThat(l.subject().name()).isEqualTo("node-7");
        assertThat(l.subject().uid()).isNull();
        assertThat(l.node()).isEqualTo("node-7");
        assertThat(l.container()).isNull();
        assertThat(l.errorType()).isEqualTo("OOM");
        assertThat(l.message()).isEqualTo(oom);
    }

    @Test
    void aPodIsTheSubjectEvenWhenTheRecordAlsoNamesAHost() throws Exception {
        String value = Lines.value("ERROR boom", "api", "app", Lines.T0, null).replace("{\"message\"",
                "{\"host\":\"node-9\",\"message\"");

        processor(Severity.WARNING).process(List.of(lines.record("af-1::log::uid-api", value)));

        assertThat(outputs().get(0).subject().kind()).isEqualTo("Pod");
        assertThat(outputs().get(0).node()).isEqualTo("node-1");
    }

    @Test
    void slowOperationsAreForwardedWhateverTheirLevel() throws Exception {
        processor(Severity.WARNING).process(lines.records("db", "postgres", String.join("\n",
                "2017-01-11 20:34:54 UTC:10.0.0.8(49636):bar@foo:[39592]:LOG: duration: 3511.178 ms",
                "2024-07-16 14:13:12.526 UTC [140] LOG:  aborting any active transactions",
                "2024-07-16 14:13:12.520 UTC [140] LOG:  duration: 12.345 ms  statement: SELECT 1")));

        assertThat(outputs()).singleElement().satisfies(l -> {
            assertThat(l.errorType()).isEqualTo("SLOW");
            assertThat(l.severity()).isEqualTo(Severity.INFO);
            assertThat(l.level()).isEqualTo("LOG");
        });
    }

    @Test
    void aPayloadClaimingItsOwnTenantIsAccepted() throws Exception {
        processor(Severity.WARNING).process(List.of(lines.record("af-1::log::uid-p",
                Lines.value("ERROR x", "p", "c", Lines.T0, "af-1"))));

        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void aMessageHoldingSeveralLinesIsAssembledLikeSeparateRecords() throws Exception {
        processor(Severity.WARNING).process(List.of(lines.record("af-1::log::uid-p",
                Lines.value(TraceAssemblerTest.GO, "p", "c", Lines.T0, null))));

        assertThat(outputs()).extracting(NormalizedLog::lineCount).containsExactly(9);
    }

    @Test
    void theMessageIsCutToItsBound() throws Exception {
        processor(Severity.WARNING).process(lines.records("api", "app", "ERROR " + "x".repeat(5000)));

        assertThat(outputs().get(0).message()).hasSize(1000).endsWith("...");
    }

    @Test
    void whenTheSinkFailsTheBatchIsRetriedFromTheSameCarry() throws Exception {
        List<InboundRecord> records = lines.records("api", "app", TraceAssemblerTest.JAVA);
        LogBatchProcessor p = processor(Severity.WARNING);
        p.process(records.subList(0, 3));
        producer.clear();
        producer.sendException = new TimeoutException("broker down");

        assertThatThrownBy(() -> p.process(records.subList(3, records.size())))
                .isInstanceOf(SinkUnavailableException.class);
        producer.sendException = null;
        BatchOutcome retried = p.process(records.subList(3, records.size()));

        assertThat(retried.outputs()).isEqualTo(1);
        assertThat(outputs()).extracting(NormalizedLog::lineCount).containsExactly(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"af-1::event::u", "af-1::anything::u", "af-1"})
    void aKeyOfAnotherTypeThanLogIsRejectedAsAnUnexpectedKeyType(String key) throws Exception {
        InboundRecord r = lines.record(key, Lines.value("ERROR boom", "api", "app", Lines.T0, null));

        BatchOutcome outcome = processor(Severity.WARNING).process(List.of(r));

        assertThat(outcome.rejections()).extracting(Rejection::reason).containsExactly("unexpected-key-type");
        assertThat(outcome.outputs()).isZero();
    }

    @Test
    void anEmptyLineIsCountedNotForwarded() throws Exception {
        int[] blank = {0};
        LogMetrics counting = new LogMetrics() {
            @Override
            public void blank() {
                blank[0]++;
            }
        };
        LogBatchProcessor p = new LogBatchProcessor(LogSettings.defaults(), producer, counting);

        BatchOutcome outcome = p.process(List.of(lines.record("af-1::log::u",
                Lines.value("", "api", "app", Lines.T0, null))));

        assertThat(outcome.outputs()).isZero();
        assertThat(outcome.rejections()).isEmpty();
        assertThat(blank[0]).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+99999-01-01T00:00:00Z", "2026-12-07T02:10:01Z", "2025-01-01T00:00:00Z"})
    void aLineOutsideTheTimeWindowAroundItsBrokerTimestampIsRejected(String time) throws Exception {
        long broker = Instant.parse("2026-12-07T02:00:00Z").toEpochMilli();
        String value = "{\"message\":\"ERROR boom\",\"timestamp\":\"" + time
                + "\",\"kubernetes\":{\"pod_name\":\"api\",\"pod_namespace\":\"shop\"}}";
        String key = "af-1::log::u";
        InboundRecord r = new InboundRecord(new ConsumerRecord<>("raw.k8s.logs", 0, 1L, broker,
                TimestampType.CREATE_TIME, key.length(), value.length(), key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty()), KeyCodec.decode(key));

        BatchOutcome outcome = processor(Severity.WARNING).process(List.of(r));

        assertThat(outcome.rejections()).extracting(Rejection::reason).containsExactly("time-out-of-window");
    }
}
