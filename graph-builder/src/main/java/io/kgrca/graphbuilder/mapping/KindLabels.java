package io.kgrca.graphbuilder.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The node label of a resource kind. Kinds arrive in Kubernetes spelling from resource records ({@code ReplicaSet})
 * but in lower case from ids ({@code replicaset}), so both map to one label. Labels are always passed to Cypher as
 * parameters ({@code SET n:$(label)}), never spliced into query text; a kind that is not a plain identifier gets no
 * kind label at all.
 */
public final class KindLabels {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("pod", "Pod"), Map.entry("node", "Node"), Map.entry("service", "Service"),
            Map.entry("deployment", "Deployment"), Map.entry("replicaset", "ReplicaSet"),
            Map.entry("statefulset", "StatefulSet"), Map.entry("daemonset", "DaemonSet"), Map.entry("job", "Job"),
            Map.entry("cronjob", "CronJob"), Map.entry("namespace", "Namespace"),
            Map.entry("persistentvolumeclaim", "PersistentVolumeClaim"),
            Map.entry("persistentvolume", "PersistentVolume"), Map.entry("configmap", "ConfigMap"),
            Map.entry("secret", "Secret"), Map.entry("ingress", "Ingress"), Map.entry("endpoints", "Endpoints"),
            Map.entry("horizontalpodautoscaler", "HorizontalPodAutoscaler"));

    /** Labels the graph itself uses; a kind may not take one of them. */
    private static final Set<String> RESERVED = Set.of("Resource", "Signal", "Event",
            "LogTemplate", "Incident", "Watermark");

    private KindLabels() {
    }

    /** The label for {@code kind}, or null when it cannot be one. */
    public static String of(String kind) {
        if (kind == null || !IDENTIFIER.matcher(kind).matches()) {
            return null;
        }
        String known = KNOWN.get(kind.toLowerCase(Locale.ROOT));
        String label = known != null ? known : Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        return RESERVED.contains(label) ? null : label;
    }
}
