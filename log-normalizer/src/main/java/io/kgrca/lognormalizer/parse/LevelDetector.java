package io.kgrca.lognormalizer.parse;

import io.kgrca.common.model.Severity;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;



/**
 * Pure: the level of a line, in this order of trust.
 * <ol>
 *   <li>An explicit level field of a structured line ({@code "level":"warn"}, {@code level=error}, bunyan/pino
 *       numbers such as {@code 50}, Monolog numbers such as {@code 400}).</li>
 *   <li>A well-known prefix: klog's {@code E0123 10:00:00.000000}, logrus's {@code ERRO[0004]}, Redis's marker
 *       ({@code 1:M 03 Sep 2024 06:50:02.713 # ...}: {@code .} debug, {@code -} verbose, {@code *} notice,
 *       {@code #} warning), a bracketed
 *       level ({@code [ERROR]}, nginx's {@code [error]}), or an upper-case level word near the start
 *       ({@code ERROR:} of PostgreSQL,
 *       {@code 2024-.. WARN 1 --- [main]} of Spring Boot, {@code [2024-..] INFO} of Kafka,
 *       {@code ERROR:root:} of Python logging), a lower-case level after a leading timestamp (zap's console
 *       encoder), or a lower-case {@code error:}/{@code warning:} opening the line.</li>
 *   <li>Content: an error class found by {@link ErrorClassifier}, or words such as {@code failed},
 *       {@code exception}, {@code warning}.</li>
 * </ol>
 * A level word that a client line quotes from a server ({@code pq: FATAL: ...}) is not the line's level.
 */
public final class LevelDetector {

    /**
     * A detected level.
     *
     * @param severity the normalized severity
     * @param written  the level as written in the line, or null when it was inferred from content
     */
    public record Level(Severity severity, String written) {
    }

    private static final Pattern KLOG = Pattern.compile("^([IWEF])\\d{4} \\d{2}:\\d{2}:\\d{2}");
    private static final Pattern BRACKETED = Pattern.compile(
            "\\[(?i)(trace|debug|info|notice|note|system|warn|warning|error|err|crit|critical|fatal|panic|severe|emerg"
                    + "|alert)\\]");
    /*
     * Redis: "<pid>:<role> <day> <Mon> [<year>] <hh:mm:ss.mmm> <marker> <message>" (3.0 and later) and
     * "[<pid>] <day> <Mon> <hh:mm:ss[.mmm]> <marker> <message>" (2.x); the marker is the level.
     */
    private static final Pattern REDIS = Pattern.compile("^(?:\\d+:[XCSM]|\\[\\d+\\]) \\d{1,2} [A-Z][a-z]{2}"
            + "(?: \\d{4})? \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})? ([.*#-]) ");
    private static final Pattern LOGRUS = Pattern.compile("^(TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\\[\\d+\\]");
    private static final Pattern WORD = Pattern.compile(
            "(?<![\\w-])(TRACE|DEBUG[1-5]?|FINE|INFO|NOTICE|LOG|WARN|WARNING|ERROR|ERR|SEVERE|CRIT|CRITICAL|FATAL"
                    + "|PANIC|EMERG|ALERT)(?![\\w-])");
    private static final Pattern LOWER_START = Pattern.compile(
            "^(?:\\S+ )?(fatal|error|warning|warn|info|debug)(?: \\S+)?:", Pattern.CASE_INSENSITIVE);
    private static final Pattern AFTER_TIMESTAMP = Pattern.compile(
            "^\\d[\\d\\-T:.,+Z]*\\s+(debug|info|warn|warning|error|dpanic|panic|fatal)\\s", Pattern.CASE_INSENSITIVE);
    /*
     * The content words, one top-level alternative each so that each runs only when the text holds its word
     * (GatedRegex): a text holds a match of \b(?:a|b)\b exactly when it holds one of \ba\b or \bb\b.
     */
    private static final LiteralSet.Builder WORD_IDS = new LiteralSet.Builder();
    private static final GatedRegex ERROR_WORDS = new GatedRegex("\\berror\\b|\\berrors\\b|\\bfailed\\b|\\bfailure\\b"
            + "|\\bfatal\\b|\\bexception\\b|\\bunable to\\b|\\bcannot\\b|\\bcan't\\b|\\bcould not\\b|\\brefused\\b",
            Pattern.CASE_INSENSITIVE, WORD_IDS);
    private static final GatedRegex NO_ERRORS = new GatedRegex("\\bno errors?\\b|\\bno failures?\\b|\\b0 errors?\\b"
            + "|\\b0 failures?\\b|\\bzero errors?\\b|\\bzero failures?\\b|\\bwithout errors?\\b"
            + "|\\bwithout failures?\\b",
            Pattern.CASE_INSENSITIVE, WORD_IDS);
    private static final GatedRegex WARN_WORDS = new GatedRegex("\\bwarn\\b|\\bwarning\\b|\\bdeprecated\\b"
            + "|\\bretrying\\b|\\bretry\\b|\\bslow\\b|\\bthrottl\\w*\\b", Pattern.CASE_INSENSITIVE, WORD_IDS);
    private static final LiteralSet WORDS = WORD_IDS.build();
    private static final int PREFIX_WINDOW = 120;
    private static final Set<String> LEVEL_KEYS = Set.of("level", "lvl", "severity", "loglevel", "log_level",
            "log.level", "priority");

    private LevelDetector() {
    }

    /** The level of {@code line}; {@code errorType} is the line's error class, if any. */
    public static Level detect(ParsedLine line, String errorType) {
        if (line.level() != null) {
            Severity explicit = fromWord(line.level());
            if (explicit != null) {
                return new Level(explicit, line.level());
            }
        }
        Level prefix = fromPrefix(line.text());
        if (prefix != null) {
            return prefix;
        }
        return new Level(fromContent(line.text(), errorType), null);
    }

    /** A level word or number as written → severity; null when it is not a level. */
    public static Severity fromWord(String word) {
        String w = word.strip().toUpperCase(Locale.ROOT);
        if (w.isEmpty()) {
            return null;
        }
        if (Character.isDigit(w.charAt(0))) {
            return fromNumber(w);
        }
        return switch (w) {
            case "TRACE", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5", "FINE", "FINER", "FINEST", "D",
                 "DBG", "VERBOSE", "DEBU", "TRAC" -> Severity.DEBUG;
            case "INFO", "INFORMATION", "NOTICE", "NOTE", "SYSTEM", "LOG", "I", "INF", "CONFIG" -> Severity.INFO;
            case "WARN", "WARNING", "W", "WRN" -> Severity.WARNING;
            case "ERROR", "ERR", "SEVERE", "E", "EROR", "ERRO" -> Severity.ERROR;
            case "FATAL", "CRIT", "CRITICAL", "PANIC", "EMERG", "EMERGENCY", "ALERT", "F", "DPANIC", "FATA", "PANI"
                 -> Severity.CRITICAL;
            default -> null;
        };
    }

    /** Bunyan/pino (10-60) and Monolog (100-600) numeric levels. */
    private static Severity fromNumber(String w) {
        int n;
        try {
            n = Integer.parseInt(w);
        } catch (NumberFormatException e) {
            return null;
        }
        if (n >= 100) {
            return n >= 500 ? Severity.CRITICAL : n >= 400 ? Severity.ERROR : n >= 300 ? Severity.WARNING
                    : n >= 200 ? Severity.INFO : Severity.DEBUG;
        }
        return n >= 60 ? Severity.CRITICAL : n >= 50 ? Severity.ERROR : n >= 40 ? Severity.WARNING
                : n >= 30 ? Severity.INFO : n > 0 ? Severity.DEBUG : null;
    }

    /**
     * A level announced by the line's prefix, or null. Each pattern runs only where the text has what every match
     * of it needs (a klog letter and digit, logrus's bracket, a bracket, two upper-case letters, a leading digit,
     * a colon): creating the matchers was most of this method's cost, and most lines match none.
     */
    static Level fromPrefix(String text) {
        if (text.length() > 1 && "IWEF".indexOf(text.charAt(0)) >= 0 && isDigit(text.charAt(1))) {
            Matcher k = KLOG.matcher(text);
            if (k.lookingAt()) {
                return new Level(fromWord(k.group(1)), k.group(1));
            }
        }
        if (text.length() > 5 && text.charAt(4) == '[') {
            Matcher r = LOGRUS.matcher(text);
            if (r.lookingAt()) {
                return new Level(fromWord(r.group(1)), r.group(1));
            }
        }
        if (mayBeRedis(text)) {
            Matcher r = REDIS.matcher(text);
            if (r.lookingAt()) {
                return new Level(redisMarker(r.group(1).charAt(0)), r.group(1));
            }
        }
        String head = text.length() > PREFIX_WINDOW ? text.substring(0, PREFIX_WINDOW) : text;
        Level found = head.indexOf('[') >= 0 ? level(BRACKETED.matcher(head)) : null;
        if (found == null && hasTwoUpperCase(head)) {
            found = unquoted(WORD.matcher(head), head);
        }
        if (found == null && !head.isEmpty() && isDigit(head.charAt(0))) {
            found = level(AFTER_TIMESTAMP.matcher(head));
        }
        if (found == null && head.indexOf(':') >= 0) {
            found = unquoted(LOWER_START.matcher(head), head);
        }
        return found;
    }

    /**
     * True when {@code text} opens as a Redis line must: digits then {@code :<role> } ({@code 1:M }), or
     * {@code [<digits>] }. Most lines that open with a digit are timestamps; this keeps the pattern off them.
     */
    private static boolean mayBeRedis(String text) {
        int n = text.length();
        int i = n > 0 && text.charAt(0) == '[' ? 1 : 0;
        int digits = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        if (i == digits || i + 2 >= n) {
            return false;
        }
        return digits == 1 ? text.charAt(i) == ']' && text.charAt(i + 1) == ' '
                : text.charAt(i) == ':' && "XCSM".indexOf(text.charAt(i + 1)) >= 0 && text.charAt(i + 2) == ' ';
    }

    /** Redis's level markers: {@code .} debug, {@code -} verbose, {@code *} notice, {@code #} warning. */
    private static Severity redisMarker(char marker) {
        return switch (marker) {
            case '#' -> Severity.WARNING;
            case '*' -> Severity.INFO;
            default -> Severity.DEBUG;
        };
    }

    private static Level level(Matcher m) {
        return m.find() ? new Level(fromWord(m.group(1)), m.group(1)) : null;
    }

    /** The first level word of {@code m}, unless it is one the line quotes ({@link #quoted}). */
    private static Level unquoted(Matcher m, String head) {
        return m.find() && !quoted(head, m.start(1), m.end(1)) ? new Level(fromWord(m.group(1)), m.group(1)) : null;
    }

    /**
     * True when the level word at {@code [start, end)} is a server's message that a client line quotes, as
     * {@code pq: FATAL: password authentication failed}, {@code server said: FATAL: too many connections} or
     * {@code (psycopg2.OperationalError) FATAL: sorry, too many clients already}: the word is followed by a colon,
     * and either follows {@code <word>: } (where that word is not a level key, as in {@code level: ERROR:}) or
     * comes after an error word ({@code error}, {@code exception}, {@code fail}) in the line. A server's own
     * line has only its prefix (time, pid, user@database) before its level.
     */
    static boolean quoted(String head, int start, int end) {
        if (end >= head.length() || head.charAt(end) != ':') {
            return false;
        }
        String before = head.substring(0, start).toLowerCase(Locale.ROOT);
        if (before.contains("error") || before.contains("exception") || before.contains("fail")) {
            return true;
        }
        if (start < 3 || head.charAt(start - 1) != ' ' || head.charAt(start - 2) != ':'
                || !Character.isLetter(head.charAt(start - 3))) {
            return false;
        }
        int from = start - 3;
        while (from > 0 && !Character.isWhitespace(head.charAt(from - 1))) {
            from--;
        }
        return !LEVEL_KEYS.contains(before.substring(from, start - 2));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Every level word of {@link #WORD} is at least two upper-case ASCII letters in a row. */
    private static boolean hasTwoUpperCase(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char b = s.charAt(i - 1);
                if (b >= 'A' && b <= 'Z') {
                    return true;
                }
            } else {
                i++; // the next pair cannot start with c
            }
        }
        return false;
    }

    /** A severity inferred from what the line says. */
    static Severity fromContent(String text, String errorType) {
        if (ErrorClassifier.isRoutine(errorType)) {
            return Severity.INFO;
        }
        if (ErrorClassifier.isDegradation(errorType)) {
            return Severity.WARNING;
        }
        if (errorType != null) {
            return ErrorClassifier.isCritical(errorType) ? Severity.CRITICAL : Severity.ERROR;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean[] hits = WORDS.in(lower);
        if (ERROR_WORDS.find(text, lower, hits) && !NO_ERRORS.find(text, lower, hits)) {
            return Severity.ERROR;
        }
        if (WARN_WORDS.find(text, lower, hits)) {
            return Severity.WARNING;
        }
        return Severity.INFO;
    }
}
