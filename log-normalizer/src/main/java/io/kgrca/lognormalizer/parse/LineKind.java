package io.kgrca.lognormalizer.parse;

import java.util.regex.Pattern;


/**
 * What a plain line can be to the stack-trace grammar of Java, Python and Go, and to PostgreSQL's detail lines.
 * {@link #of(String)} is pure and cheap: most lines are decided by their first character.
 */
public enum LineKind {
    /** Java {@code \tat com.example.Foo.bar(Foo.java:42)} or {@code ... 12 more}. */
    JAVA_FRAME,
    /** Java {@code Caused by: ...} or {@code Suppressed: ...}. */
    JAVA_CAUSE,
    /** A Java exception line: {@code java.lang.IllegalStateException: boom}, {@code Exception in thread "main" ...}. */
    JAVA_EXCEPTION,
    /** Python {@code Traceback (most recent call last):}. */
    PY_HEAD,
    /** Python's link between chained tracebacks. */
    PY_CHAIN,
    /** Go {@code panic: ...} or {@code fatal error: ...}. */
    GO_PANIC,
    /** Go {@code goroutine 1 [running]:}. */
    GO_GOROUTINE,
    /** A Go frame: a call {@code main.main()} or a qualified function of a zap stack
     * ({@code sigs.k8s.io/x/pkg.(*T).f}), its {@code \t/src/main.go:12 +0x1d}, {@code created by},
     * {@code [signal ...]}, {@code exit status 2}. */
    GO_FRAME,
    /** A PostgreSQL {@code DETAIL:}, {@code HINT:}, {@code STATEMENT:}, {@code CONTEXT:} or {@code QUERY:} line. */
    PG_DETAIL,
    /** An empty or blank line. */
    BLANK,
    /** Any other line that starts with a space or a tab. */
    INDENTED,
    /** Anything else. */
    OTHER;

    private static final Pattern JAVA_FRAME_P = Pattern.compile("^\\s+(?:at [\\w$.<>/@:-]+|\\.\\.\\. \\d+ "
            + "(?:more|common frames omitted))");
    private static final Pattern JAVA_CAUSE_P = Pattern.compile("^\\s*(?:Caused by|Suppressed|Wrapped by): \\S");
    private static final Pattern JAVA_EXCEPTION_P = Pattern.compile("^(?:Exception in thread \"[^\"]*\" )?"
            + "(?:[a-zA-Z_$][\\w$]*\\.)+[\\w$]*(?:Exception|Error|Throwable)(?:: .*|:)?$");
    private static final String PY_HEAD_TEXT = "Traceback (most recent call last):";
    private static final String PY_CHAIN_HANDLING =
            "During handling of the above exception, another exception occurred:";
    private static final String PY_CHAIN_CAUSE = "The above exception was the direct cause of the following exception:";
    private static final Pattern GO_GOROUTINE_P = Pattern.compile("^goroutine \\d+ \\[[^\\]]+\\]:$");
    private static final Pattern GO_FRAME_P = Pattern.compile("^(?:[\\w./*()\\[\\]{}%-]+\\(.*\\)"
            + "|[\\w.-]+(?:/[\\w.@-]+)+\\.[\\w.*()\\[\\]{}-]+"
            + "|created by .+|\\[signal .*\\]|exit status \\d+)$");
    private static final Pattern PG_DETAIL_P = Pattern.compile("\\b(?:DETAIL|HINT|STATEMENT|CONTEXT|QUERY"
            + "|LOCATION):  ?\\S");
    private static final int PG_WINDOW = 120;

    /**
     * The kind of a plain line. Each pattern runs only where the line has what every match of it needs (the
     * exception word of a Java exception line, the parenthesis, slash or keyword of a Go frame, the colon after a
     * PostgreSQL keyword): creating the matchers was most of this method's cost.
     */
    public static LineKind of(String line) {
        if (line.isBlank()) {
            return BLANK;
        }
        char c = line.charAt(0);
        if (c == ' ' || c == '\t') {
            if (JAVA_FRAME_P.matcher(line).lookingAt()) {
                return JAVA_FRAME;
            }
            if (JAVA_CAUSE_P.matcher(line).lookingAt()) {
                return JAVA_CAUSE;
            }
            return c == '\t' && line.contains(".go:") ? GO_FRAME : INDENTED;
        }
        if (line.startsWith(PY_HEAD_TEXT)) {
            return PY_HEAD;
        }
        if (line.startsWith("Caused by: ") || line.startsWith("Suppressed: ")) {
            return JAVA_CAUSE;
        }
        if (line.startsWith("panic: ") || line.startsWith("fatal error: ")) {
            return GO_PANIC;
        }
        if (line.startsWith("goroutine ") && GO_GOROUTINE_P.matcher(line).lookingAt()) {
            return GO_GOROUTINE;
        }
        if (line.startsWith(PY_CHAIN_HANDLING) || line.startsWith(PY_CHAIN_CAUSE)) {
            return PY_CHAIN;
        }
        if (line.indexOf('.') >= 0 && (line.contains("Exception") || line.contains("Error")
                || line.contains("Throwable")) && JAVA_EXCEPTION_P.matcher(line).lookingAt()) {
            return JAVA_EXCEPTION;
        }
        if (mayBeGoFrame(line) && GO_FRAME_P.matcher(line).lookingAt()) {
            return GO_FRAME;
        }
        String head = line.length() > PG_WINDOW ? line.substring(0, PG_WINDOW) : line;
        if (mayBePgDetail(head) && PG_DETAIL_P.matcher(head).find()) {
            return PG_DETAIL;
        }
        return OTHER;
    }

    /**
     * What every match of {@link #GO_FRAME_P} needs: a keyword opening the line, or a parenthesis preceded only by
     * the characters of a call, or a slash in a line without blanks.
     */
    private static boolean mayBeGoFrame(String line) {
        if (line.startsWith("created by ") || line.startsWith("[signal ") || line.startsWith("exit status ")) {
            return true;
        }
        boolean slash = false;
        boolean blank = false;
        boolean call = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (call && c == '(') {
                return true;
            }
            call = call && (isWord(c) || "./*()[]{}%-".indexOf(c) >= 0);
            slash |= c == '/';
            blank |= c == ' ' || c == '\t';
        }
        return slash && !blank;
    }

    /** What every match of {@link #PG_DETAIL_P} needs: {@code ": "} after the last letter of one of its keywords. */
    private static boolean mayBePgDetail(String head) {
        for (int i = head.indexOf(": "); i > 0; i = head.indexOf(": ", i + 1)) {
            if ("LTYN".indexOf(head.charAt(i - 1)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWord(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
}
