package io.kgrca.lognormalizer.input;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;


/**
 * Pure: RFC 3339 instants in the one shape the agent writes ({@code 2026-11-25T10:00:00.123Z}) without
 * {@code DateTimeFormatter}, which was a fifth of the worker's cost. {@link #format(Instant)} gives exactly
 * {@link Instant#toString()}; {@link #parseStrict(CharSequence)} gives exactly {@link Instant#parse} for strings of
 * the shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} and null for anything else, which callers hand to the general
 * parser.
 */
public final class Instants {

    /** 1000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written with four digits and no sign. */
    private static final long FIRST_SECOND = -30_610_224_000L;
    private static final long END_SECOND = 253_402_300_800L;

    private Instants() {
    }

    /** The same text as {@link Instant#toString()}, built by hand for years 1000-9999. */
    public static String format(Instant t) {
        if (t.getEpochSecond() < FIRST_SECOND || t.getEpochSecond() >= END_SECOND) {
            return t.toString();
        }
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(30);
        b.append(d.getYear()).append('-');
        two(b, d.getMonthValue()).append('-');
        two(b, d.getDayOfMonth()).append('T');
        two(b, d.getHour()).append(':');
        two(b, d.getMinute()).append(':');
        two(b, d.getSecond());
        int nano = t.getNano();
        if (nano > 0) {
            b.append('.');
            if (nano % 1_000_000 == 0) {
                digits(b, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(b, nano / 1000, 6);
            } else {
                digits(b, nano, 9);
            }
        }
        return b.append('Z').toString();
    }

    /** The instant of {@code s} when it has the strict shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, else null. */
    static Instant parseStrict(CharSequence s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 7);
        int day = number(s, 8, 10);
        int hour = number(s, 11, 13);
        int minute = number(s, 14, 16);
        int second = number(s, 17, 19);
        int nano = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nano = number(s, 20, n - 1);
            for (int i = fraction; i < 9 && nano >= 0; i++) {
                nano *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nano) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // out of range (a 24th hour, a leap second, February 30th): the general parser decides
        }
    }

    /** The decimal number of ASCII digits {@code s[from, to)}, or -1 when one is not a digit. */
    private static int number(CharSequence s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static void digits(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }
}
