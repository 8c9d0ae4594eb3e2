package io.kgrca.common.worker;

import io.kgrca.common.config.WorkerDefinitions;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Pure: the times a record may carry, relative to its broker timestamp (issue 12, item 3). A record's own time
 * (an event's first and last occurrence, a log line's time, a state change's time) may be at most {@link #ahead()}
 * after the broker's timestamp of the record and at most {@link #behind()} before it; otherwise the record is
 * rejected with {@link #TIME_OUT_OF_WINDOW} and dead-lettered. The reference is the broker's clock, never the
 * server's: a replay of a recorded incident publishes old times with fresh broker timestamps and stays accepted as
 * long as the recording is younger than {@link #behind()}. A record without a broker timestamp (-1) is not checked.
 *
 * @param ahead  how far a record's time may be after its broker timestamp (clock skew, batching)
 * @param behind how far it may be before it (late delivery, replays of recorded incidents)
 */
public record TimeWindow(Duration ahead, Duration behind) {

    /** The reason code of a record whose time is outside the window. */
    public static final String TIME_OUT_OF_WINDOW = "time-out-of-window";

    /** The default window: 10 minutes ahead, 366 days behind. */
    public static final TimeWindow DEFAULT = new TimeWindow(WorkerDefinitions.TIME_WINDOW_AHEAD.defaultValue(),
            WorkerDefinitions.TIME_WINDOW_BEHIND.defaultValue());

    /**
     * No bounds at all, for fixtures whose records are stamped with one broker time whatever their own time (the
     * golden corpora): never use it in a worker.
     */
    public static final TimeWindow UNBOUNDED = new TimeWindow(ChronoUnit.FOREVER.getDuration(),
            ChronoUnit.FOREVER.getDuration());

    /** Validates the bounds. */
    public TimeWindow {
        if (ahead.isNegative() || behind.isNegative()) {
            throw new IllegalArgumentException("the window's bounds must not be negative");
        }
    }

    /**
     * Throws {@link RecordRejectedException} when {@code time} (the record's field {@code field}; null is not
     * checked) is outside the window around {@code brokerMillis}.
     */
    public void require(String field, Instant time, long brokerMillis) throws RecordRejectedException {
        if (time == null || brokerMillis < 0) {
            return;
        }
        Instant broker = Instant.ofEpochMilli(brokerMillis);
        if (time.isAfter(saturated(broker, ahead))) {
            throw new RecordRejectedException(TIME_OUT_OF_WINDOW, field + " " + time + " is more than " + ahead
                    + " after the record's broker timestamp " + broker);
        }
        if (time.isBefore(saturated(broker, behind.negated()))) {
            throw new RecordRejectedException(TIME_OUT_OF_WINDOW, field + " " + time + " is more than " + behind
                    + " before the record's broker timestamp " + broker);
        }
    }

    private static Instant saturated(Instant at, Duration by) {
        try {
            return at.plus(by);
        } catch (DateTimeException | ArithmeticException e) {
            return by.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    /** {@link #require} on the record's own broker timestamp. */
    public void require(String field, Instant time, InboundRecord record) throws RecordRejectedException {
        require(field, time, record.raw().timestamp());
    }
}
