package io.kgrca.lognormalizer.parse;

import java.util.List;
import java.util.regex.Pattern;


/**
 * Pure: whether a text holds a match of a regular expression ({@code find}), the same answer as the whole
 * pattern's, cheaper. The expression is split into its top-level alternatives ({@link RegexParts}); an alternative
 * runs only when the lower-cased text holds the plain characters every match of it contains, and, when it ends
 * with {@code $}, only when the text ends with the characters before that {@code $} (then possibly one line
 * terminator). Most texts hold none of them, and creating and running the matchers was the cost. An alternative
 * that opens with {@code ^} (without {@code MULTILINE}) can only match at the start, so it is tried there alone
 * ({@code lookingAt}) instead of at every position.
 */
final class GatedRegex {

    private static final String TERMINATORS = "\n\r\u0085\u2028\u2029";

    private final Pattern[] parts;
    private final int[] literals;
    private final String[] tails;
    private final boolean[] anchored;

    /** {@code regex} with {@code flags}; its literals are added to {@code set}, whose hits {@link #find} takes. */
    GatedRegex(String regex, int flags, LiteralSet.Builder set) {
        List<String> alternatives = RegexParts.alternatives(regex, flags);
        int n = alternatives.size();
        this.parts = new Pattern[n];
        this.literals = new int[n];
        this.tails = new String[n];
        this.anchored = new boolean[n];
        for (int i = 0; i < n; i++) {
            String a = alternatives.get(i);
            parts[i] = Pattern.compile(a, flags);
            String literal = RegexParts.requiredLiteral(a);
            literals[i] = literal == null ? -1 : set.add(literal);
            tails[i] = RegexParts.tailLiteral(a, flags);
            anchored[i] = a.startsWith("^") && (flags & Pattern.MULTILINE) == 0;
        }
    }

    /**
     * True when {@code text} holds a match; {@code lower} is {@code text} lower-cased ({@code Locale.ROOT}) and
     * {@code hits} the literals of the set that {@code lower} holds.
     */
    boolean find(CharSequence text, String lower, boolean[] hits) {
        for (int i = 0; i < parts.length; i++) {
            if ((literals[i] < 0 || hits[literals[i]]) && (tails[i] == null || endsWith(lower, tails[i]))
                    && (anchored[i] ? parts[i].matcher(text).lookingAt() : parts[i].matcher(text).find())) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code lower} ends with {@code tail}, possibly followed by one line terminator or CR LF. */
    private static boolean endsWith(String lower, String tail) {
        int end = lower.length();
        if (lower.endsWith("\r\n")) {
            return lower.startsWith(tail, end - 2 - tail.length()) || lower.startsWith(tail, end - 1 - tail.length());
        }
        if (end > 0 && TERMINATORS.indexOf(lower.charAt(end - 1)) >= 0) {
            return lower.startsWith(tail, end - 1 - tail.length()) || lower.endsWith(tail);
        }
        return lower.endsWith(tail);
    }
}
