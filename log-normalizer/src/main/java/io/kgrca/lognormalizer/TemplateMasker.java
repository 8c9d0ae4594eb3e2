package io.kgrca.lognormalizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure: the template signature of a message, the shape that stays when what varies between occurrences is masked:
 * timestamps ({@code <TS>}), UUIDs ({@code <UUID>}), IP addresses with their port ({@code <IP>}), hex ids and
 * pointers ({@code <HEX>}), generated pod name suffixes ({@code <POD>}), durations ({@code <DUR>}), quoted strings
 * ({@code "<STR>"}) and numbers ({@code <NUM>}). One pass of one pattern, leftmost match first, so the cost is
 * linear in the message. A quoted string that opens the message (a klog structured message such as
 * {@code ] "Starting workers"}) is the message itself and is kept.
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

    private static final Pattern MASK = Pattern.compile("(?<ts>" + TS + ")|(?<uuid>" + UUID + ")|(?<ip>" + IP
            + ")|(?<pod>" + POD + ")|(?<hex>" + HEX + ")|(?<dur>" + DUR + ")|(?<quoted>" + QUOTED
            + ")|(?<squoted>" + SQUOTED + ")|(?<num>" + NUM + ")");
    private static final String[] GROUPS = {"ts", "uuid", "ip", "pod", "hex", "dur", "quoted", "squoted", "num"};
    private static final String[] MASKS = {"<TS>", "<UUID>", "<IP>", "<POD>", "<HEX>", "<DUR>", "\"<STR>\"",
        "'<STR>'", "<NUM>"};
    private static final int MAX_INPUT = 1000;

    private TemplateMasker() {
    }

    /** The template of {@code message} (its first 1000 characters). */
    public static String template(String message) {
        String m = message.length() > MAX_INPUT ? message.substring(0, MAX_INPUT) : message;
        Matcher matcher = MASK.matcher(m);
        StringBuilder out = new StringBuilder(m.length());
        int last = 0;
        while (matcher.find()) {
            int g = group(matcher);
            if (g == 6 && keepsQuoted(m, matcher.start())) {
                continue;
            }
            out.append(m, last, matcher.start()).append(MASKS[g]);
            last = matcher.end();
        }
        out.append(m, last, m.length());
        return collapseSpaces(out);
    }

    /** The stable id of a template. */
    public static String templateId(String template) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(template.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int group(Matcher m) {
        for (int i = 0; i < GROUPS.length; i++) {
            if (m.start(GROUPS[i]) >= 0) {
                return i;
            }
        }
        throw new IllegalStateException("a match without a group");
    }

    private static boolean keepsQuoted(String m, int start) {
        if (m.charAt(start) != '"') {
            return false;
        }
        return start == 0 || start >= 2 && m.charAt(start - 1) == ' ' && m.charAt(start - 2) == ']';
    }

    /** Runs of blanks become one space, so alignment padding does not split templates. */
    private static String collapseSpaces(StringBuilder s) {
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
}
