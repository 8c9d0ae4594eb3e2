package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The host names a pod's containers are configured to reach, found in the <em>plain</em> {@code value} of their
 * environment variables (never in {@code valueFrom}, so never in a Secret): the host of a URL
 * ({@code postgres://u:p@db:5432/x} gives {@code db}), the host of a {@code host:port} token, a DNS name with a dot
 * ({@code redis.cache.svc.cluster.local}), and the bare value of a variable whose name ends with {@code _HOST},
 * {@code _ADDR}, {@code _URL}, ... ({@code DB_HOST=postgres} gives {@code postgres}).
 *
 * <p>Only a host is ever kept, never a whole value, user info, path or query. To keep secrets out even when they are
 * put in plain values: variables whose name says they hold a secret ({@code PASSWORD}, {@code TOKEN}, ...) are
 * skipped, a host must be a lower-case RFC 1123 name or an IPv4 address, a URL whose authority cannot be parsed
 * unambiguously gives nothing, and loopback and wildcard addresses are dropped. At most {@link #MAX} hosts,
 * sorted.
 */
final class EnvHosts {

    /** At most this many hosts per pod. */
    static final int MAX = 20;
    private static final int MAX_VALUE = 4096;
    private static final List<String> HOST_SUFFIXES = List.of("_HOST", "_HOSTNAME", "_ADDR", "_SERVICE", "_URL",
            "_URI", "_ENDPOINT", "_SERVER", "_BROKERS");
    private static final Pattern SENSITIVE_NAME = Pattern.compile(
            ".*(PASS|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|_KEY$|^KEY$|SALT|CERT).*");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern HOST_PORT = Pattern.compile("([a-z0-9.-]+):\\d{1,5}(/.*)?");
    private static final Set<String> FILE_EXTENSIONS = Set.of("yaml", "yml", "json", "xml", "properties", "conf",
            "cfg", "ini", "toml", "txt", "log", "jar", "war", "sh", "py", "js", "pem", "crt", "key", "html", "sql",
            "gz", "zip", "tar", "so", "class", "java", "csv", "env", "lock", "pid", "sock", "db");
    private static final String TRIM = "\"'[](){}<>";

    private EnvHosts() {
    }

    /** The hosts named in the plain env values of {@code containers}: sorted, unique, at most {@link #MAX}. */
    static List<String> of(List<Container> containers) {
        Set<String> hosts = new TreeSet<>();
        for (Container c : containers) {
            if (c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        hosts.addAll(fromVariable(e.getName(), e.getValue()));
                    }
                }
            }
        }
        return hosts.stream().limit(MAX).toList();
    }

    /** The hosts in one variable's plain value. */
    static Set<String> fromVariable(String name, String value) {
        Set<String> hosts = new TreeSet<>();
        if (value == null || value.isBlank()) {
            return hosts;
        }
        String upper = name == null ? "" : name.toUpperCase(Locale.ROOT);
        if (SENSITIVE_NAME.matcher(upper).matches()) {
            return hosts;
        }
        boolean hostNamed = HOST_SUFFIXES.stream().anyMatch(upper::endsWith);
        String bounded = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
        for (String raw : SEPARATORS.split(bounded.trim())) {
            String host = hostOf(trim(raw), hostNamed);
            if (host != null && !local(host)) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    private static String hostOf(String token, boolean hostNamed) {
        if (token.isEmpty()) {
            return null;
        }
        int scheme = token.indexOf("://");
        if (scheme > 0) {
            return urlHost(token.substring(scheme + 3));
        }
        var hostPort = HOST_PORT.matcher(token);
        if (hostPort.matches()) {
            return validHost(hostPort.group(1)) ? hostPort.group(1) : null;
        }
        if (hostNamed && (validHost(token))) {
            return token;
        }
        return dnsName(token) ? token : null;
    }

    /** The host of a URL's remainder after {@code scheme://}; null when user info makes it ambiguous. */
    private static String urlHost(String rest) {
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        if (rest.indexOf('@') >= 0 && authority.indexOf('@') < 0) {
            // An '@' after a '/', '?' or '#': user info holding such characters; the host cannot be told apart.
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            return null;
        }
        int colon = hostPort.indexOf(':');
        String host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
        return validHost(host) ? host : null;
    }

    /** A dotted DNS name that is not a number, a version or a file name. */
    private static boolean dnsName(String token) {
        int dot = token.lastIndexOf('.');
        if (dot <= 0 || !validHost(token) || IPV4.matcher(token).matches()) {
            return false;
        }
        String last = token.substring(dot + 1);
        return last.chars().allMatch(Character::isLetter) && !FILE_EXTENSIONS.contains(last);
    }

    static boolean validHost(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (IPV4.matcher(host).matches()) {
            return true;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean local(String host) {
        return host.equals("localhost") || host.equals("0.0.0.0") || host.startsWith("127.");
    }

    private static String trim(String token) {
        int from = 0;
        int to = token.length();
        while (from < to && TRIM.indexOf(token.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && TRIM.indexOf(token.charAt(to - 1)) >= 0) {
            to--;
        }
        return token.substring(from, to);
    }
}
