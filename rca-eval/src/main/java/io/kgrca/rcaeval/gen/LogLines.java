package io.kgrca.rcaeval.gen;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Log lines in the formats of real programs (Go logfmt and zap JSON, Spring Boot, Node pino, Python logging, nginx
 * access and error logs, PostgreSQL, MySQL, Redis, CoreDNS), several phrasings per symptom, drawn at random.
 */
final class LogLines {

    /** What a caller experiences when calling a dependency. */
    enum Symptom { TIMEOUT, REFUSED, HTTP_5XX, DNS, X509, POOL }

    private static final DateTimeFormatter PG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NGX_ERR = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NGX_ACC = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss '+0000'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter REDIS = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Random rng;

    LogLines(Random rng) {
        this.rng = rng;
    }

    /** An ordinary request line (INFO, or an access log entry). */
    String request(Cluster.Service s, Instant at, int status) {
        String path = Words.pick(rng, Words.PATHS);
        int ms = Words.between(rng, 2, 90);
        return switch (s.flavour) {
            case "nginx" -> access(at, path, status);
            case "java" -> spring(at, status >= 400 ? "WARN" : "INFO", "o.s.web.servlet.DispatcherServlet",
                    "Completed " + status + " " + (status == 404 ? "NOT_FOUND" : "OK") + " for GET \"" + path + "\"");
            case "node" -> "{\"level\":30,\"time\":" + at.toEpochMilli() + ",\"pid\":1,\"hostname\":\"" + s.name
                    + "\",\"req\":{\"method\":\"GET\",\"url\":\"" + path + "\"},\"res\":{\"statusCode\":" + status
                    + "},\"responseTime\":" + ms + ",\"msg\":\"request completed\"}";
            case "python" -> "INFO:     10.244.0." + Words.between(rng, 2, 250) + ":" + Words.between(rng, 30000, 60000)
                    + " - \"GET " + path + " HTTP/1.1\" " + status + (status == 404 ? " Not Found" : " OK");
            default -> rng.nextBoolean()
                    ? "{\"level\":\"info\",\"ts\":" + at.getEpochSecond() + "." + Words.between(rng, 100, 999)
                    + ",\"caller\":\"http/server.go:88\",\"msg\":\"request\",\"method\":\"GET\",\"path\":\"" + path
                    + "\",\"status\":" + status + ",\"duration_ms\":" + ms + "}"
                    : "time=\"" + at + "\" level=info msg=\"handled request\" method=GET path=" + path + " status="
                    + status + " duration=" + ms + "ms";
        };
    }

    /** The caller's error when calling {@code host} (an address the caller uses for the dependency). */
    String callError(Cluster.Service caller, String host, int port, Symptom symptom, Instant at) {
        String target = host.contains(":") ? host : host + ":" + port;
        String url = "http://" + target + Words.pick(rng, Words.PATHS);
        return switch (caller.flavour) {
            case "nginx" -> nginxError(at, host, port, symptom);
            case "java" -> spring(at, "ERROR", Words.pick(rng, List.of("c.a.client.UpstreamClient",
                    "o.a.c.c.C.[.[.[/].[dispatcherServlet]", "c.a.repo.OrderRepository")), javaError(host, target, url,
                    symptom));
            case "node" -> "{\"level\":50,\"time\":" + at.toEpochMilli() + ",\"msg\":\"upstream call failed\","
                    + "\"err\":{\"type\":\"Error\",\"message\":\"" + nodeError(host, target, symptom) + "\"}}";
            case "python" -> PY.format(at) + " ERROR [app.clients] " + pythonError(host, port, url, symptom);
            default -> goError(at, host, target, url, symptom);
        };
    }

    private String goError(Instant at, String host, String target, String url, Symptom s) {
        String err = switch (s) {
            case TIMEOUT -> Words.pick(rng, List.of("Get \\\"" + url + "\\\": context deadline exceeded",
                    "dial tcp " + target + ": i/o timeout",
                    "Get \\\"" + url + "\\\": net/http: request canceled (Client.Timeout exceeded while awaiting headers)"));
            case REFUSED -> "dial tcp " + target + ": connect: connection refused";
            case HTTP_5XX -> "unexpected status " + Words.pick(rng, List.of(502, 503, 504)) + " from " + url;
            case DNS -> Words.pick(rng, List.of("dial tcp: lookup " + host.replaceAll(":\\d+$", "")
                    + " on 10.96.0.10:53: no such host", "dial tcp: lookup " + host.replaceAll(":\\d+$", "")
                    + " on 10.96.0.10:53: read udp 10.244.1.7:41234->10.96.0.10:53: i/o timeout"));
            case X509 -> "Get \\\"" + url.replace("http:", "https:") + "\\\": tls: failed to verify certificate: x509: "
                    + "certificate has expired or is not yet valid: current time " + at + " is after "
                    + at.minusSeconds(Words.between(rng, 60, 7200));
            case POOL -> Words.pick(rng, List.of("pq: sorry, too many clients already",
                    "Error 1040: Too many connections", "failed to connect to `host=" + host
                    + "`: server error (FATAL: sorry, too many clients already (SQLSTATE 53300))"));
        };
        return rng.nextBoolean()
                ? "time=\"" + at + "\" level=error msg=\"request failed\" error=\"" + err + "\""
                : "{\"level\":\"error\",\"ts\":" + at.getEpochSecond() + ".5,\"msg\":\"call failed\",\"error\":\""
                + err + "\"}";
    }

    private String javaError(String host, String target, String url, Symptom s) {
        return switch (s) {
            case TIMEOUT -> Words.pick(rng, List.of("I/O error on GET request for \"" + url
                    + "\": Read timed out", "java.net.SocketTimeoutException: Connect timed out",
                    "io.netty.handler.timeout.ReadTimeoutException: null (calling " + url + ")"));
            case REFUSED -> "I/O error on GET request for \"" + url + "\": Connection refused; nested exception is "
                    + "java.net.ConnectException: Connection refused";
            case HTTP_5XX -> "org.springframework.web.client.HttpServerErrorException$ServiceUnavailable: 503 Service "
                    + "Unavailable: [no healthy upstream] from " + url;
            case DNS -> "java.net.UnknownHostException: " + host.replaceAll(":\\d+$", "")
                    + ": Temporary failure in name resolution";
            case X509 -> "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
                    + "java.security.cert.CertPathValidatorException: validity check failed (" + target + ")";
            case POOL -> Words.pick(rng, List.of("HikariPool-1 - Connection is not available, request timed out after "
                    + "30000ms.", "org.postgresql.util.PSQLException: FATAL: sorry, too many clients already",
                    "java.sql.SQLNonTransientConnectionException: Data source rejected establishment of connection,  "
                    + "message from server: \"Too many connections\""));
        };
    }

    private String nodeError(String host, String target, Symptom s) {
        String ip = "10.96." + Words.between(rng, 0, 250) + "." + Words.between(rng, 1, 250);
        return switch (s) {
            case TIMEOUT -> Words.pick(rng, List.of("connect ETIMEDOUT " + ip + ":" + target.replaceAll(".*:", ""),
                    "timeout of 5000ms exceeded (" + target + ")"));
            case REFUSED -> "connect ECONNREFUSED " + ip + ":" + target.replaceAll(".*:", "") + " (" + host + ")";
            case HTTP_5XX -> "Request failed with status code " + Words.pick(rng, List.of(502, 503, 504)) + " ("
                    + target + ")";
            case DNS -> "getaddrinfo " + Words.pick(rng, List.of("EAI_AGAIN", "ENOTFOUND")) + " "
                    + host.replaceAll(":\\d+$", "");
            case X509 -> "certificate has expired (CERT_HAS_EXPIRED) connecting to " + target;
            case POOL -> Words.pick(rng, List.of("sorry, too many clients already",
                    "Timed out fetching a new connection from the connection pool (" + target + ")"));
        };
    }

    private String pythonError(String host, int port, String url, Symptom s) {
        String h = host.replaceAll(":\\d+$", "");
        return switch (s) {
            case TIMEOUT -> "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='" + h + "', port=" + port
                    + "): Read timed out. (read timeout=5)";
            case REFUSED -> "requests.exceptions.ConnectionError: HTTPConnectionPool(host='" + h + "', port=" + port
                    + "): Max retries exceeded with url: / (Caused by NewConnectionError('Failed to establish a new "
                    + "connection: [Errno 111] Connection refused'))";
            case HTTP_5XX -> "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: " + url;
            case DNS -> "socket.gaierror: [Errno -3] Temporary failure in name resolution (" + h + ")";
            case X509 -> "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                    + "certificate has expired (_ssl.c:1006) host=" + h;
            case POOL -> Words.pick(rng, List.of("sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 "
                    + "reached, connection timed out, timeout 30.00", "psycopg2.OperationalError: connection to server at \""
                    + h + "\", port " + port + " failed: FATAL:  sorry, too many clients already"));
        };
    }

    private String nginxError(Instant at, String host, int port, Symptom s) {
        String upstream = "http://10.244." + Words.between(rng, 0, 15) + "." + Words.between(rng, 2, 250) + ":" + port;
        String head = NGX_ERR.format(at) + " [error] 29#29: *" + Words.between(rng, 1000, 99999) + " ";
        String tail = ", client: 10.0.0." + Words.between(rng, 2, 250) + ", server: _, request: \"GET "
                + Words.pick(rng, Words.PATHS) + " HTTP/1.1\", upstream: \"" + upstream + "\", host: \"" + host + "\"";
        return switch (s) {
            case TIMEOUT, POOL, HTTP_5XX -> head + "upstream timed out (110: Connection timed out) while reading "
                    + "response header from upstream" + tail;
            case REFUSED -> head + "connect() failed (111: Connection refused) while connecting to upstream" + tail;
            case DNS -> head + host.replaceAll(":\\d+$", "") + " could not be resolved (2: Server failure)" + tail;
            case X509 -> head + "upstream SSL certificate verify error: (10:certificate has expired) while SSL "
                    + "handshaking to upstream" + tail;
        };
    }

    /** An nginx access log entry. */
    String access(Instant at, String path, int status) {
        return "10.0.0." + Words.between(rng, 2, 250) + " - - [" + NGX_ACC.format(at) + "] \"GET " + path
                + " HTTP/1.1\" " + status + " " + Words.between(rng, 100, 9000) + " \"-\" \"Mozilla/5.0\" "
                + Words.between(rng, 300, 900) + " 0." + Words.between(rng, 100, 999);
    }

    /** A Spring Boot console line. */
    String spring(Instant at, String level, String logger, String message) {
        return at + " " + String.format("%5s", level) + " 1 --- [nio-8080-exec-" + Words.between(rng, 1, 10) + "] "
                + logger + " : " + message;
    }

    /** A PostgreSQL line at {@code level} (LOG, WARNING, ERROR, FATAL, PANIC). */
    String postgres(Instant at, String level, String message) {
        return PG.format(at) + " [" + Words.between(rng, 100, 9999) + "] " + level + ":  " + message;
    }

    /** A MySQL 8 error log line. */
    String mysql(Instant at, String level, String code, String message) {
        return at.toString().replace("Z", "000Z") + " " + Words.between(rng, 8, 60) + " [" + level + "] [" + code
                + "] [Server] " + message;
    }

    /** A Redis line with its role and level marker. */
    String redis(Instant at, char marker, String message) {
        return "1:M " + REDIS.format(at) + " " + marker + " " + message;
    }

    /** A line at the application's own ERROR/FATAL level. */
    String appLevel(Cluster.Service s, Instant at, String level, String message) {
        return switch (s.flavour) {
            case "java" -> spring(at, level, "c.a.Application", message);
            case "node" -> "{\"level\":" + ("FATAL".equals(level) ? 60 : "WARN".equals(level) ? 40 : 50) + ",\"time\":"
                    + at.toEpochMilli() + ",\"msg\":\"" + message.replace("\"", "\\\"") + "\"}";
            case "python" -> PY.format(at) + " " + ("FATAL".equals(level) ? "CRITICAL" : level) + " [app] " + message;
            default -> "time=\"" + at + "\" level=" + level.toLowerCase(Locale.ROOT) + " msg=\""
                    + message.replace("\"", "\\\"") + "\"";
        };
    }
}
