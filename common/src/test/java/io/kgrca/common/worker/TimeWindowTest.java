package io.kgrca.common.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class TimeWindowTest {

    private static final Instant BROKER = Instant.parse("2026-12-07T02:00:00Z");
    private final TimeWindow window = TimeWindow.DEFAULT;

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T02:00:00Z", "2026-12-07T02:10:00Z", "2026-12-07T01:00:00Z",
        "2025-12-06T02:00:00Z", "2026-06-01T00:00:00Z"})
    void aTimeFromAYearBeforeToTenMinutesAfterTheBrokerTimestampIsAccepted(String time) {
        assertThatCode(() -> window.require("event_time", Instant.parse(time), BROKER.toEpochMilli()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T02:10:00.001Z", "+99999-01-01T00:00:00Z", "2024-12-01T00:00:00Z",
        "1970-01-01T00:00:00Z", "-10000-01-01T00:00:00Z"})
    void anyOtherTimeIsRejectedAsOutOfWindow(String time) {
        assertThatThrownBy(() -> window.require("event_time", Instant.parse(time), BROKER.toEpochMilli()))
                .isInstanceOfSatisfying(RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(TimeWindow.TIME_OUT_OF_WINDOW))
                .hasMessageContaining("event_time");
    }

    @Test
    void extremeInstantsDoNotOverflowAndNoReferenceMeansNoCheck() {
        assertThatThrownBy(() -> window.require("t", Instant.MAX, BROKER.toEpochMilli()))
                .isInstanceOf(RecordRejectedException.class);
        assertThatThrownBy(() -> window.require("t", Instant.MIN, BROKER.toEpochMilli()))
                .isInstanceOf(RecordRejectedException.class);
        assertThatCode(() -> window.require("t", Instant.MAX, -1)).doesNotThrowAnyException();
        assertThatCode(() -> window.require("t", null, BROKER.toEpochMilli())).doesNotThrowAnyException();
        assertThatCode(() -> TimeWindow.UNBOUNDED.require("t", Instant.MAX, BROKER.toEpochMilli()))
                .doesNotThrowAnyException();
        assertThatCode(() -> TimeWindow.UNBOUNDED.require("t", Instant.MIN, BROKER.toEpochMilli()))
                .doesNotThrowAnyException();
        assertThatCode(() -> new TimeWindow(Duration.ZERO, Duration.ZERO).require("t", BROKER, BROKER.toEpochMilli()))
                .doesNotThrowAnyException();
    }
}
