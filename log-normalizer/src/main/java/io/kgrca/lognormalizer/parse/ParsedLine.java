package io.kgrca.lognormalizer.parse;

/**
 * One log line taken apart.
 *
 * @param format     {@code json}, {@code logfmt} or {@code plain}
 * @param text       the message: the {@code msg}/{@code message} field of a structured line, else the whole line
 * @param level      the level field of a structured line as written, or null
 * @param errorText  an {@code error}/{@code err}/{@code exception} field of a structured line, or null
 * @param stackTrace a stack trace carried inside a structured line ({@code stack_trace}, {@code stacktrace},
 *                   {@code exc_info}), or null
 */
public record ParsedLine(String format, String text, String level, String errorText, String stackTrace) {

    /** The {@code format} of JSON lines. */
    public static final String JSON = "json";
    /** The {@code format} of logfmt lines. */
    public static final String LOGFMT = "logfmt";
    /** The {@code format} of anything else. */
    public static final String PLAIN = "plain";

    /** A plain line. */
    public static ParsedLine plain(String line) {
        return new ParsedLine(PLAIN, line, null, null, null);
    }

    /** True for JSON and logfmt lines. */
    public boolean structured() {
        return !PLAIN.equals(format);
    }
}
