package io.kgrca.lognormalizer.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * Pure: the template signature of a message, the shape that stays when what varies between occurrences is masked:
 * timestamps ({@code <TS>}), UUIDs ({@code <UUID>}), IP addresses with their port ({@code <IP>}), hex ids and
 * pointers ({@code <HEX>}), generated pod name suffixes ({@code <POD>}), durations ({@code <DUR>}), quoted strings
 * ({@code "<STR>"}) and numbers ({@code <NUM>}). One pattern, leftmost match first, tried only at the
 * positions where a match can start ({@link #mayStart}), so the cost is linear in the message; at each, only the
 * masks that can start with the character there are tried, in the same order (the same match). A quoted string
 * that opens the message (a klog structured message such as {@code ] "Starting workers"}) is the message itself
 * and is kept.
 *
 * <p>{@link #templateId(String)} is the first 16 hex digits of the SHA-256 of the template: stable across
 * processes, versions of the JVM and tenants.
 */
public final class TemplateMasker {

    private static final String ZONE = "(?:Z|[+-]\\d{2}:?\\d{2}| ?(?:UTC|GMT|CET|CEST|EET|EEST|WET|WEST|BST|MSK|IST|JST"
            + "|KST|HKT|SGT|AEST|AEDT|PST|PDT|MST|MDT|CST|CDT|EST|EDT)\\b)?";
    private static final String TS = "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?" + ZONE
            + "|\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}(?: \\d{4})?"
            + "|\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}"
            + "|\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?"
            + "|\\b[IWEF]\\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d+"
            + "|\\b[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}"
            + "|\\b\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?" + ZONE;
    private static final String UUID = "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
            + "-[0-9a-fA-F]{12}\\b";
    private static final String IP = "\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?\\b"
            + "|\\[?\\b(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\\b\\]?(?::\\d{1,5})?"
            + "|\\b(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,5})?(?![\\w:])";
    private static final String POD = "(?<=-)(?=[0-9a-f]{0,9}\\d)[0-9a-f]{6,10}-[a-z0-9]{5}\\b";
    private static final String HEX = "\\b0x[0-9a-fA-F]+\\b"
            + "|\\b(?=[0-9a-fA-F]{0,63}\\d)(?=[0-9a-fA-F]{0,63}[a-fA-F])[0-9a-fA-F]{8,64}\\b";
    private static final String DUR = "\\b(?:\\d+(?:\\.\\d+)?(?:h|m|s|ms|us|µs|ns)){2,}\\b"
            + "|\\b\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h|min|sec|secs|seconds|milliseconds)\\b";
    private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.){0,300}\"";
    private static final String SQUOTED = "'[^'\\s]{1,100}'";
    private static final String NUM = "(?<![\\w.])[-+]?\\d+(?:\\.\\d+)?";

    /** Every mask, one named group each, in order of precedence (public for the input package's tests). */
    public static final Pattern MASK = Pattern.compile("(?<ts>" + TS + ")|(?<uuid>" + UUID + ")|(?<ip>" + IP
            + ")|(?<pod>" + POD + ")|(?<hex>" + HEX + ")|(?<dur>" + DUR + ")|(?<quoted>" + QUOTED
            + ")|(?<squoted>" + SQUOTED + ")|(?<num>" + NUM + ")");
    private static final String[] GROUPS = {"ts", "uuid", "ip", "pod", "hex", "dur", "quoted", "squoted", "num"};
    private static final String[] SOURCES = {TS, UUID, IP, POD, HEX, DUR, QUOTED, SQUOTED, NUM};
    /*
     * The masks a match can start with, by the character it starts at (the groups' indexes, in precedence order):
     * a digit starts anything but a quoted string; a quote only a quoted string; a bracket only a bracketed IPv6
     * address; a sign only a number; an upper-case hex letter a timestamp, UUID, IPv6 address or hex id, any
     * other upper-case letter only a timestamp (the pattern is case-sensitive); a lower-case hex letter a UUID,
     * IPv6 address, pod suffix or hex id. The other alternatives cannot match there, so trying only these finds
     * the same first alternative with the same end.
     */
    private enum Start {
        DIGIT(0, 1, 2, 3, 4, 5, 8), QUOTE(6), SINGLE_QUOTE(7), BRACKET(2), SIGN(8), UPPER_HEX(0, 1, 2, 4), UPPER(0),
        LOWER_HEX(1, 2, 3, 4);

        /** The pattern of these masks, each one plain group. */
        private final Pattern pattern;
        private final int[] masks;

        Start(int... masks) {
            StringBuilder regex = new StringBuilder();
            for (int m : masks) {
                regex.append(regex.length() == 0 ? "(" : "|(").append(SOURCES[m]).append(')');
            }
            this.pattern = Pattern.compile(regex.toString());
            this.masks = masks;
        }

        /** The mask of the group of {@code m} that matched. */
        int mask(Matcher m) {
            for (int g = 0; g < masks.length; g++) {
                if (m.start(g + 1) >= 0) {
                    return masks[g];
                }
            }
            throw new IllegalStateException("a match without a group");
        }
    }

    private static final int STARTS = Start.values().length;

    /** The masks a match starting at {@code c}, which {@link #mayStart} admitted, can be. */
    private static Start start(char c) {
        if (isDigit(c)) {
            return Start.DIGIT;
        }
        return switch (c) {
            case '"' -> Start.QUOTE;
            case '\'' -> Start.SINGLE_QUOTE;
            case '[' -> Start.BRACKET;
            case '-', '+' -> Start.SIGN;
            default -> c >= 'A' && c <= 'F' ? Start.UPPER_HEX : c >= 'A' && c <= 'Z' ? Start.UPPER : Start.LOWER_HEX;
        };
    }
    private static final String[] MASKS = {"<TS>", "<UUID>", "<IP>", "<POD>", "<HEX>", "<DUR>", "\"<STR>\"",
        "'<STR>'", "<NUM>"};
    private static final int MAX_INPUT = 1000;

    static {
        int at = -1;
        for (String g : GROUPS) {
            int next = MASK.pattern().indexOf("(?<" + g + ">");
            if (next <= at) {
                throw new IllegalStateException("the mask's groups are out of order at " + g);
            }
            at = next;
        }
        if (MASK.matcher("").groupCount() != GROUPS.length) {
            throw new IllegalStateException("the mask's only capturing groups are its named groups");
        }
    }

    private TemplateMasker() {
    }

    /** The template of {@code message} (its first 1000 characters). */
    public static String template(String message) {
        String m = message.length() > MAX_INPUT ? message.substring(0, MAX_INPUT) : message;
        int n = m.length();
        Matcher[] matchers = new Matcher[STARTS];
        StringBuilder out = new StringBuilder(n);
        int last = 0;
        int i = 0;
        while (i < n) {
            if (!mayStart(m, i)) {
                i++;
                continue;
            }
            Start start = start(m.charAt(i));
            Matcher matcher = matchers[start.ordinal()];
            if (matcher == null) {
                matcher = start.pattern.matcher(m).useTransparentBounds(true).useAnchoringBounds(false);
                matchers[start.ordinal()] = matcher;
            }
            matcher.region(i, n);
            if (!matcher.lookingAt()) {
                i++;
                continue;
            }
            int g = start.mask(matcher);
            if (g != 6 || !keepsQuoted(m, i)) {
                out.append(m, last, i).append(MASKS[g]);
                last = matcher.end();
            }
            i = matcher.end();
        }
        out.append(m, last, n);
        return collapseSpaces(out);
    }

    /**
     * False where no match of {@link #MASK} can start, so the pattern is tried only where one can: at a digit, a
     * quote, a bracket, a sign before a digit, an upper-case letter opening a word followed by a lower-case letter
     * or a digit (timestamps), or a hex letter opening a word of at least 6 hex digits or of at most 4 before a
     * colon (UUIDs, hex ids, pod suffixes, IPv6). Trying the pattern at each candidate in turn finds the same
     * matches as one {@code find} over the text, which tries every position.
     */
    static boolean mayStart(String m, int i) {
        char c = m.charAt(i);
        if (isDigit(c) || c == '"' || c == '\'' || c == '[') {
            return true;
        }
        if (c == '-' || c == '+') {
            return i + 1 < m.length() && isDigit(m.charAt(i + 1));
        }
        boolean upper = c >= 'A' && c <= 'Z';
        if (!upper && !(c >= 'a' && c <= 'f') || i > 0 && isWord(m.charAt(i - 1))) {
            return false;
        }
        if (upper && i + 1 < m.length()) {
            char next = m.charAt(i + 1);
            if (next >= 'a' && next <= 'z' || isDigit(next) && "IWEF".indexOf(c) >= 0) {
                return true;
            }
        }
        int run = 0;
        while (i + run < m.length() && isHex(m.charAt(i + run))) {
            run++;
        }
        return run >= 6 || run >= 1 && run <= 4 && i + run < m.length() && m.charAt(i + run) == ':';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isWord(char c) {
        return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    /** The stable id of a template. */
    public static String templateId(String template) {
        return Sha256.hex16(template);
    }

    private static boolean keepsQuoted(String m, int start) {
        if (m.charAt(start) != '"') {
            return false;
        }
        return start == 0 || start >= 2 && m.charAt(start - 1) == ' ' && m.charAt(start - 2) == ']';
    }

    /** Runs of blanks become one space, so alignment padding does not split templates. */
    private static String collapseSpaces(StringBuilder s) {
        if (!hasTabOrDoubleSpace(s)) {
            return s.toString().strip(); // nothing to collapse: most templates
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean blank = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean isBlank = c == ' ' || c == '\t';
            if (isBlank && blank) {
                continue;
            }
            out.append(isBlank ? ' ' : c);
            blank = isBlank;
        }
        return out.toString().strip();
    }

    private static boolean hasTabOrDoubleSpace(StringBuilder s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == ' ' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
                return true;
            }
        }
        return false;
    }
}
