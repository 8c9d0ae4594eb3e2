package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kgrca.agent.state.Kinds;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;

import java.util.List;
import java.util.Objects;

/**
 * Maps a Kubernetes object of a watched kind to its {@link ResourceRecord} (without observation time). Pure: no
 * I/O, no clock. The kind comes from the Java type, never from the object's own (often absent) {@code kind}.
 */
public final class ResourceMapper {

    private final String cluster;

    /** A mapper that stamps {@code cluster} into every record. */
    public ResourceMapper(String cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** The identity of a watched object. */
    public static ResourceRef refOf(HasMetadata object) {
        ObjectMeta m = object.getMetadata();
        String namespace = object instanceof Node ? "" : m.getNamespace();
        return ResourceRef.of(kindOf(object), namespace, m.getName());
    }

    /** The kind of a watched object; throws {@link IllegalArgumentException} for another type. */
    public static String kindOf(HasMetadata object) {
        if (object instanceof Pod) {
            return Kinds.POD;
        } else if (object instanceof Service) {
            return Kinds.SERVICE;
        } else if (object instanceof Node) {
            return Kinds.NODE;
        } else if (object instanceof Deployment) {
            return Kinds.DEPLOYMENT;
        } else if (object instanceof ReplicaSet) {
            return Kinds.REPLICA_SET;
        } else if (object instanceof StatefulSet) {
            return Kinds.STATEFUL_SET;
        } else if (object instanceof DaemonSet) {
            return Kinds.DAEMON_SET;
        } else if (object instanceof Job) {
            return Kinds.JOB;
        } else if (object instanceof CronJob) {
            return Kinds.CRON_JOB;
        }
        throw new IllegalArgumentException("not a watched kind: " + object.getClass().getName());
    }

    /** The record of {@code object}. */
    public ResourceRecord map(HasMetadata object) {
        ObjectMeta m = object.getMetadata();
        WorkloadSummaries.Mapped parts = parts(object);
        String node = object instanceof Pod pod && pod.getSpec() != null ? pod.getSpec().getNodeName() : null;
        String podIp = object instanceof Pod pod && pod.getStatus() != null ? pod.getStatus().getPodIP() : null;
        return new ResourceRecord(Op.UPSERT, null, refOf(object), m.getUid(), cluster, m.getLabels(),
                owners(m.getOwnerReferences()), node, podIp, parts.image(), parts.replicas(), parts.status(),
                parts.spec());
    }

    private static WorkloadSummaries.Mapped parts(HasMetadata object) {
        if (object instanceof Pod p) {
            return CoreSummaries.pod(p);
        } else if (object instanceof Service s) {
            return CoreSummaries.service(s);
        } else if (object instanceof Node n) {
            return CoreSummaries.node(n);
        } else if (object instanceof Deployment d) {
            return WorkloadSummaries.deployment(d);
        } else if (object instanceof ReplicaSet r) {
            return WorkloadSummaries.replicaSet(r);
        } else if (object instanceof StatefulSet s) {
            return WorkloadSummaries.statefulSet(s);
        } else if (object instanceof DaemonSet d) {
            return WorkloadSummaries.daemonSet(d);
        } else if (object instanceof Job j) {
            return WorkloadSummaries.job(j);
        } else if (object instanceof CronJob c) {
            return WorkloadSummaries.cronJob(c);
        }
        throw new IllegalArgumentException("not a watched kind: " + object.getClass().getName());
    }

    private static List<ResourceRecord.OwnerRef> owners(List<OwnerReference> refs) {
        if (refs == null) {
            return List.of();
        }
        return refs.stream().map(r -> new ResourceRecord.OwnerRef(r.getKind(), r.getName(), r.getUid())).toList();
    }
}
