package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Status and spec summaries of pods, services and nodes (see {@link WorkloadSummaries} for the rules). A pod's
 * spec names the ConfigMaps, Secrets and claims it uses ({@link PodRefs}) and the hosts its plain env values
 * point at ({@link EnvHosts}); a node's spec its taints.
 */
final class CoreSummaries {

    private CoreSummaries() {
    }

    static WorkloadSummaries.Mapped pod(Pod pod) {
        var spec = pod.getSpec();
        var st = pod.getStatus();
        Summary status = new Summary();
        if (st != null) {
            List<ContainerStatus> containers = st.getContainerStatuses() == null ? List.of() : st.getContainerStatuses();
            status.put("phase", st.getPhase())
                    .put("reason", st.getReason())
                    .put("ready", !containers.isEmpty() && containers.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady())))
                    .put("restarts", containers.stream().mapToInt(c -> Summary.orZero(c.getRestartCount())).sum())
                    .putIfNotEmpty("containers", containers.stream().map(CoreSummaries::container).toList());
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            status.put("terminating", true);
        }
        Summary s = new Summary();
        if (spec != null) {
            s.put("service_account", spec.getServiceAccountName()).put("restart_policy", spec.getRestartPolicy());
            PodRefs refs = PodRefs.of(pod.getMetadata().getName(), spec);
            s.putIfNotEmpty("config_refs", List.copyOf(refs.configMaps()))
                    .putIfNotEmpty("secret_refs", List.copyOf(refs.secrets()))
                    .putIfNotEmpty("claims", List.copyOf(refs.claims()))
                    .putIfNotEmpty("env_hosts", EnvHosts.of(PodRefs.containers(spec)));
        }
        return new WorkloadSummaries.Mapped(WorkloadSummaries.image(spec), null, status.build(), s.build());
    }

    private static Map<String, Object> container(ContainerStatus c) {
        Summary s = new Summary().put("name", c.getName())
                .put("ready", Boolean.TRUE.equals(c.getReady()))
                .put("restart_count", Summary.orZero(c.getRestartCount()));
        ContainerState state = c.getState();
        if (state != null && state.getWaiting() != null) {
            s.put("state", "waiting").put("reason", state.getWaiting().getReason());
        } else if (state != null && state.getTerminated() != null) {
            s.put("state", "terminated").put("reason", state.getTerminated().getReason())
                    .put("exit_code", state.getTerminated().getExitCode());
        } else if (state != null && state.getRunning() != null) {
            s.put("state", "running");
        }
        ContainerState last = c.getLastState();
        if (last != null && last.getTerminated() != null) {
            s.put("last_terminated_reason", last.getTerminated().getReason());
        }
        return s.build();
    }

    /** {@code key=value:Effect}, or {@code key:Effect} without a value (the time it was added is left out). */
    private static String taint(Taint t) {
        String value = t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue();
        return t.getKey() + value + ":" + t.getEffect();
    }

    static WorkloadSummaries.Mapped service(Service svc) {
        var spec = svc.getSpec();
        Summary s = new Summary();
        if (spec != null) {
            List<Map<String, Object>> ports = new ArrayList<>();
            if (spec.getPorts() != null) {
                for (ServicePort p : spec.getPorts()) {
                    ports.add(new Summary().put("name", p.getName()).put("port", p.getPort())
                            .put("protocol", p.getProtocol())
                            .put("target_port", p.getTargetPort() == null ? null : String.valueOf(
                                    p.getTargetPort().getValue())).build());
                }
            }
            s.put("type", spec.getType()).put("cluster_ip", spec.getClusterIP())
                    .put("external_name", "ExternalName".equals(spec.getType()) ? spec.getExternalName() : null)
                    .putIfNotEmpty("selector", spec.getSelector())
                    .putIfNotEmpty("ports", ports);
        }
        return WorkloadSummaries.Mapped.of(Map.of(), s.build());
    }

    static WorkloadSummaries.Mapped node(Node node) {
        var st = node.getStatus();
        Summary status = new Summary();
        if (st != null) {
            List<NodeCondition> conditions = st.getConditions() == null ? List.of() : st.getConditions();
            status.put("ready", conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                    .putIfNotEmpty("pressure", conditions.stream()
                            .filter(c -> !"Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                            .map(NodeCondition::getType).sorted().toList());
            if (st.getNodeInfo() != null) {
                status.put("kubelet_version", st.getNodeInfo().getKubeletVersion());
            }
        }
        Summary s = new Summary();
        if (node.getSpec() != null) {
            if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                status.put("unschedulable", true);
            }
            if (node.getSpec().getTaints() != null) {
                s.putIfNotEmpty("taints", node.getSpec().getTaints().stream().map(CoreSummaries::taint).sorted().toList());
            }
        }
        return WorkloadSummaries.Mapped.of(status.build(), s.build());
    }
}
