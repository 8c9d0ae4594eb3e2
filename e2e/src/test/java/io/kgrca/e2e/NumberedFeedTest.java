package io.kgrca.e2e;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.key.KeyDecodeException;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.eventnormalizer.EventNormalizer;
import io.kgrca.local.demo.DemoScenario;
import io.kgrca.lognormalizer.LogNormalizer;
import io.kgrca.lognormalizer.config.LogSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numbered feed's records stay acceptable to the normalizers for as long as a feed runs. The end-to-end move
 * test once lost A's events 1008 and on: the numbered events' own times ran at one second per event from the
 * scenario's start, 20 times faster than real time at 20 events/s, so after some 50 s of load they were more than
 * {@code TIME_WINDOW_AHEAD} (10 min) after their broker timestamps and the normalizers dead-lettered every one of
 * them ({@code time-out-of-window}), on whichever side of the placement the tenant was. Pure: no broker, the
 * broker's timestamp (LogAppendTime) is taken as the send time plus a delivery delay.
 */
class NumberedFeedTest {

    private static final TenantId TENANT = TenantId.of("feed-test");
    private static final Duration DELIVERY = Duration.ofMillis(200);

    /**
     * A's feed of the failing run: 20 events/s and a log line every 4 events, started 230 s after its scenario's
     * {@code t0 + 300 s} (the provisioning, pools and RCA steps before the load), for 15 minutes (longer than the
     * ahead window, so any clock that runs faster than real time leaves it).
     */
    @Test
    void aFeedOfFifteenMinutesAtTwentyEventsPerSecondIsNeverOutsideTheTimeWindow() {
        Instant scenarioMade = Instant.parse("2026-12-07T13:52:14Z");
        DemoScenario scenario = new DemoScenario(TENANT, scenarioMade.minusSeconds(300));
        Instant start = scenarioMade.plusSeconds(230);
        int rate = 20;
        int logEvery = 4;
        EventNormalizer events = new EventNormalizer(TimeWindow.DEFAULT);
        LogNormalizer logs = new LogNormalizer(LogSettings.defaults(), TimeWindow.DEFAULT);
        List<String> rejected = new ArrayList<>();
        int ticks = 15 * 60 * rate;
        int eventsChecked = 0;
        int logsChecked = 0;
        for (int i = 0; i < ticks; i++) {
            Instant at = start.plusMillis(i * 1000L / rate);
            long broker = at.plus(DELIVERY).toEpochMilli();
            List<ProducerRecord<byte[], byte[]>> records = NumberedFeed.records(scenario, "move", i, logEvery, at);
            assertThat(records).as("records of tick " + i).hasSize(i % logEvery == 0 ? 2 : 1);
            try {
                assertThat(events.transform(inbound(records.get(0), broker))).hasSize(1);
                eventsChecked++;
            } catch (RecordRejectedException e) {
                rejected.add("event " + i + ": " + e.reason() + ": " + e.getMessage());
            }
            if (records.size() > 1) {
                try {
                    assertThat(logs.lines(inbound(records.get(1), broker))).hasSize(1);
                    logsChecked++;
                } catch (RecordRejectedException e) {
                    rejected.add("log " + i / logEvery + ": " + e.reason() + ": " + e.getMessage());
                }
            }
        }
        assertThat(rejected.size()).as("records of the feed the normalizers reject; the first: %s",
                rejected.subList(0, Math.min(3, rejected.size()))).isZero();
        assertThat(eventsChecked).isEqualTo(ticks);
        assertThat(logsChecked).isEqualTo(ticks / logEvery);
    }

    /** The feed's numbers read back from what the normalizers make of its records. */
    @Test
    void theNumbersOfTheFeedAreInTheNormalizedMessages() throws RecordRejectedException {
        DemoScenario scenario = new DemoScenario(TENANT, Instant.parse("2026-12-07T13:47:14Z"));
        Instant at = Instant.parse("2026-12-07T13:58:00Z");
        List<ProducerRecord<byte[], byte[]>> records = NumberedFeed.records(scenario, "move", 4_000, 4, at);
        long broker = at.plus(DELIVERY).toEpochMilli();
        String event = new String(new EventNormalizer(TimeWindow.DEFAULT).transform(inbound(records.get(0), broker))
                .get(0).value(), StandardCharsets.UTF_8);
        assertThat(event).contains("(move 4000)").contains("\"first_seen\":\"" + at + "\"");
        assertThat(new LogNormalizer(LogSettings.defaults(), TimeWindow.DEFAULT).lines(inbound(records.get(1), broker))
                .get(0).text()).endsWith("(move 1000)");
    }

    private static InboundRecord inbound(ProducerRecord<byte[], byte[]> r, long brokerMs) {
        ConsumerRecord<byte[], byte[]> raw = new ConsumerRecord<>(r.topic(), 0, 0L, brokerMs,
                TimestampType.LOG_APPEND_TIME, r.key().length, r.value().length, r.key(), r.value(),
                new RecordHeaders(), Optional.empty());
        try {
            return new InboundRecord(raw, KeyCodec.decode(r.key()));
        } catch (KeyDecodeException e) {
            throw new IllegalStateException("the feed made a bad key", e);
        }
    }
}
