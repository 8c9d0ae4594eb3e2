package io.kgrca.agent;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

import java.util.Map;

/** Kubernetes objects for tests, built with fabric8's builders. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A running pod on {@code node}, owned by replica set {@code owner} (null: no owner). */
    public static Pod pod(String ns, String name, Map<String, String> labels, String node, String owner) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name)
                .withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("img/" + name + ":1")
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.10")
                .addNewContainerStatus().withName("app").withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt("2025-01-01T00:00:00Z").endRunning().endState()
                .endContainerStatus().endStatus();
        if (owner != null) {
            b.editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName(owner).withUid("uid-" + owner)
                    .withController(true).withApiVersion("apps/v1").endOwnerReference().endMetadata();
        }
        return b.build();
    }

    /** A ClusterIP service selecting {@code selector}. */
    public static Service service(String ns, String name, Map<String, String> selector) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector).addNewPort().withName("http").withPort(80)
                .withProtocol("TCP").withNewTargetPort(8080).endPort().endSpec().build();
    }

    /** A ready node with a heartbeat time. */
    public static Node node(String name, String heartbeat) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid("uid-" + name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").withLastHeartbeatTime(heartbeat)
                .endCondition().withNewNodeInfo().withKubeletVersion("v1.30.0").endNodeInfo().endStatus().build();
    }

    /** A deployment with {@code replicas} replicas. */
    public static Deployment deployment(String ns, String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("img/" + name + ":1").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    /** A replica set owned by deployment {@code owner}. */
    public static ReplicaSet replicaSet(String ns, String name, String owner) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name)
                .addNewOwnerReference().withKind("Deployment").withName(owner).withUid("uid-" + owner).withController(true)
                .withApiVersion("apps/v1").endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build();
    }

    /** A Warning event about pod {@code pod}, last seen at {@code last}. */
    public static Event event(String ns, String name, String pod, String reason, int count, String last) {
        return new EventBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name)
                .withCreationTimestamp(last).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace(ns).withName(pod).withUid("uid-" + pod)
                .withApiVersion("v1").endInvolvedObject()
                .withReason(reason).withMessage(reason + " happened").withType("Warning").withCount(count)
                .withFirstTimestamp(last).withLastTimestamp(last)
                .withNewSource().withComponent("kubelet").withHost("n1").endSource().build();
    }
}
