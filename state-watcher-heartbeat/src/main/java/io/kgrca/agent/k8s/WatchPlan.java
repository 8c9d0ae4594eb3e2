package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.kgrca.agent.state.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which kinds the agent watches, at which API version: a pure decision over what the API server serves. The kinds
 * of core/v1, apps/v1 and batch/v1 Job are served by every supported server and watched as they are; for the
 * others the first served version of a preference list wins, and a kind with none served is skipped:
 * CronJob batch/v1 then batch/v1beta1; EndpointSlice discovery.k8s.io/v1, else core/v1 Endpoints;
 * HorizontalPodAutoscaler autoscaling/v2 then v1; Ingress and NetworkPolicy networking.k8s.io/v1; cert-manager's
 * Certificate cert-manager.io/v1 (a custom resource, read generically). core/v1 Events are watched besides, by
 * their own informer.
 */
public final class WatchPlan {

    /** The Events the agent watches besides the resource kinds (RBAC needs them too). */
    public static final WatchedKind EVENTS = core("Event", "events", true, Event.class);

    private static final List<WatchedKind> ALWAYS = List.of(
            core(Kinds.POD, "pods", true, Pod.class),
            core(Kinds.SERVICE, "services", true, Service.class),
            core(Kinds.NODE, "nodes", false, Node.class),
            core(Kinds.CONFIG_MAP, "configmaps", true, ConfigMap.class),
            core(Kinds.SECRET, "secrets", true, Secret.class),
            core(Kinds.PERSISTENT_VOLUME_CLAIM, "persistentvolumeclaims", true, PersistentVolumeClaim.class),
            core(Kinds.PERSISTENT_VOLUME, "persistentvolumes", false, PersistentVolume.class),
            new WatchedKind(Kinds.DEPLOYMENT, "apps", "v1", "deployments", true, Deployment.class),
            new WatchedKind(Kinds.REPLICA_SET, "apps", "v1", "replicasets", true, ReplicaSet.class),
            new WatchedKind(Kinds.STATEFUL_SET, "apps", "v1", "statefulsets", true, StatefulSet.class),
            new WatchedKind(Kinds.DAEMON_SET, "apps", "v1", "daemonsets", true, DaemonSet.class),
            new WatchedKind(Kinds.JOB, "batch", "v1", "jobs", true, Job.class));

    /** Each inner list: the versions of one kind, preferred first; core/v1 entries count as always served. */
    private static final List<List<WatchedKind>> CHOICES = List.of(
            List.of(new WatchedKind(Kinds.CRON_JOB, "batch", "v1", "cronjobs", true, CronJob.class),
                    new WatchedKind(Kinds.CRON_JOB, "batch", "v1beta1", "cronjobs", true,
                            // qualified: batch/v1beta1 beside the imported v1 CronJob
                            io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class)),
            List.of(new WatchedKind(Kinds.ENDPOINT_SLICE, "discovery.k8s.io", "v1", "endpointslices", true,
                            EndpointSlice.class),
                    core(Kinds.ENDPOINTS, "endpoints", true, Endpoints.class)),
            List.of(new WatchedKind(Kinds.HORIZONTAL_POD_AUTOSCALER, "autoscaling", "v2", "horizontalpodautoscalers",
                            true, HorizontalPodAutoscaler.class),
                    new WatchedKind(Kinds.HORIZONTAL_POD_AUTOSCALER, "autoscaling", "v1", "horizontalpodautoscalers",
                            // qualified: autoscaling/v1 beside the imported v2 one
                            true, io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class)),
            List.of(new WatchedKind(Kinds.INGRESS, "networking.k8s.io", "v1", "ingresses", true, Ingress.class)),
            List.of(new WatchedKind(Kinds.NETWORK_POLICY, "networking.k8s.io", "v1", "networkpolicies", true,
                    NetworkPolicy.class)),
            List.of(new WatchedKind(Kinds.CERTIFICATE, CertificateSummaries.GROUP, "v1", "certificates", true, null)));

    /**
     * The plan.
     *
     * @param watched the kinds to watch, at the chosen versions
     * @param skipped the kinds not served at any version the agent reads (for the log)
     */
    public record Plan(List<WatchedKind> watched, List<String> skipped) {
    }

    private WatchPlan() {
    }

    /** The plan given which kinds the API server serves ({@code served} is asked about non-core versions only). */
    public static Plan plan(Predicate<WatchedKind> served) {
        List<WatchedKind> watched = new ArrayList<>(ALWAYS);
        List<String> skipped = new ArrayList<>();
        for (List<WatchedKind> versions : CHOICES) {
            versions.stream().filter(k -> k.group().isEmpty() || served.test(k)).findFirst()
                    .ifPresentOrElse(watched::add, () -> skipped.add(versions.get(0).kind() + " ("
                            + String.join(", ", versions.stream().map(WatchedKind::apiVersion).toList()) + ")"));
        }
        return new Plan(List.copyOf(watched), List.copyOf(skipped));
    }

    /**
     * Every {@code group/resource} the agent may read at any version ({@code /pods} for core), Events included:
     * exactly what the chart's read-only ClusterRole must grant.
     */
    public static Set<String> rbacResources() {
        Set<String> all = new TreeSet<>();
        all.add(EVENTS.group() + "/" + EVENTS.resource());
        ALWAYS.forEach(k -> all.add(k.group() + "/" + k.resource()));
        CHOICES.forEach(versions -> versions.forEach(k -> all.add(k.group() + "/" + k.resource())));
        return all;
    }

    private static WatchedKind core(String kind, String resource, boolean namespaced,
                                    Class<? extends HasMetadata> type) {
        return new WatchedKind(kind, "", "v1", resource, namespaced, type);
    }
}
