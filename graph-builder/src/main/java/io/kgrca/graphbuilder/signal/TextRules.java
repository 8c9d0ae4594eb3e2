package io.kgrca.graphbuilder.signal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Classifies free text (a log message, or an event message whose reason says nothing) by ordered patterns; the
 * first match wins, so specific patterns (a DNS lookup that timed out) come before general ones (a timeout).
 *
 * <p>Status codes are matched only in an HTTP context ({@code status=503}, {@code returned 502},
 * {@code HTTP/1.1 504}, {@code 503 Service Unavailable}): a bare "500" inside an id, a duration or a byte count is
 * not a server error.
 */
final class TextRules {

    private record Rule(Pattern pattern, SignalType type) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE;

    /**
     * Routine lines that contain alarming words: a database shutting down on request, a graceful stop. They are
     * normal operation, never a fault of their own (nor a root cause).
     */
    private static final Pattern ROUTINE = Pattern.compile(
            "terminating connection due to administrator command|the database system is shutting down"
                    + "|received (smart|fast|immediate) shutdown request|shutting down gracefully"
                    + "|graceful(ly)? (shutdown|shutting down|stop)|received signal (15|sigterm|terminated)"
                    + "|exiting on signal|database system is shut down",
            Pattern.CASE_INSENSITIVE);

    private static final List<Rule> RULES = List.of(
            rule("\\b(out of memory|outofmemoryerror|oomkill(ed|ing)?|oom[- ]kill(ed|er)?|cannot allocate memory"
                    + "|memory cgroup out of memory)\\b", SignalType.OOM_KILLED),
            rule("(invalid|bad|malformed|missing) (config|configuration)\\b|\\bconfig(uration)? (error|is invalid)"
                    + "|missing required (config|configuration|env(ironment)? var(iable)?|key|setting|property)"
                    + "|failed to (load|parse|read) (config|configuration)|unknown (config|configuration) (key|option)"
                    + "|createcontainerconfigerror|invalid configuration|unknown directive|failed to bind properties"
                    + "|couldn't find key \\S+ in configmap", SignalType.CONFIG_ERROR),
            rule("mountvolume|failed to (attach|mount)|unable to (attach|mount) volume", SignalType.VOLUME_MOUNT_FAILED),
            rule("failed to pull image|errimagepull|image not found|manifest unknown", SignalType.IMAGE_PULL_FAILED),
            rule("no such host|nxdomain|server misbehaving|temporary failure in name resolution"
                    + "|name or service not known|could not resolve host|dns (lookup|resolution|query) (failed|error|timed out)"
                    + "|lookup \\S+ on \\S+:53\\b|could not be resolved|getaddrinfo (enotfound|eai_again)"
                    + "|unknownhostexception", SignalType.DNS_FAILURE),
            rule("x509:|certificate (has )?expired|certificate verify failed|tls: (bad certificate|handshake failure)"
                    + "|ssl handshake failed|unable to verify the first certificate|self[- ]signed certificate"
                    + "|certificate is not (yet )?valid|sslhandshakeexception", SignalType.CERTIFICATE_INVALID),
            rule("no space left on device|disk (is )?full|disk quota exceeded|not enough space on the disk",
                    SignalType.DISK_FULL),
            rule("too many (clients|connections)|remaining connection slots are reserved|pool (is )?exhausted"
                    + "|connection is not available, request timed out|queuepool limit|max(imum)? number of clients"
                    + "|max_connections|connection pool (is )?full|resource exhausted|exceeded quota"
                    + "|could not obtain (a )?connection|timeout waiting for (a )?(free )?connection",
                    SignalType.RESOURCE_EXHAUSTED),
            rule("slow (query|request|response|operation|log)|lock wait timeout|query (took|exceeded)"
                    + "|(took|latency of|duration of) \\d+(\\.\\d+)? ?(ms|s|sec|seconds)\\b.*(slow|exceed|threshold)"
                    + "|duration: \\d{4,}(\\.\\d+)? ms|checkpoints are occurring too frequently"
                    + "|fsync is taking too long|latency (is )?(high|increas)|response time (is )?(high|increas)",
                    SignalType.DEPENDENCY_SLOW),
            rule("connection refused|connection reset|econnrefused|econnreset|no route to host|broken pipe"
                    + "|connection (was )?(closed|lost|aborted)|disconnected from|broker may not be available"
                    + "|could not be established", SignalType.CONNECTION_REFUSED),
            rule("\\b(status|status[_ ]?code|http status|response code)[ :=]*\"?5\\d\\d\\b"
                    + "|\\b(returned|got|received|responded with|upstream returned) (status |an? |http )?5\\d\\d\\b"
                    + "|\\bhttp/\\d(\\.\\d)? 5\\d\\d\\b"
                    + "|\\b(internal server error|bad gateway|service unavailable|gateway time-?out)\\b",
                    SignalType.HTTP_5XX),
            rule("liveness probe failed|startup probe failed|failed liveness probe", SignalType.LIVENESS_FAILED),
            rule("readiness probe failed", SignalType.READINESS_FAILED),
            rule("crashloopbackoff|back-off restarting failed container", SignalType.CRASH_LOOP),
            rule("\\btimed? ?out\\b|\\btimeout\\b|deadline exceeded|etimedout", SignalType.TIMEOUT),
            rule("\\bpanic:|segmentation fault|core dumped|unhandled exception", SignalType.FATAL_ERROR));

    private TextRules() {
    }

    private static Rule rule(String regex, SignalType type) {
        return new Rule(Pattern.compile(regex, FLAGS), type);
    }

    /** True for routine lines that only sound alarming (a requested shutdown). */
    static boolean routine(String text) {
        return text != null && ROUTINE.matcher(text).find();
    }

    /** The type of the first rule that matches {@code text}, if any; {@code NORMAL} for a routine line. */
    static Optional<SignalType> classify(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (routine(text)) {
            return Optional.of(SignalType.NORMAL);
        }
        for (Rule r : RULES) {
            if (r.pattern().matcher(text).find()) {
                return Optional.of(r.type());
            }
        }
        return Optional.empty();
    }
}
