package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
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
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kgrca.agent.state.Kinds;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Maps a Kubernetes object of a watched kind to its {@link ResourceRecord} (without observation time). Pure: no
 * I/O, no clock. The kind comes from the Java type, never from the object's own (often absent) {@code kind}; the
 * one generic type, cert-manager's Certificate, is recognised by its API group and kind. Every record's spec
 * carries {@code created_at} (the creation timestamp).
 */
public final class ResourceMapper {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<Class<?>, Mapping> MAPPINGS = new LinkedHashMap<>();

    static {
        add(Pod.class, Kinds.POD, CoreSummaries::pod);
        add(Service.class, Kinds.SERVICE, CoreSummaries::service);
        add(Node.class, Kinds.NODE, CoreSummaries::node);
        add(Deployment.class, Kinds.DEPLOYMENT, WorkloadSummaries::deployment);
        add(ReplicaSet.class, Kinds.REPLICA_SET, WorkloadSummaries::replicaSet);
        add(StatefulSet.class, Kinds.STATEFUL_SET, WorkloadSummaries::statefulSet);
        add(DaemonSet.class, Kinds.DAEMON_SET, WorkloadSummaries::daemonSet);
        add(Job.class, Kinds.JOB, WorkloadSummaries::job);
        add(CronJob.class, Kinds.CRON_JOB, WorkloadSummaries::cronJob);
        // batch/v1beta1 has the fields the summary reads under the same names.
        // qualified: batch/v1beta1 beside the imported v1 CronJob
        add(io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class, Kinds.CRON_JOB,
                c -> WorkloadSummaries.cronJob(SERIALIZATION.convertValue(c, CronJob.class)));
        add(ConfigMap.class, Kinds.CONFIG_MAP, StorageSummaries::configMap);
        add(Secret.class, Kinds.SECRET, StorageSummaries::secret);
        add(PersistentVolumeClaim.class, Kinds.PERSISTENT_VOLUME_CLAIM, StorageSummaries::claim);
        add(PersistentVolume.class, Kinds.PERSISTENT_VOLUME, StorageSummaries::volume);
        add(EndpointSlice.class, Kinds.ENDPOINT_SLICE, NetworkSummaries::endpointSlice);
        add(Endpoints.class, Kinds.ENDPOINTS, NetworkSummaries::endpoints);
        add(HorizontalPodAutoscaler.class, Kinds.HORIZONTAL_POD_AUTOSCALER, AutoscalerSummaries::v2);
        // qualified: autoscaling/v1 beside the imported v2 one
        add(io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class,
                Kinds.HORIZONTAL_POD_AUTOSCALER, AutoscalerSummaries::v1);
        add(Ingress.class, Kinds.INGRESS, NetworkSummaries::ingress);
        add(NetworkPolicy.class, Kinds.NETWORK_POLICY, NetworkSummaries::networkPolicy);
    }

    private record Mapping(String kind, Function<HasMetadata, WorkloadSummaries.Mapped> summaries) {
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> void add(Class<T> type, String kind, Function<T, WorkloadSummaries.Mapped> f) {
        MAPPINGS.put(type, new Mapping(kind, o -> f.apply((T) o)));
    }

    private final String cluster;

    /** A mapper that stamps {@code cluster} into every record. */
    public ResourceMapper(String cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** The identity of a watched object. */
    public static ResourceRef refOf(HasMetadata object) {
        ObjectMeta m = object.getMetadata();
        String kind = kindOf(object);
        String namespace = Kinds.CLUSTER_SCOPED.contains(kind) ? "" : m.getNamespace();
        return ResourceRef.of(kind, namespace, m.getName());
    }

    /** The kind of a watched object; throws {@link IllegalArgumentException} for another type. */
    public static String kindOf(HasMetadata object) {
        if (object instanceof GenericKubernetesResource g) {
            if (isCertificate(g)) {
                return Kinds.CERTIFICATE;
            }
        } else {
            Mapping mapping = MAPPINGS.get(object.getClass());
            if (mapping != null) {
                return mapping.kind();
            }
        }
        throw new IllegalArgumentException("not a watched kind: " + object.getClass().getName());
    }

    private static boolean isCertificate(GenericKubernetesResource g) {
        return Kinds.CERTIFICATE.equals(g.getKind()) && g.getApiVersion() != null
                && g.getApiVersion().startsWith(CertificateSummaries.GROUP + "/");
    }

    /** The record of {@code object}. */
    public ResourceRecord map(HasMetadata object) {
        ObjectMeta m = object.getMetadata();
        WorkloadSummaries.Mapped parts = parts(object);
        String node = object instanceof Pod pod && pod.getSpec() != null ? pod.getSpec().getNodeName() : null;
        String podIp = object instanceof Pod pod && pod.getStatus() != null ? pod.getStatus().getPodIP() : null;
        return new ResourceRecord(Op.UPSERT, null, refOf(object), m.getUid(), cluster, m.getLabels(),
                owners(m.getOwnerReferences()), node, podIp, parts.image(), parts.replicas(), parts.status(),
                withCreatedAt(parts.spec(), m.getCreationTimestamp()));
    }

    private static WorkloadSummaries.Mapped parts(HasMetadata object) {
        if (object instanceof GenericKubernetesResource g && isCertificate(g)) {
            return CertificateSummaries.certificate(g);
        }
        Mapping mapping = MAPPINGS.get(object.getClass());
        if (mapping == null) {
            throw new IllegalArgumentException("not a watched kind: " + object.getClass().getName());
        }
        return mapping.summaries().apply(object);
    }

    private static Map<String, Object> withCreatedAt(Map<String, Object> spec, String createdAt) {
        if (createdAt == null || createdAt.isBlank()) {
            return spec;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("created_at", createdAt);
        out.putAll(spec);
        return Collections.unmodifiableMap(out);
    }

    private static List<ResourceRecord.OwnerRef> owners(List<OwnerReference> refs) {
        if (refs == null) {
            return List.of();
        }
        return refs.stream().map(r -> new ResourceRecord.OwnerRef(r.getKind(), r.getName(), r.getUid())).toList();
    }
}
