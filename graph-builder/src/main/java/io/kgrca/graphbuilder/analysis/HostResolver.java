package io.kgrca.graphbuilder.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the services and pods a text or an environment names, in any of the forms callers use: the cluster DNS
 * name ({@code db.shop.svc.cluster.local}, {@code db.shop.svc}), a headless pod name ({@code db-0.db.shop.svc}),
 * {@code <service>.<namespace>}, a short name in the caller's namespace ({@code db}, {@code db:5432},
 * {@code postgres://db:5432/x}), or an IP address (a service's cluster IP or a pod's IP). Pure.
 *
 * <p>A short name counts only when it is the name of a service of the caller's namespace (or of exactly one
 * namespace), and, written bare, only in a host context: with a port, after {@code ://} or {@code @}, in quotes,
 * or after a word such as "to", "host", "upstream", "server", "dial tcp". No rule knows any particular name.
 */
public final class HostResolver {

    /** At most this many references per text: a line naming more is a dump, not a dependency. */
    static final int MAX_REFERENCES = 5;

    private static final Pattern HOST = Pattern.compile(
            "(?<![a-z0-9_.-])([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)"
                    + "(:[0-9]{1,5})?(?![a-z0-9_-])");
    private static final Pattern CONTEXT_BEFORE = Pattern.compile(
            "(?:://|@|[\"'`=\\[(]|\\b(?:to|host|hostname|upstream|server|backend|dial tcp|connect(?:ing)? to|lookup"
                    + "|resolve|from|at|via|addr(?:ess)?|endpoint|peer|node|broker|service|call(?:ing)?)\\s*[:=]?\\s*)$");

    /**
     * A resource a text names.
     *
     * @param resourceId the service or pod
     * @param token      how the text names it
     */
    public record Reference(String resourceId, String token) {
    }

    private final Map<String, Map<String, String>> servicesByNamespace = new HashMap<>();
    private final Map<String, List<String>> servicesByName = new HashMap<>();
    private final Map<String, String> byIp = new HashMap<>();
    private final Set<String> namespaces = new LinkedHashSet<>();
    private final List<String> dnsServices = new ArrayList<>();

    /** A resolver over {@code resources}; {@code clusterDns} is the configured DNS service id, or null. */
    public HostResolver(Collection<Resource> resources, String clusterDns) {
        for (Resource r : resources) {
            if (r.isService()) {
                servicesByNamespace.computeIfAbsent(r.namespace(), k -> new HashMap<>()).put(r.name(), r.id());
                servicesByName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r.id());
                namespaces.add(r.namespace());
                if (r.ports().contains(53)) {
                    dnsServices.add(r.id());
                }
            }
            if ((r.isService() || r.isPod()) && r.ip() != null && !r.ip().isBlank() && !"None".equals(r.ip())) {
                byIp.putIfAbsent(r.ip(), r.id());
            }
            if (!r.namespace().isEmpty()) {
                namespaces.add(r.namespace());
            }
        }
        if (clusterDns != null && !dnsServices.contains(clusterDns)) {
            dnsServices.add(0, clusterDns);
        }
        dnsServices.sort(null);
    }

    /** The cluster's DNS services: those serving port 53, and the configured one. */
    public List<String> dnsServices() {
        return List.copyOf(dnsServices);
    }

    /** The services and pods {@code text} names, seen from a caller in {@code namespace}. */
    public List<Reference> inText(String text, String namespace) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        Map<String, Reference> found = new LinkedHashMap<>();
        Matcher m = HOST.matcher(lower);
        while (m.find() && found.size() < MAX_REFERENCES) {
            String host = m.group(1);
            boolean port = m.group(2) != null;
            String before = lower.substring(Math.max(0, m.start() - 24), m.start());
            String id = resolve(host, namespace, port || CONTEXT_BEFORE.matcher(before).find());
            if (id != null) {
                found.putIfAbsent(id, new Reference(id, host + (port ? m.group(2) : "")));
            }
        }
        return List.copyOf(found.values());
    }

    /** The services and pods the host names of a pod's environment ({@code spec.env_hosts}) name. */
    public List<Reference> inEnvironment(List<String> hosts, String namespace) {
        List<Reference> out = new ArrayList<>();
        for (String h : hosts) {
            String host = h.toLowerCase(Locale.ROOT);
            int scheme = host.indexOf("://");
            if (scheme >= 0) {
                host = host.substring(scheme + 3).replaceFirst("^[^@/]*@", "").replaceFirst("[/?#].*$", "");
            }
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                host = host.substring(0, colon);
            }
            String id = resolve(host, namespace, true);
            if (id != null) {
                out.add(new Reference(id, h));
            }
        }
        return out;
    }

    /** The resource a host token names, or null. A bare short name needs {@code hostContext}. */
    String resolve(String host, String namespace, boolean hostContext) {
        String byAddress = byIp.get(host);
        if (byAddress != null) {
            return byAddress;
        }
        String[] labels = host.split("\\.");
        int svc = indexOf(labels, "svc");
        if (svc >= 2) {
            return service(labels[svc - 1], labels[svc - 2]);
        }
        if (labels.length == 2 && namespaces.contains(labels[1])) {
            return service(labels[1], labels[0]);
        }
        if (labels.length == 3 && namespaces.contains(labels[2])) {
            String headless = service(labels[2], labels[1]);
            if (headless != null) {
                return headless;
            }
        }
        if (labels.length != 1 || !hostContext || host.length() < 2) {
            return null;
        }
        String local = service(namespace, host);
        if (local != null) {
            return local;
        }
        List<String> anywhere = servicesByName.getOrDefault(host, List.of());
        return anywhere.size() == 1 ? anywhere.get(0) : null;
    }

    private String service(String namespace, String name) {
        Map<String, String> inNs = servicesByNamespace.get(namespace);
        return inNs == null ? null : inNs.get(name);
    }

    private static int indexOf(String[] labels, String label) {
        for (int i = labels.length - 1; i >= 0; i--) {
            if (labels[i].equals(label)) {
                return i;
            }
        }
        return -1;
    }
}
