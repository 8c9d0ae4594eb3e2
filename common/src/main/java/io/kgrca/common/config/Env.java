package io.kgrca.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated reads of environment variables. Every failure is an {@link InvalidConfigurationException}
 * that names the variable, so a bad value stops the start with a message an operator can act on.
 */
public final class Env {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> values;

    /** Reads from {@code values}, such as {@code System.getenv()}. */
    public Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Reads from the process environment. */
    public static Env system() {
        return new Env(System.getenv());
    }

    /**
     * This environment with secrets read from files: for each of {@code names} whose {@code <NAME>_FILE} is set,
     * {@code NAME} becomes the file's content (one trailing line break removed), and the file wins over a plain
     * {@code NAME} (which stays the fallback for a process started by hand). An unreadable file fails naming
     * {@code <NAME>_FILE} and its path, never the content.
     */
    public Env withSecretFiles(Collection<String> names) {
        Map<String, String> out = new HashMap<>(values);
        for (String name : names) {
            Optional<String> file = optional(name + "_FILE");
            if (file.isEmpty()) {
                continue;
            }
            try {
                String content = Files.readString(Path.of(file.get()),
                        StandardCharsets.UTF_8);
                out.put(name, content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                        : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content);
            } catch (IOException | RuntimeException e) {
                throw new InvalidConfigurationException(name + "_FILE", "cannot read '" + file.get() + "': "
                        + e.getClass().getSimpleName());
            }
        }
        return new Env(out);
    }

    /** The raw value, or empty when unset or blank. */
    public Optional<String> optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** The value, or {@code fallback} when unset. */
    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    /** The value; fails when unset. */
    public String required(String name) {
        return optional(name).orElseThrow(() -> new InvalidConfigurationException(name, "is required but not set"));
    }

    /** An integer within {@code [min, max]}. */
    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.get());
            if (v < min || v > max) {
                throw new InvalidConfigurationException(name, "'" + raw.get() + "' is outside [" + min + ", " + max + "]");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(name, "'" + raw.get() + "' is not an integer");
        }
    }

    /** A decimal number within {@code [min, max]}. */
    public double decimal(String name, double fallback, double min, double max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(raw.get());
            if (!(v >= min && v <= max)) {
                throw new InvalidConfigurationException(name, "'" + raw.get() + "' is outside [" + min + ", " + max + "]");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(name, "'" + raw.get() + "' is not a number");
        }
    }

    /** {@code true/false/yes/no/1/0}. */
    public boolean bool(String name, boolean fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new InvalidConfigurationException(name, "'" + raw.get() + "' is not a boolean (true/false)");
        };
    }

    /**
     * A positive duration written as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, a bare
     * number of seconds, or ISO-8601 ({@code PT30S}).
     */
    public Duration duration(String name, Duration fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        Duration d = parseDuration(name, raw.get());
        if (d.isNegative() || d.isZero()) {
            throw new InvalidConfigurationException(name, "'" + raw.get() + "' must be a positive duration");
        }
        return d;
    }

    /** An enum constant by case-insensitive name. */
    public <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        String wanted = raw.get().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        throw new InvalidConfigurationException(name, "'" + raw.get() + "' is not one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    static Duration parseDuration(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new InvalidConfigurationException(name, "'" + text + "' is not a duration (e.g. 30s, 2m, PT30S)");
        }
    }
}
