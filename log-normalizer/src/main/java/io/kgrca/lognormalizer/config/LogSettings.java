package io.kgrca.lognormalizer.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.model.Severity;
import io.kgrca.lognormalizer.parse.LevelDetector;

import java.time.Duration;



/**
 * The log-normalizer's own settings, read from the environment (the worker loop's settings are in
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

    /** The defaults. */
    public static LogSettings defaults() {
        return new LogSettings(Severity.WARNING, 1000, 200, 16 * 1024, 10_000, Duration.ofSeconds(30));
    }

    /** The same settings with another minimum level. */
    public LogSettings withMinLevel(Severity level) {
        return new LogSettings(level, maxMessageChars, maxTraceLines, maxTraceChars, carryStreams, carryWindow);
    }

    /** Reads the settings; a bad value throws naming its variable. */
    public static LogSettings fromEnv(Env env) {
        LogSettings d = defaults();
        return new LogSettings(
                minLevel(env, d.minLevel()),
                env.integer("LOG_MAX_MESSAGE_CHARS", d.maxMessageChars(), 80, 64 * 1024),
                env.integer("LOG_MAX_TRACE_LINES", d.maxTraceLines(), 1, 10_000),
                env.integer("LOG_MAX_TRACE_CHARS", d.maxTraceChars(), 256, 256 * 1024),
                env.integer("LOG_CARRY_STREAMS", d.carryStreams(), 0, 1_000_000),
                env.duration("LOG_CARRY_WINDOW", d.carryWindow()));
    }

    private static Severity minLevel(Env env, Severity fallback) {
        String raw = env.optional("LOG_MIN_LEVEL").orElse(null);
        if (raw == null) {
            return fallback;
        }
        Severity s = LevelDetector.fromWord(raw.trim());
        if (s == null) {
            throw new InvalidConfigurationException("LOG_MIN_LEVEL",
                    "'" + raw + "' is not a level (DEBUG, INFO, WARNING or WARN, ERROR, CRITICAL)");
        }
        return s;
    }
}
