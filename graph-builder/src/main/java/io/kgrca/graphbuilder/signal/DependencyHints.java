package io.kgrca.graphbuilder.signal;

import io.kgrca.common.model.ResourceRef;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the services a log line depends on, so that a pod's errors can be joined to the failures of what it calls.
 * The topology the agent reports ({@code RUNS_ON}, {@code CONTROLS}, {@code SELECTS}) says nothing about which pod
 * calls which service; logs often do, by naming the service's cluster DNS name ({@code db.shop.svc:5432},
 * {@code api.default.svc.cluster.local}). A DNS failure depends on the cluster DNS service itself.
 *
 * <p>The graph records these as inferred {@code DEPENDS_ON} relationships from the pod to the service.
 */
public final class DependencyHints {

    /** At most this many services per line: a line naming more is a dump, not a dependency. */
    static final int MAX_HINTS = 5;

    private static final String LABEL = "[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?";
    private static final Pattern SERVICE_DNS = Pattern.compile(
            "(?<![-a-z0-9.])(?:" + LABEL + "\\.)?(" + LABEL + ")\\.(" + LABEL + ")\\.svc(?:\\.cluster\\.local)?\\b");

    private final ResourceRef clusterDns;

    /** Hints that attribute DNS failures to {@code clusterDns} (usually {@code kube-system/kube-dns}). */
    public DependencyHints(ResourceRef clusterDns) {
        this.clusterDns = clusterDns;
    }

    /**
     * The services {@code text} depends on: every {@code <service>.<namespace>.svc} name in it, and the cluster DNS
     * service when the line is a DNS failure. A headless pod name ({@code db-0.db.shop.svc}) yields its service.
     */
    public List<ResourceRef> servicesIn(String text, SignalType type) {
        Set<ResourceRef> found = new LinkedHashSet<>();
        if (type == SignalType.DNS_FAILURE && clusterDns != null) {
            found.add(clusterDns);
        }
        if (text != null && text.contains(".svc")) {
            Matcher m = SERVICE_DNS.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find() && found.size() < MAX_HINTS) {
                found.add(ResourceRef.of("Service", m.group(2), m.group(1)));
            }
        }
        return new ArrayList<>(found);
    }
}
