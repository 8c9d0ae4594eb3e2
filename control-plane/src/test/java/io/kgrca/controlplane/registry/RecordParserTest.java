package io.kgrca.controlplane.registry;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.testsupport.MutableClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing of raw registry and heartbeat records, as they come off the topics. */
class RecordParserTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final RecordParser parser = new RecordParser(new MutableClock(NOW));

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, TimestampType type, long ts) {
        return new ConsumerRecord<>("t", 0, 0, ts, type, -1, -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
    }

    @Test
    void aRegistrationIsAccepted() {
        ControlEvent e = parser.registry(record("af-1", "{\"client_id\":\"af-1\",\"cluster_name\":\"prod\"}",
                TimestampType.CREATE_TIME, 0));

        assertThat(e).isInstanceOf(ControlEvent.Registered.class);
        assertThat(((ControlEvent.Registered) e).receivedAt()).as("server clock, not the producer's").isEqualTo(NOW);
    }

    @Test
    void aTombstoneDeregisters() {
        assertThat(parser.registry(record("af-1", null, TimestampType.CREATE_TIME, 0)))
                .isEqualTo(new ControlEvent.Deregistered(TenantId.of("af-1")));
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "../x|{\"client_id\":\"x\"}|invalid-tenant-id",
            "UPPER|{\"client_id\":\"UPPER\"}|invalid-tenant-id",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|{}|invalid-tenant-id",
            "a;b|{\"client_id\":\"a;b\"}|invalid-tenant-id",
            "af-1|{not json|not-json",
            "af-1|{\"client_id\":\"af-1\"|truncated-json",
            "af-1|{\"cluster_name\":\"x\"}|missing-field",
            "af-1|{\"client_id\":\"af-2\"}|key-payload-mismatch",
            "af-1::event::x|{\"client_id\":\"af-1\"}|unexpected-key-form",
            "af-1::af-1|{\"client_id\":\"af-1\"}|unexpected-key-form"})
    void badRegistryRecordsAreRejectedWithAReason(String key, String value, String reason) {
        ControlEvent e = parser.registry(record(key, value, TimestampType.CREATE_TIME, 0));

        assertThat(e).isInstanceOf(ControlEvent.Rejected.class);
        assertThat(((ControlEvent.Rejected) e).reason()).isEqualTo(reason);
    }

    @Test
    void aRegistryRecordWithoutKeyIsRejected() {
        assertThat(parser.registry(record(null, "{}", TimestampType.CREATE_TIME, 0)))
                .isEqualTo(new ControlEvent.Rejected("registry", "null-key", "record has no key"));
    }

    @Test
    void heartbeatsAcceptBothKeyFormsAndUseTheBrokersClock() {
        long broker = NOW.minusSeconds(30).toEpochMilli();
        String value = "{\"client_id\":\"af-1\",\"timestamp\":\"2026-11-25T09:59:00Z\"}";

        ControlEvent bare = parser.heartbeat(record("af-1", value, TimestampType.LOG_APPEND_TIME, broker));
        ControlEvent doubled = parser.heartbeat(record("af-1::af-1", value, TimestampType.LOG_APPEND_TIME, broker));

        assertThat(bare).isEqualTo(doubled);
        ControlEvent.HeartbeatReceived h = (ControlEvent.HeartbeatReceived) bare;
        assertThat(h.receivedAt()).isEqualTo(NOW.minusSeconds(30));
        assertThat(h.skew()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aHeartbeatStampedByItsProducerCountsAtReceiptAndItsFutureClockIsOnlySkew() {
        ControlEvent e = parser.heartbeat(record("af-1", "{\"client_id\":\"af-1\",\"timestamp\":\"2026-11-25T10:05:00Z\"}",
                TimestampType.CREATE_TIME, Instant.parse("2030-01-01T00:00:00Z").toEpochMilli()));

        ControlEvent.HeartbeatReceived h = (ControlEvent.HeartbeatReceived) e;
        assertThat(h.receivedAt()).isEqualTo(NOW);
        assertThat(h.skew()).isEqualTo(Duration.ofMinutes(-5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2030-01-01T00:00:00Z", "+99999-01-01T00:00:00Z", "2026-11-24T09:00:00Z", "2026-11-25T10:10:01Z"})
    void aHeartbeatWhoseTimeIsOutsideTheWindowAroundTheBrokersIsRejected(String timestamp) {
        ControlEvent e = parser.heartbeat(record("af-1", "{\"client_id\":\"af-1\",\"timestamp\":\"" + timestamp + "\"}",
                TimestampType.LOG_APPEND_TIME, NOW.toEpochMilli()));

        assertThat(e).isInstanceOfSatisfying(ControlEvent.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo("time-out-of-window");
            assertThat(r.tenant().value()).isEqualTo("af-1");
        });
    }

    @Test
    void aRegistrationBeyondTheLimitsIsRejectedNamingTheTenant() {
        String huge = "{\"client_id\":\"af-1\",\"cluster_name\":\"" + "x".repeat(1_100_000) + "\"}";
        String longName = "{\"client_id\":\"af-1\",\"cluster_name\":\"" + "x".repeat(300) + "\"}";

        ControlEvent tooLarge = parser.registry(record("af-1", huge, TimestampType.CREATE_TIME, 0));
        ControlEvent tooLong = parser.registry(record("af-1", longName, TimestampType.CREATE_TIME, 0));

        assertThat(((ControlEvent.Rejected) tooLarge).reason()).isEqualTo("record-too-large");
        assertThat(((ControlEvent.Rejected) tooLong).reason()).isEqualTo("cluster-name-invalid");
        assertThat(((ControlEvent.Rejected) tooLong).detail()).startsWith("tenant af-1: cluster_name has 300");
    }

    @Test
    void aRegistrationReadBackAtStartHasNoReceiveTimeUnlessTheBrokerStampedIt() {
        String value = "{\"client_id\":\"af-1\"}";

        ControlEvent replayed = parser.registry(record("af-1", value, TimestampType.CREATE_TIME, 1), true);
        ControlEvent stamped = parser.registry(record("af-1", value, TimestampType.LOG_APPEND_TIME,
                NOW.minusSeconds(9).toEpochMilli()), true);

        assertThat(((ControlEvent.Registered) replayed).receivedAt()).isNull();
        assertThat(((ControlEvent.Registered) stamped).receivedAt()).isEqualTo(NOW.minusSeconds(9));
    }

    @Test
    void aHeartbeatReadBackAtStartCountsOnlyWhenTheBrokerStampedIt() {
        String value = "{\"client_id\":\"af-1\",\"timestamp\":\"2026-11-25T09:59:00Z\"}";

        ControlEvent producerStamped = parser.heartbeat(record("af-1", value, TimestampType.CREATE_TIME,
                NOW.toEpochMilli()), true);
        ControlEvent brokerStamped = parser.heartbeat(record("af-1", value, TimestampType.LOG_APPEND_TIME,
                NOW.minusSeconds(40).toEpochMilli()), true);

        assertThat(((ControlEvent.Rejected) producerStamped).reason()).isEqualTo("replayed-without-broker-time");
        assertThat(((ControlEvent.HeartbeatReceived) brokerStamped).receivedAt()).isEqualTo(NOW.minusSeconds(40));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "af-1::af-2|{\"client_id\":\"af-1\"}|unexpected-key-form",
            "af-1|{\"client_id\":\"af-2\"}|key-payload-mismatch",
            "af-1||empty-value",
            "AF-1|{\"client_id\":\"AF-1\"}|invalid-tenant-id"})
    void badHeartbeatsAreRejected(String key, String value, String reason) {
        ControlEvent e = parser.heartbeat(record(key, value, TimestampType.CREATE_TIME, 0));

        assertThat(((ControlEvent.Rejected) e).reason()).isEqualTo(reason);
    }
}
