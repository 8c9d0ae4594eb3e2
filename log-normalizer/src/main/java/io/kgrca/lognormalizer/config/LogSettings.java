package io.kgrca.lognormalizer.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.WorkerDefinitions;
import io.kgrca.common.model.Severity;
import io.kgrca.lognormalizer.parse.LevelDetector;

import java.time.Duration;
import java.util.Map;



/**
 * The log-normalizer's own settings, read from the environment through their definitions in common's
 * {@link WorkerDefinitions} (defaults and rules there; the worker loop's settings are in
 * {@link io.kgrca.common.worker.WorkerSettings}).
 *
 * @param minLevel        {@code LOG_MIN_LEVEL}: records below it are dropped (default WARNING)
 * @param maxMessageChars {@code LOG_MAX_MESSAGE_CHARS}: the message is cut to this length (default 1000)
 * @param maxTraceLines   {@code LOG_MAX_TRACE_LINES}: stack trace lines kept in one record (default 200)
 * @param maxTraceChars   {@code LOG_MAX_TRACE_CHARS}: stack trace characters kept in one record (default 16384)
 * @param carryStreams    {@code LOG_CARRY_STREAMS}: containers whose last record is remembered across polls
 *                        so a trace cut by a poll boundary is still joined (default 10000)
 * @param carryWindow     {@code LOG_CARRY_WINDOW}: a continuation line later than this after the record it would
 *                        continue starts a record of its own (default 30 s, by the lines' own timestamps)
 */
public record LogSettings(Severity minLevel, int maxMessageChars, int maxTraceLines, int maxTraceChars,
                          int carryStreams, Duration carryWindow) {

    /** The defaults, from the definitions in {@link WorkerDefinitions}. */
    public static LogSettings defaults() {
        return fromEnv(new Env(Map.of()));
    }

    /** The same settings with another minimum level. */
    public LogSettings withMinLevel(Severity level) {
        return new LogSettings(level, maxMessageChars, maxTraceLines, maxTraceChars, carryStreams, carryWindow);
    }

    /** Reads the settings through their definitions; a bad value throws naming its variable. */
    public static LogSettings fromEnv(Env env) {
        return new LogSettings(
                WorkerDefinitions.LOG_MIN_LEVEL.read(env),
                WorkerDefinitions.LOG_MAX_MESSAGE_CHARS.read(env),
                WorkerDefinitions.LOG_MAX_TRACE_LINES.read(env),
                WorkerDefinitions.LOG_MAX_TRACE_CHARS.read(env),
                WorkerDefinitions.LOG_CARRY_STREAMS.read(env),
                WorkerDefinitions.LOG_CARRY_WINDOW.read(env));
    }
}
