package io.kgrca.rcaeval.gen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

/** Kubernetes objects as the API server serves them (the fields the agent reads and a few more), as JSON trees. */
final class K8sJson {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The mutable status of a pod, re-emitted as a whole object on every change. */
    static final class PodState {
        String phase = "Running";
        boolean ready = true;
        int restarts;
        String waitingReason;
        String waitingMessage;
        String lastReason;
        int lastExitCode;
        Instant lastFinished;
        String podReason;
        String podMessage;
        String image;
        int livenessPort;
        boolean scheduled = true;
    }

    private K8sJson() {
    }

    static ObjectNode meta(String name, String ns, String uid, Instant created) {
        ObjectNode m = F.objectNode();
        m.put("name", name);
        if (ns != null) {
            m.put("namespace", ns);
        }
        m.put("uid", uid);
        if (created != null) {
            m.put("creationTimestamp", created.toString());
        }
        return m;
    }

    static ObjectNode object(String apiVersion, String kind, ObjectNode meta) {
        ObjectNode o = F.objectNode();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.set("metadata", meta);
        return o;
    }

    static ObjectNode owner(ObjectNode meta, String apiVersion, String kind, String name, String uid) {
        ObjectNode ref = F.objectNode().put("apiVersion", apiVersion).put("kind", kind).put("name", name)
                .put("uid", uid).put("controller", true);
        meta.putArray("ownerReferences").add(ref);
        return meta;
    }

    static ObjectNode pod(Cluster.Service s, Cluster.Pod p, PodState st, Instant created, Map<String, String> env) {
        ObjectNode meta = meta(p.name, s.ns, p.uid, created);
        meta.putObject("labels").put("app", s.name).put("app.kubernetes.io/name", s.name);
        if (s.isJob()) {
            owner(meta, "batch/v1", "Job", s.name, s.uid);
        } else if (s.stateful) {
            owner(meta, "apps/v1", "StatefulSet", s.name, s.uid);
        } else {
            owner(meta, "apps/v1", "ReplicaSet", s.name + "-" + p.rsHash, s.rsUid + p.rsHash.substring(0, 2));
        }
        ObjectNode pod = object("v1", "Pod", meta);
        ObjectNode spec = pod.putObject("spec");
        if (st.scheduled) {
            spec.put("nodeName", p.node);
        }
        ObjectNode c = spec.putArray("containers").addObject();
        c.put("name", containerName(s));
        c.put("image", st.image);
        c.putArray("ports").addObject().put("containerPort", s.port);
        ArrayNode envs = c.putArray("env");
        env.forEach((k, v) -> envs.addObject().put("name", k).put("value", v));
        if (st.livenessPort > 0) {
            c.putObject("livenessProbe").putObject("httpGet").put("path", "/healthz").put("port", st.livenessPort);
        }
        ObjectNode status = pod.putObject("status");
        status.put("phase", st.phase);
        if (st.podReason != null) {
            status.put("reason", st.podReason);
            status.put("message", st.podMessage);
        }
        if (st.scheduled) {
            status.put("podIP", p.ip);
            status.put("startTime", created.toString());
        }
        ArrayNode conds = status.putArray("conditions");
        conds.addObject().put("type", "PodScheduled").put("status", st.scheduled ? "True" : "False");
        if (st.scheduled) {
            conds.addObject().put("type", "Ready").put("status", st.ready ? "True" : "False");
            ObjectNode cs = status.putArray("containerStatuses").addObject();
            cs.put("name", containerName(s)).put("image", st.image).put("ready", st.ready)
                    .put("restartCount", st.restarts);
            ObjectNode state = cs.putObject("state");
            if (st.waitingReason != null) {
                state.putObject("waiting").put("reason", st.waitingReason).put("message", st.waitingMessage);
            } else if (!"Running".equals(st.phase)) {
                state.putObject("terminated").put("reason", st.podReason == null ? "Error" : st.podReason)
                        .put("exitCode", 1);
            } else {
                state.putObject("running").put("startedAt", created.toString());
            }
            if (st.lastReason != null) {
                cs.putObject("lastState").putObject("terminated").put("reason", st.lastReason)
                        .put("exitCode", st.lastExitCode).put("finishedAt", st.lastFinished.toString());
            }
        }
        return pod;
    }

    static String containerName(Cluster.Service s) {
        return s.name.length() > 20 ? "app" : s.name;
    }

    static ObjectNode workload(Cluster.Service s, int replicas, int ready, int generation, boolean progressing,
                               String progressReason, Instant created) {
        ObjectNode meta = meta(s.name, s.ns, s.uid, created);
        meta.put("generation", generation);
        meta.putObject("labels").put("app", s.name);
        ObjectNode o = object("apps/v1", s.workloadKind(), meta);
        ObjectNode spec = o.putObject("spec");
        spec.put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", s.name);
        ObjectNode tpl = spec.putObject("template");
        tpl.putObject("metadata").putObject("labels").put("app", s.name);
        tpl.putObject("spec").putArray("containers").addObject().put("name", containerName(s))
                .put("image", s.image + ":" + s.tag);
        ObjectNode status = o.putObject("status");
        status.put("observedGeneration", generation).put("replicas", replicas).put("readyReplicas", ready)
                .put("availableReplicas", ready).put("updatedReplicas", replicas);
        if (!s.stateful) {
            ArrayNode conds = status.putArray("conditions");
            conds.addObject().put("type", "Available").put("status", ready > 0 ? "True" : "False")
                    .put("reason", ready > 0 ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable");
            conds.addObject().put("type", "Progressing").put("status", progressing ? "True" : "False")
                    .put("reason", progressReason);
        }
        return o;
    }

    static ObjectNode replicaSet(Cluster.Service s, String hash, int replicas, int ready, Instant created) {
        ObjectNode meta = meta(s.name + "-" + hash, s.ns, s.rsUid + hash.substring(0, 2), created);
        meta.putObject("labels").put("app", s.name).put("pod-template-hash", hash);
        owner(meta, "apps/v1", "Deployment", s.name, s.uid);
        ObjectNode o = object("apps/v1", "ReplicaSet", meta);
        o.putObject("spec").put("replicas", replicas).putObject("selector").putObject("matchLabels")
                .put("app", s.name).put("pod-template-hash", hash);
        o.putObject("status").put("replicas", replicas).put("readyReplicas", ready).put("availableReplicas", ready);
        return o;
    }

    static ObjectNode service(Cluster.Service s, String uid, Instant created) {
        ObjectNode o = object("v1", "Service", meta(s.name, s.ns, uid, created));
        ObjectNode spec = o.putObject("spec");
        spec.put("type", "ClusterIP").put("clusterIP", "10.96." + Math.abs(uid.hashCode() % 250) + "."
                + (Math.abs(uid.hashCode() / 250) % 250 + 1));
        spec.putObject("selector").put("app", s.name);
        spec.putArray("ports").addObject().put("port", s.port).put("targetPort", s.port).put("protocol", "TCP");
        return o;
    }

    static ObjectNode node(Cluster.Node n, String uid, String readyStatus, String readyReason, String pressureType,
                           boolean unschedulable, Instant created, Instant heartbeat) {
        ObjectNode meta = meta(n.name(), null, uid, created);
        meta.putObject("labels").put("kubernetes.io/hostname", n.name());
        ObjectNode o = object("v1", "Node", meta);
        ObjectNode spec = o.putObject("spec");
        if (unschedulable) {
            spec.put("unschedulable", true);
            spec.putArray("taints").addObject().put("key", "node.kubernetes.io/unschedulable").put("effect", "NoSchedule");
        }
        ObjectNode status = o.putObject("status");
        ArrayNode conds = status.putArray("conditions");
        for (String type : new String[] {"MemoryPressure", "DiskPressure", "PIDPressure"}) {
            boolean on = type.equals(pressureType);
            conds.addObject().put("type", type).put("status", on ? "True" : "False")
                    .put("reason", on ? "Kubelet" + type.replace("Pressure", "") + "Pressure" : "KubeletHasSufficient"
                            + type.replace("Pressure", "")).put("lastHeartbeatTime", heartbeat.toString());
        }
        conds.addObject().put("type", "Ready").put("status", readyStatus).put("reason", readyReason)
                .put("lastHeartbeatTime", heartbeat.toString());
        status.putArray("addresses").addObject().put("type", "InternalIP").put("address", n.ip());
        status.putObject("allocatable").put("cpu", "3920m").put("memory", "15Gi").put("pods", "110");
        return o;
    }

    static ObjectNode event(String ns, String kind, String name, String objUid, String reason, String type,
                            String message, String eventName, String uid, Instant first, Instant last, int count,
                            String component, String host) {
        ObjectNode meta = meta(eventName, ns == null || ns.isEmpty() ? "default" : ns, uid, first);
        ObjectNode o = object("v1", "Event", meta);
        ObjectNode inv = o.putObject("involvedObject");
        inv.put("kind", kind).put("name", name);
        if (ns != null && !ns.isEmpty()) {
            inv.put("namespace", ns);
        }
        if (objUid != null) {
            inv.put("uid", objUid);
        }
        o.put("reason", reason).put("message", message).put("type", type).put("count", count)
                .put("firstTimestamp", first.toString()).put("lastTimestamp", last.toString());
        ObjectNode src = o.putObject("source").put("component", component);
        if (host != null) {
            src.put("host", host);
        }
        return o;
    }

    static ObjectNode log(Cluster.Service s, Cluster.Pod p, String image, String message, Instant at, String stream) {
        ObjectNode log = F.objectNode();
        log.put("message", message);
        log.put("timestamp", at.toString());
        log.put("stream", stream);
        log.put("file", "/var/log/pods/" + s.ns + "_" + p.name + "_" + p.uid + "/" + containerName(s) + "/0.log");
        ObjectNode k = log.putObject("kubernetes");
        k.put("pod_name", p.name).put("pod_namespace", s.ns).put("pod_uid", p.uid)
                .put("container_name", containerName(s)).put("container_image", image).put("pod_node_name", p.node);
        k.putObject("pod_labels").put("app", s.name);
        return log;
    }
}
