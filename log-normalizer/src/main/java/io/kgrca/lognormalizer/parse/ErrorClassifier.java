package io.kgrca.lognormalizer.parse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * Pure: the class of error a text reports, or null. Rules are tried in order, most specific first, so that
 * {@code java.net.ConnectException: Connection refused} is {@code CONNECTION_REFUSED} rather than
 * {@code EXCEPTION}, and a Go nil-pointer panic is a {@code PANIC}. HTTP 5xx is recognised only where a status
 * code stands (an access-log status field, {@code status=503}, {@code 502 Bad Gateway}), never from any number
 * containing 500.
 *
 * <p>Most lines match no rule, and fifteen case-insensitive patterns over every line were the log-normalizer's
 * largest cost; so each rule also names its cues, lower-case literals at least one of which every match of its
 * pattern contains. A rule's pattern runs only when the lower-cased text holds one of its cues.
 */
public final class ErrorClassifier {

    /** An error class and the pattern that recognises it. */
    private record Rule(String type, Pattern pattern) {
    }

    private static final int CI = Pattern.CASE_INSENSITIVE;

    private static final List<Rule> RULES = List.of(
            new Rule("OOM", Pattern.compile("OutOfMemoryError|out of memory|OOMKill|oom-kill|\\bOOM\\b"
                    + "|Cannot allocate memory|memory limit (?:exceeded|reached)|\\bMemoryError\\b"
                    + "|JavaScript heap out of memory|fatal error: runtime: out of memory|\\bJava heap space\\b"
                    + "|killed as a result of limit of|\\bKilled process \\d+ \\([^)]*\\) total-vm", CI)),
            new Rule("PANIC", Pattern.compile("(?:^|\\s)panic: |goroutine \\d+ \\[running\\]|^fatal error: "
                    + "|thread '[^']*' panicked at")),
            new Rule("DISK_FULL", Pattern.compile("No space left on device|\\bENOSPC\\b|disk (?:is )?full"
                    + "|disk quota exceeded|could not extend file|not enough space on the disk", CI)),
            new Rule("RESOURCE_EXHAUSTED", Pattern.compile("Connection is not available, request timed out"
                    + "|remaining connection slots are reserved|QueuePool limit of size|too many clients"
                    + "|too many connections|max(?:imum)? number of clients reached"
                    + "|\\bpool (?:is |was |has been )?(?:exhausted|full)\\b|Timeout waiting for idle object"
                    + "|\\bresource[_ ]?exhausted\\b", CI)),
            new Rule("SHUTDOWN", Pattern.compile("terminating connection due to administrator command"
                    + "|database system is shut(?:ting)? down|received (?:smart|fast|immediate) shutdown request"
                    + "|scheduling shutdown|User requested shutdown|ready to exit, bye bye", CI)),
            new Rule("TLS", Pattern.compile("\\bx509: |certificate (?:has expired|is not valid|verify failed"
                    + "|signed by unknown authority|required)|SSLHandshakeException|SSL routines"
                    + "|\\b(?:TLS|SSL) handshake|tls: |handshake failure|PKIX path|SSL_ERROR"
                    + "|unable to verify the first certificate|SSL: CERTIFICATE_VERIFY_FAILED", CI)),
            new Rule("DNS_FAILURE", Pattern.compile("no such host|\\bNXDOMAIN\\b|\\bSERVFAIL\\b"
                    + "|Name or service not known|Temporary failure in name resolution|UnknownHostException"
                    + "|could not resolve host|getaddrinfo|nodename nor servname|lookup \\S+ on \\S+:53"
                    + "|could not translate host name|Name does not resolve|could not be resolved|\\bhost not found\\b"
                    + "|while resolving, resolver|->\\S+:53: |\\b\\d{1,3}(?:\\.\\d{1,3}){3}:53: |\\]:53: ", CI)),
            new Rule("CONNECTION_REFUSED", Pattern.compile("connection refused|\\bECONNREFUSED\\b"
                    + "|ConnectException|Connection to \\S+ refused|actively refused", CI)),
            new Rule("CONNECTION_RESET", Pattern.compile("connection reset|\\bECONNRESET\\b|broken pipe"
                    + "|\\bEPIPE\\b|upstream prematurely closed|unexpected EOF|Connection closed by peer"
                    + "|server closed the connection unexpectedly", CI)),
            new Rule("NETWORK_UNREACHABLE", Pattern.compile("No route to host|Network is unreachable"
                    + "|\\bEHOSTUNREACH\\b|\\bENETUNREACH\\b|Host is unreachable", CI)),
            new Rule("NETWORK", Pattern.compile("(?:Broker|Node) may not be available|Disconnect(?:ed|ing) from node"
                    + "|due to node \\S+ being disconnected|run out of available brokers"
                    + "|\\bconnection (?:to (?:the )?\\S+ )?(?:was |has been |is )?lost\\b|\\blost (?:the )?connection\\b"
                    + "|AMQPConnectionError|StreamLostError|ConnectionClosedByBroker"
                    + "|unexpectedly closed TCP connection|Channel shutdown: connection error", CI)),
            new Rule("CONFIG", Pattern.compile("invalid configuration|configuration (?:error|is invalid)"
                    + "|config(?:uration)? (?:file )?\\S+ (?:contains errors|is not valid|test failed)"
                    + "|unknown directive|directive is (?:not allowed here|duplicate)"
                    + "|unknown configuration (?:key|option|parameter|setting|field)"
                    + "|unrecognized configuration parameter|Failed to bind properties"
                    + "|missing required (?:[\\w.-]+ ){0,3}?(?:key|env|environment variable|config|configuration"
                    + "|setting|option|property|parameter|field)\\b"
                    + "|required (?:env(?:ironment)? variable|config(?:uration)? key|key) \\S+ (?:is )?(?:missing"
                    + "|not set|not defined)|Could not resolve placeholder"
                    + "|(?:error|failed to) (?:loading|parsing|reading|load|parse|read) config", CI)),
            new Rule("TIMEOUT", Pattern.compile("timed out|\\btime out\\b|timeout (?:exceeded|expired|error"
                    + "|occurred|while|waiting|after)|(?:i/o|read|write|connect|connection|request|context|socket"
                    + "|operation|gateway|idle|worker|statement|lock) timeout|deadline exceeded|DeadlineExceeded"
                    + "|\\bETIMEDOUT\\b|Timeout(?:Error|Exception)|Timeout: ", CI)),
            new Rule("HTTP_5XX", Pattern.compile("\\bHTTP/[\\d.]+\"? 5\\d\\d\\b"
                    + "|\\bstatus(?:[_ ]?code)?[=:\"' ]+5\\d\\d\\b|\\b5\\d\\d (?:Internal Server Error|Bad Gateway"
                    + "|Service Unavailable|Gateway Time-?out)|\\bcode=5\\d\\d\\b", CI)),
            new Rule("AUTH_FAILURE", Pattern.compile("permission denied|unauthori[sz]ed|\\bforbidden\\b"
                    + "|authentication failed|access denied|invalid credentials|password authentication", CI)),
            new Rule("DATABASE_ERROR", Pattern.compile("deadlock (?:detected|found)"
                    + "|could not serialize access|duplicate key value violates"
                    + "|relation \"[^\"]*\" does not exist|SQLException|PSQLException"
                    + "|database system is (?:starting up|in recovery|not yet accepting)"
                    + "|lock wait timeout", CI)),
            new Rule("NULL_POINTER", Pattern.compile("NullPointerException|nil pointer dereference"
                    + "|'NoneType' object|Cannot read propert(?:y|ies) of (?:undefined|null)"
                    + "|null reference|undefined is not")),
            new Rule("CRASH", Pattern.compile("segmentation fault|\\bSIGSEGV\\b|core dumped|\\bSIGABRT\\b"
                    + "|Aborted \\(core|CrashLoopBackOff|restarting failed container|\\bgot signal (?:6|11)\\b"
                    + "|terminated by signal (?:6|11)\\b", CI)),
            new Rule("SLOW", Pattern.compile("\\bslow (?:query|queries|request|requests|operation|statement"
                    + "|response|fdatasync|fsync|commit)\\b|\\bQuery_time: |checkpoints are occurring too frequently"
                    + "|is taking too long|took too long|(?:took|taking) longer than"
                    + "|\\bduration: [1-9]\\d{3,}(?:\\.\\d+)? ms\\b"
                    + "|\\btook (?:\\d+h)?(?:\\d+m)?[1-9]\\d*(?:\\.\\d+)? ?(?:s|secs?|seconds?)\\b"
                    + "|\\btook (?:\\d+h)?[1-9]\\d*m\\d+(?:\\.\\d+)?s\\b|\\btook [1-9]\\d{3,}(?:\\.\\d+)? ?ms\\b", CI)),
            new Rule("EXCEPTION", Pattern.compile("\\b[A-Z]\\w*Exception:|\\b[A-Z]\\w*Error:"
                    + "|\\b[A-Z]\\w*Exception$|\\b[A-Z]\\w*Error$"
                    + "|Traceback \\(most recent call last\\)|^\\s*at [\\w$.<>]+\\(.*\\)$|^Caused by: "
                    + "|Exception in thread|\\bthrew exception\\b|Unhandled exception|uncaught exception", CI)));

    /**
     * For each rule, literals one of which (lower-case) is in every text its pattern matches; a cue that starts
     * with {@code ^} must open the text, after blanks (EXCEPTION's {@code ^\s*at ...} frame alternative).
     */
    private static final Map<String, List<String>> CUES = Map.ofEntries(
            Map.entry("OOM", List.of("oom", "out of memory", "outofmemory", "cannot allocate memory", "memory limit",
                    "memoryerror", "java heap space", "killed as a result of limit", "killed process ")),
            Map.entry("PANIC", List.of("panic: ", "goroutine ", "fatal error: ", "panicked at")),
            Map.entry("DISK_FULL", List.of("no space left", "enospc", "disk", "could not extend file",
                    "not enough space")),
            Map.entry("RESOURCE_EXHAUSTED", List.of("connection is not available", "remaining connection slots",
                    "queuepool limit", "too many clients", "too many connections", "number of clients reached",
                    "pool ", "waiting for idle object", "exhausted")),
            Map.entry("SHUTDOWN", List.of("administrator command", "database system is shut", "shutdown request",
                    "scheduling shutdown", "requested shutdown", "ready to exit")),
            Map.entry("TLS", List.of("x509", "certificate", "ssl", "handshake", "tls", "pkix")),
            Map.entry("DNS_FAILURE", List.of("no such host", "nxdomain", "servfail", "name or service not known",
                    "name resolution", "unknownhost", "resolve host", "getaddrinfo", "nodename nor servname", "lookup ",
                    "translate host name", "name does not resolve", "could not be resolved", "host not found",
                    "while resolving", ":53: ")),
            Map.entry("CONNECTION_REFUSED", List.of("refused", "connectexception")),
            Map.entry("CONNECTION_RESET", List.of("connection reset", "econnreset", "broken pipe", "epipe",
                    "prematurely closed", "unexpected eof", "closed by peer", "closed the connection unexpectedly")),
            Map.entry("NETWORK_UNREACHABLE", List.of("no route to host", "unreach")),
            Map.entry("NETWORK", List.of("may not be available", "from node", "being disconnected",
                    "available brokers", "lost", "amqpconnectionerror", "streamlosterror", "connectionclosedbybroker",
                    "unexpectedly closed tcp", "channel shutdown")),
            Map.entry("CONFIG", List.of("config", "directive", "bind properties", "required ", "placeholder")),
            Map.entry("TIMEOUT", List.of("timed out", "time out", "timeout", "deadline", "etimedout")),
            Map.entry("HTTP_5XX", List.of("http/", "status", "internal server error", "bad gateway",
                    "service unavailable", "gateway time", "code=")),
            Map.entry("AUTH_FAILURE", List.of("permission denied", "unauthori", "forbidden", "authentication failed",
                    "access denied", "invalid credentials", "password authentication")),
            Map.entry("DATABASE_ERROR", List.of("deadlock", "could not serialize access", "duplicate key value",
                    "does not exist", "sqlexception", "database system is", "lock wait timeout")),
            Map.entry("NULL_POINTER", List.of("nullpointerexception", "nil pointer dereference", "'nonetype' object",
                    "cannot read propert", "null reference", "undefined is not")),
            Map.entry("CRASH", List.of("segmentation fault", "sigsegv", "core dumped", "sigabrt", "aborted (core",
                    "crashloopbackoff", "restarting failed container", "got signal", "terminated by signal")),
            Map.entry("SLOW", List.of("slow ", "query_time", "checkpoints are occurring", "too long", "longer than",
                    "duration: ", "took ")),
            Map.entry("EXCEPTION", List.of("exception", "error", "traceback", "^at ", "caused by")));

    /** The literals of every cue and of every rule's alternatives, looked for in one pass over a text. */
    private static final LiteralSet.Builder LITERAL_IDS = new LiteralSet.Builder();
    private static final GatedRegex[] GATED = RULES.stream()
            .map(r -> new GatedRegex(r.pattern().pattern(), r.pattern().flags(), LITERAL_IDS))
            .toArray(GatedRegex[]::new);
    private static final int[][] CUE_IDS = RULES.stream()
            .map(r -> CUES.get(r.type()).stream().filter(c -> c.charAt(0) != '^').mapToInt(LITERAL_IDS::add).toArray())
            .toArray(int[][]::new);
    private static final String[][] ANCHORED_CUES = RULES.stream()
            .map(r -> CUES.get(r.type()).stream().filter(c -> c.charAt(0) == '^').map(c -> c.substring(1))
                    .toArray(String[]::new))
            .toArray(String[][]::new);
    private static final LiteralSet LITERALS = LITERAL_IDS.build();

    private static final Set<String> CRITICAL = Set.of("OOM", "PANIC", "CRASH", "DISK_FULL");

    /** The class of routine shutdown lines: a mark, not a failure (severity at most WARNING). */
    public static final String SHUTDOWN = "SHUTDOWN";
    /** The class of slow operations: a degradation signal at any level, forwarded whatever its severity. */
    public static final String SLOW = "SLOW";
    /** The class of a generic exception, the least specific class. */
    public static final String EXCEPTION = "EXCEPTION";

    static {
        if (!CUES.keySet().equals(Set.copyOf(types()))) {
            throw new IllegalStateException("every error rule needs its cues: " + CUES.keySet() + " vs " + types());
        }
    }

    private ErrorClassifier() {
    }

    /**
     * The first class whose rule matches {@code text}, or null. A rule's pattern runs only when the text holds one
     * of the rule's cues, and then alternative by alternative, each only when the text holds what every match of
     * it contains ({@link GatedRegex}); the literals of both are found in one pass ({@link LiteralSet}).
     */
    public static String classify(CharSequence text) {
        String lower = text.toString().toLowerCase(Locale.ROOT);
        boolean[] hits = LITERALS.in(lower);
        for (int i = 0; i < GATED.length; i++) {
            String type = RULES.get(i).type();
            if (hasCue(lower, hits, i) && GATED[i].find(text, lower, hits)) {
                return type;
            }
        }
        return null;
    }

    /** The rules' types and whole patterns, for the equivalence test. */
    static Map<String, Pattern> patterns() {
        Map<String, Pattern> out = new LinkedHashMap<>();
        RULES.forEach(r -> out.put(r.type(), r.pattern()));
        return out;
    }

    private static boolean hasCue(String lower, boolean[] hits, int rule) {
        for (int id : CUE_IDS[rule]) {
            if (hits[id]) {
                return true;
            }
        }
        for (String cue : ANCHORED_CUES[rule]) {
            if (opensWith(lower, cue)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code lower} starts with {@code cue} after blanks ({@code \s*}), as {@code ^\s*at } needs. */
    private static boolean opensWith(String lower, String cue) {
        int i = 0;
        while (i < lower.length() && " \t\n\u000B\f\r".indexOf(lower.charAt(i)) >= 0) {
            i++;
        }
        return lower.startsWith(cue, i);
    }

    /** True for classes that mean a component failed (OOM, panic, crash, full disk): severity CRITICAL. */
    public static boolean isCritical(String type) {
        return type != null && CRITICAL.contains(type);
    }

    /** True for the routine shutdown mark ({@link #SHUTDOWN}): its severity is capped at WARNING. */
    public static boolean isRoutine(String type) {
        return SHUTDOWN.equals(type);
    }

    /** True for degradation classes ({@link #SLOW}): forwarded whatever their severity. */
    public static boolean isDegradation(String type) {
        return SLOW.equals(type);
    }

    /** True for a class more telling than {@link #EXCEPTION}. */
    public static boolean isSpecific(String type) {
        return type != null && !EXCEPTION.equals(type);
    }

    /** Every class this classifier can return, in rule order. */
    public static List<String> types() {
        return RULES.stream().map(Rule::type).toList();
    }
}
