package io.kgrca.lognormalizer.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;


/**
 * Pure: what a regular expression is made of, for running it cheaply. {@link #alternatives} splits it into its
 * top-level alternatives (a text holds a match of {@code A|B} exactly when it holds a match of {@code A} or one of
 * {@code B}); {@link #requiredLiteral} gives the longest run of plain characters every match of an alternative
 * contains; {@link #tailLiteral} the plain characters that stand right before a closing {@code $}. Anything this
 * class does not understand (back-references, {@code \Q}, inline flags, hexadecimal escapes...) is left whole or
 * gives no literal, which only costs speed.
 */
final class RegexParts {

    private static final int UNSPLITTABLE = Pattern.COMMENTS | Pattern.LITERAL;
    private static final String SIMPLE_ESCAPES = "bBdDsSwW";

    private RegexParts() {
    }

    /** The top-level alternatives of {@code regex} compiled with {@code flags}, or {@code regex} alone. */
    static List<String> alternatives(String regex, int flags) {
        if ((flags & UNSPLITTABLE) != 0 || !understood(regex)) {
            return List.of(regex);
        }
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(regex, i);
            } else if (c == '(') {
                i = groupEnd(regex, i);
            } else if (c == '|') {
                out.add(regex.substring(from, i));
                from = i + 1;
            }
        }
        out.add(regex.substring(from));
        return out;
    }

    /**
     * The longest run (lower-cased, at least two characters) of plain characters at the top level of
     * {@code alternative} (no {@code |} at its top level), which every match contains; null when there is none.
     */
    static String requiredLiteral(String alternative) {
        List<String> runs = runs(alternative);
        String best = null;
        for (String r : runs) {
            if (r.length() >= 2 && (best == null || r.length() > best.length())) {
                best = r;
            }
        }
        return best;
    }

    /**
     * The plain characters (lower-cased, at least two) that end {@code alternative} right before a final {@code $},
     * or null. Without {@code MULTILINE}, such a match ends at the end of the text or before its final line
     * terminator.
     */
    static String tailLiteral(String alternative, int flags) {
        if ((flags & (Pattern.MULTILINE | Pattern.UNIX_LINES)) != 0 || !alternative.endsWith("$")
                || alternative.endsWith("\\$")) {
            return null;
        }
        List<String> runs = runs(alternative);
        String tail = runs.size() >= 2 ? runs.get(runs.size() - 2) : "";
        return tail.length() >= 2 ? tail : null;
    }

    /**
     * The runs of plain characters of an alternative, in order; the last one is empty unless the alternative ends
     * with plain characters; none when the alternative is not understood.
     */
    private static List<String> runs(String alt) {
        List<String> runs = new ArrayList<>();
        if (!understood(alt)) {
            return runs;
        }
        StringBuilder run = new StringBuilder();
        boolean lastPlain = false;
        for (int i = 0; i < alt.length(); i++) {
            char c = alt.charAt(i);
            switch (c) {
                case '\\' -> {
                    char e = alt.charAt(++i);
                    if (Character.isLetterOrDigit(e)) {
                        end(run, runs);
                        lastPlain = false;
                    } else {
                        run.append(e);
                        lastPlain = true;
                    }
                }
                case '[' -> {
                    i = classEnd(alt, i);
                    end(run, runs);
                    lastPlain = false;
                }
                case '(' -> {
                    i = groupEnd(alt, i);
                    end(run, runs);
                    lastPlain = false;
                }
                case '?', '*', '{' -> {
                    if (lastPlain) {
                        run.setLength(run.length() - 1);
                    }
                    end(run, runs);
                    if (c == '{') {
                        i = alt.indexOf('}', i);
                    }
                    i = skipModifier(alt, i);
                    lastPlain = false;
                }
                case '+' -> {
                    end(run, runs);
                    i = skipModifier(alt, i);
                    lastPlain = false;
                }
                case '.', '^', '$', '|' -> {
                    end(run, runs);
                    lastPlain = false;
                }
                default -> {
                    run.append(c);
                    lastPlain = true;
                }
            }
        }
        runs.add(run.toString().toLowerCase(Locale.ROOT));
        return runs;
    }

    private static void end(StringBuilder run, List<String> runs) {
        runs.add(run.toString().toLowerCase(Locale.ROOT));
        run.setLength(0);
    }

    private static int skipModifier(String s, int i) {
        return i + 1 < s.length() && (s.charAt(i + 1) == '?' || s.charAt(i + 1) == '+') ? i + 1 : i;
    }

    /** False for what this class does not take apart: escapes but simple classes and punctuation, inline flags. */
    private static boolean understood(String regex) {
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 >= regex.length()) {
                    return false;
                }
                char e = regex.charAt(++i);
                if (Character.isLetterOrDigit(e) && SIMPLE_ESCAPES.indexOf(e) < 0 || e > 127) {
                    return false;
                }
            } else if (c == '(' && i + 2 < regex.length() && regex.charAt(i + 1) == '?') {
                char k = regex.charAt(i + 2);
                if (k != ':' && k != '=' && k != '!' && k != '<') {
                    return false;
                }
            } else if (c > 127) {
                return false;
            }
        }
        return true;
    }

    /** The index of the {@code ]} that closes the class opening at {@code i}. */
    private static int classEnd(String s, int i) {
        int depth = 0;
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && j > i + 1 && !(j == i + 2 && s.charAt(i + 1) == '^')) {
                if (--depth == 0) {
                    return j;
                }
            }
        }
        return s.length() - 1;
    }

    /** The index of the {@code )} that closes the group opening at {@code i}. */
    private static int groupEnd(String s, int i) {
        int depth = 0;
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[') {
                j = classEnd(s, j);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j;
            }
        }
        return s.length() - 1;
    }
}
