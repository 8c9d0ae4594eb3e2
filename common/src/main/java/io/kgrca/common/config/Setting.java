package io.kgrca.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration variable, defined once: its name, type, default, validation and documentation. The program
 * that reads it and the control plane that passes it to that program use the same instance, so they cannot
 * disagree on the default or on what is valid. Reading never returns an invalid value: a bad one throws an
 * {@link InvalidConfigurationException} naming the variable.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    /** Who gives a worker the value of a setting. */
    public enum Source {
        /** The control plane passes it from its own environment (the same name, or {@code <KIND>_<NAME>}). */
        PASSED,
        /** The control plane sets it for each worker (tenant, port, credentials); its environment has no say. */
        CONTROL_PLANE,
        /** Only for a worker started by hand: the control plane never sets it. */
        BY_HAND
    }

    private final String name;
    private final String type;
    private final String defaultText;
    private final T defaultValue;
    private final String doc;
    private final Source source;
    private final Function<Env, T> reader;

    private Setting(String name, String type, String defaultText, T defaultValue, String doc, Source source,
                    Function<Env, T> reader) {
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("not an environment variable name: " + name);
        }
        this.name = name;
        this.type = type;
        this.defaultText = defaultText;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.source = source;
        this.reader = reader;
    }

    /** A setting read by {@code reader} (which must name {@code name} in its errors); the most general form. */
    public static <T> Setting<T> of(String name, String type, String defaultText, T defaultValue, String doc,
                                    Function<Env, T> reader) {
        return new Setting<>(name, type, defaultText, defaultValue, doc, Source.PASSED, reader);
    }

    /** An integer within {@code [min, max]}. */
    public static Setting<Integer> integer(String name, int fallback, int min, int max, String doc) {
        return of(name, "integer " + min + "–" + max, String.valueOf(fallback), fallback, doc,
                env -> env.integer(name, fallback, min, max));
    }

    /** A decimal number within {@code [min, max]}. */
    public static Setting<Double> decimal(String name, double fallback, double min, double max, String doc) {
        return of(name, "number " + min + "–" + max, String.valueOf(fallback), fallback, doc,
                env -> env.decimal(name, fallback, min, max));
    }

    /** A positive duration ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, ISO-8601). */
    public static Setting<Duration> duration(String name, Duration fallback, String doc) {
        return of(name, "duration", text(fallback), fallback, doc, env -> env.duration(name, fallback));
    }

    /** A duration within {@code [min, max]}. */
    public static Setting<Duration> duration(String name, Duration fallback, Duration min, Duration max, String doc) {
        return of(name, "duration " + text(min) + "–" + text(max), text(fallback), fallback, doc, env -> {
            Duration d = env.duration(name, fallback);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new InvalidConfigurationException(name, "'" + env.optional(name).orElse("") + "' is outside "
                        + text(min) + "–" + text(max));
            }
            return d;
        });
    }

    /** {@code true/false/yes/no/1/0/on/off}. */
    public static Setting<Boolean> bool(String name, boolean fallback, String doc) {
        return of(name, "boolean", String.valueOf(fallback), fallback, doc, env -> env.bool(name, fallback));
    }

    /** Any text; {@code fallback} may be null for "unset". */
    public static Setting<String> string(String name, String fallback, String doc) {
        return of(name, "text", fallback == null ? "unset" : fallback, fallback, doc,
                env -> env.optional(name).orElse(fallback));
    }

    /** Text that must be set. */
    public static Setting<String> required(String name, String doc) {
        return of(name, "text", "required", null, doc, env -> env.required(name));
    }

    /** Text matching {@code regex}, described as {@code what} in errors and tables. */
    public static Setting<String> matching(String name, String fallback, String regex, String what, String doc) {
        Pattern pattern = Pattern.compile(regex);
        return of(name, what, fallback, fallback, doc, env -> {
            String v = env.optional(name).orElse(fallback);
            if (!pattern.matcher(v).matches()) {
                throw new InvalidConfigurationException(name, "'" + v + "' is not " + what);
            }
            return v;
        });
    }

    /** One of {@code choices} (case-insensitive; the value read is lower case). */
    public static Setting<String> choice(String name, String fallback, List<String> choices, String doc) {
        return of(name, String.join(" \\| ", choices), fallback, fallback, doc, env -> {
            String v = env.optional(name).orElse(fallback).toLowerCase(Locale.ROOT);
            if (!choices.contains(v)) {
                throw new InvalidConfigurationException(name, "'" + v + "' is not one of " + choices);
            }
            return v;
        });
    }

    /** This setting, given to workers by {@code source}. */
    public Setting<T> from(Source source) {
        return new Setting<>(name, type, defaultText, defaultValue, doc, source, reader);
    }

    /** Reads and validates the value from {@code env}; the default when unset. */
    public T read(Env env) {
        return reader.apply(env);
    }

    /** The value as written in {@code env}, when set. */
    public Optional<String> raw(Env env) {
        return env.optional(name);
    }

    /** The variable's name. */
    public String name() {
        return name;
    }

    /** The type and range, as documented. */
    public String type() {
        return type;
    }

    /** The default as documented ({@code required}, {@code unset} or the value). */
    public String defaultText() {
        return defaultText;
    }

    /** The default value; null when the setting is required or unset by default. */
    public T defaultValue() {
        return defaultValue;
    }

    /** What the setting does. */
    public String doc() {
        return doc;
    }

    /** Who gives a worker its value. */
    public Source source() {
        return source;
    }

    @Override
    public String toString() {
        return name;
    }

    /** {@code value} as the READMEs write it: a duration as {@code 500ms} or {@code 2m}, anything else as is. */
    public static String format(Object value) {
        return value instanceof Duration d ? text(d) : String.valueOf(value);
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 24h}, {@code 366d}: the shortest exact form (hours up to a day). */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 86_400 == 0 && s > 86_400) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
