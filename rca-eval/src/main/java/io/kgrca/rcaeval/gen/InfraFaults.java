package io.kgrca.rcaeval.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kgrca.rcaeval.corpus.Matcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Faults of the platform: nodes, storage, scheduling, cluster DNS and network policy. */
final class InfraFaults {

    private InfraFaults() {
    }

    private static List<Cluster.Service> podsOn(Tape t, Cluster.Node n, List<Cluster.Pod> into) {
        List<Cluster.Service> owners = new ArrayList<>();
        for (Cluster.Service s : t.cluster.all()) {
            for (Cluster.Pod p : List.copyOf(s.pods)) {
                if (p.node.equals(n.name())) {
                    into.add(p);
                    owners.add(s);
                }
            }
        }
        return owners;
    }

    static Injected nodeFailure(Tape t, Cluster.Node n, Instant onset) {
        Injected out = new Injected().root(Matcher.of("node//" + n.name(), "NODE_NOT_READY"));
        t.node(onset, n, "Unknown", "NodeStatusUnknown", null, false);
        t.event(onset.plusSeconds(1), "", "Node", n.name(), null, "NodeNotReady", "Normal", "Node " + n.name()
                + " status is now: NodeNotReady", "node-controller", null);
        List<Cluster.Pod> pods = new ArrayList<>();
        List<Cluster.Service> owners = podsOn(t, n, pods);
        for (int i = 0; i < pods.size(); i++) {
            Cluster.Service s = owners.get(i);
            Cluster.Pod p = pods.get(i);
            Instant at = onset.plusSeconds(Words.between(t.rng, 1, 5));
            t.podEvent(at, s, p, "NodeNotReady", "Warning", "Node is not ready");
            t.state(s, p).ready = false;
            t.pod(at, s, p);
            out.affected.add(Injected.pod(s, p));
            Instant evict = onset.plusSeconds(300 + Words.between(t.rng, 0, 20));
            t.event(evict, s.ns, "Pod", p.name, p.uid, "TaintManagerEviction", "Normal", "Marking for deletion Pod "
                    + s.ns + "/" + p.name, "taint-eviction-controller", null);
            t.podDeleted(evict.plusSeconds(1), s, p);
            if (s.pods.size() == 1 || t.rng.nextBoolean()) {
                LogLines.Symptom sym = s.pods.size() == 1 ? LogLines.Symptom.TIMEOUT : LogLines.Symptom.HTTP_5XX;
                Propagation.toCallers(t, s, onset.plusSeconds(5), sym, Words.between(t.rng, 60, 300), out);
            }
        }
        return out;
    }

    static Injected nodePressure(Tape t, Cluster.Node n, Instant onset) {
        boolean memory = t.rng.nextBoolean();
        String type = memory ? "MemoryPressure" : "DiskPressure";
        Injected out = new Injected().root(Matcher.of("node//" + n.name(), "NODE_PRESSURE"));
        t.node(onset, n, "True", "KubeletReady", type, false);
        t.event(onset, "", "Node", n.name(), null, "NodeHas" + (memory ? "Insufficient" : "Disk") + (memory
                ? "Memory" : "Pressure"), "Normal", "Node " + n.name() + " status is now: NodeHas" + (memory
                ? "InsufficientMemory" : "DiskPressure"), "kubelet", n.name());
        t.event(onset.plusSeconds(2), "", "Node", n.name(), null, "EvictionThresholdMet", "Warning",
                "Attempting to reclaim " + (memory ? "memory" : "ephemeral-storage"), "kubelet", n.name());
        List<Cluster.Pod> pods = new ArrayList<>();
        List<Cluster.Service> owners = podsOn(t, n, pods);
        int evicted = 0;
        for (int i = 0; i < pods.size() && evicted < 3; i++) {
            Cluster.Service s = owners.get(i);
            Cluster.Pod p = pods.get(i);
            if ("coredns".equals(s.flavour)) {
                continue;
            }
            evicted++;
            Instant at = onset.plusSeconds(Words.between(t.rng, 5, 60));
            String msg = "The node was low on resource: " + (memory ? "memory" : "ephemeral-storage") + ". "
                    + "Threshold quantity: " + (memory ? "100Mi" : "10%") + ", available: " + (memory ? "83Mi"
                    : "8%") + ". Container " + K8sJson.containerName(s) + " was using " + Words.between(t.rng, 300, 900)
                    + (memory ? "Mi" : "Gi") + ", request is 0, has larger consumption of " + (memory ? "memory"
                    : "ephemeral-storage") + ".";
            t.podEvent(at, s, p, "Evicted", "Warning", msg);
            K8sJson.PodState st = t.state(s, p);
            st.phase = "Failed";
            st.ready = false;
            st.podReason = "Evicted";
            st.podMessage = msg;
            t.pod(at, s, p);
            out.affected.add(Injected.pod(s, p));
            if (s.pods.size() == 1) {
                Propagation.toCallers(t, s, at, LogLines.Symptom.REFUSED, Words.between(t.rng, 60, 200), out);
            }
        }
        return out;
    }

    static Injected storage(Tape t, Cluster.Service db, Instant onset, int variant) {
        Cluster.Pod p = db.pods.get(0);
        return switch (variant) {
            case 0 -> claimPending(t, db, onset);
            case 1 -> {
                Injected out = new Injected().root(Matcher.of(Injected.pod(db, p), "VOLUME_MOUNT_FAILED"));
                String pv = "pvc-" + Words.uid(t.rng);
                t.podDeleted(onset, db, p);
                K8sJson.PodState st = t.state(db, p);
                st.ready = false;
                st.phase = "Pending";
                st.waitingReason = "ContainerCreating";
                st.waitingMessage = "";
                p.node = t.cluster.nodes.get(t.rng.nextInt(t.cluster.nodes.size())).name();
                t.pod(onset.plusSeconds(2), db, p);
                Instant at = onset.plusSeconds(Words.between(t.rng, 20, 60));
                Tape.Agg attach = t.podEvent(at, db, p, "FailedAttachVolume", "Warning", "AttachVolume.Attach failed "
                        + "for volume \"" + pv + "\" : rpc error: code = DeadlineExceeded desc = context deadline exceeded");
                Tape.Agg mount = t.podEvent(at.plusSeconds(100), db, p, "FailedMount", "Warning", "Unable to attach "
                        + "or mount volumes: unmounted volumes=[data], unattached volumes=[data kube-api-access-"
                        + Words.alnum(t.rng, 5) + "]: timed out waiting for the condition");
                for (int i = 1; i < 4; i++) {
                    t.repeat(attach, at.plusSeconds(60L * i));
                    t.repeat(mount, at.plusSeconds(100 + 120L * i));
                }
                Propagation.toCallers(t, db, onset.plusSeconds(3), LogLines.Symptom.REFUSED, 400, out);
                yield out;
            }
            default -> {
                Injected out = new Injected().root(Matcher.of(Injected.pod(db, p)));
                Instant at = onset;
                for (int i = 0; i < 3; i++) {
                    String line = "postgres".equals(db.flavour)
                            ? t.lines.postgres(at, i == 2 ? "PANIC" : "ERROR", "could not write to file \"pg_wal/xlogtemp."
                            + Words.between(t.rng, 30, 900) + "\": No space left on device")
                            : t.lines.mysql(at, "ERROR", "MY-000035", "Disk is full writing './binlog.0000"
                            + Words.between(t.rng, 10, 99) + "' (OS errno 28 - No space left on device). Waiting for "
                            + "someone to free space...");
                    t.log(at, db, p, line);
                    at = at.plusSeconds(Words.between(t.rng, 5, 30));
                }
                if ("postgres".equals(db.flavour)) {
                    Propagation.crashLoop(t, db, p, at, "Error", 1, 3);
                }
                Propagation.toCallers(t, db, onset.plusSeconds(1), "postgres".equals(db.flavour)
                        ? LogLines.Symptom.REFUSED : LogLines.Symptom.TIMEOUT, 300, out);
                t.log(at.plusSeconds(1), db, p, "postgres".equals(db.flavour) ? t.lines.postgres(at, "LOG",
                        "database system is shut down") : t.lines.mysql(at, "Warning", "MY-010055",
                        "IP address could not be resolved"));
                yield out;
            }
        };
    }

    private static Injected claimPending(Tape t, Cluster.Service db, Instant onset) {
        Cluster.Pod p = t.cluster.newPod(t.rng, db, db.pods.size());
        db.pods.add(p);
        String claim = "data-" + p.name;
        String sc = Words.pick(t.rng, List.of("fast-ssd", "gp3", "premium-rwo", "csi-cinder-high"));
        Injected out = new Injected().root(Matcher.of("persistentvolumeclaim/" + db.ns + "/" + claim));
        out.alt(Matcher.of(Injected.pod(db, p), "CLAIM_PENDING"));
        t.workload(onset, db, db.pods.size(), db.pods.size() - 1, true, true, "");
        ObjectNode pvc = K8sJson.object("v1", "PersistentVolumeClaim", K8sJson.meta(claim, db.ns, Words.uid(t.rng),
                onset));
        pvc.putObject("spec").put("storageClassName", sc).putObject("resources").putObject("requests")
                .put("storage", Words.between(t.rng, 10, 500) + "Gi");
        pvc.putObject("status").put("phase", "Pending");
        t.object(onset.plusSeconds(1), pvc);
        K8sJson.PodState st = t.state(db, p);
        st.scheduled = false;
        st.phase = "Pending";
        st.ready = false;
        t.pod(onset.plusSeconds(1), db, p);
        Tape.Agg prov = t.event(onset.plusSeconds(2), db.ns, "PersistentVolumeClaim", claim, null,
                "ProvisioningFailed", "Warning", "failed to provision volume with StorageClass \"" + sc + "\": rpc "
                        + "error: code = ResourceExhausted desc = " + Words.pick(t.rng, List.of("Quota 'SSD_TOTAL_GB' "
                        + "exceeded.", "VolumeLimitExceeded: maximum number of volumes reached")),
                "persistentvolume-controller", null);
        Tape.Agg sched = t.podEvent(onset.plusSeconds(3), db, p, "FailedScheduling", "Warning", "0/"
                + t.cluster.nodes.size() + " nodes are available: pod has unbound immediate PersistentVolumeClaims. "
                + "preemption: 0/" + t.cluster.nodes.size() + " nodes are available: " + t.cluster.nodes.size()
                + " Preemption is not helpful for scheduling.");
        for (int i = 1; i < 6; i++) {
            t.repeat(prov, onset.plusSeconds(2 + 60L * i));
            t.repeat(sched, onset.plusSeconds(3 + 60L * i));
        }
        out.affected.add(Injected.pod(db, p));
        return out;
    }

    static Injected scheduling(Tape t, Cluster.Service s, Instant onset, int variant) {
        int n = t.cluster.nodes.size();
        Injected out = new Injected();
        String message;
        if (variant == 2) {
            Cluster.Node cordoned = t.cluster.nodes.get(t.rng.nextInt(n));
            t.node(onset, cordoned, "True", "KubeletReady", null, true);
            t.event(onset, "", "Node", cordoned.name(), null, "NodeNotSchedulable", "Normal", "Node "
                    + cordoned.name() + " status is now: NodeNotSchedulable", "kubelet", cordoned.name());
            message = "0/" + n + " nodes are available: 1 node(s) were unschedulable, " + (n - 1)
                    + " Insufficient memory. preemption: 0/" + n + " nodes are available: 1 Preemption is not helpful "
                    + "for scheduling, " + (n - 1) + " No preemption victims found for incoming pod.";
            out.alt(Matcher.of("node//" + cordoned.name()));
        } else if (variant == 1) {
            String taint = Words.pick(t.rng, List.of("dedicated: gpu", "node.kubernetes.io/disk-pressure: ",
                    "team: data"));
            message = "0/" + n + " nodes are available: " + n + " node(s) had untolerated taint {" + taint + "}. "
                    + "preemption: 0/" + n + " nodes are available: " + n + " Preemption is not helpful for scheduling.";
        } else {
            message = "0/" + n + " nodes are available: " + n + " Insufficient cpu. preemption: 0/" + n + " nodes are "
                    + "available: " + n + " No preemption victims found for incoming pod.";
        }
        int extra = Words.between(t.rng, 2, 4);
        Instant at = onset.plusSeconds(variant == 2 ? Words.between(t.rng, 30, 90) : 0);
        t.workload(at, s, s.pods.size() + extra, s.pods.size(), true, true, "ReplicaSetUpdated");
        t.event(at, s.ns, "Deployment", s.name, s.uid, "ScalingReplicaSet", "Normal", "Scaled up replica set "
                + s.name + "-" + s.rsHash + " to " + (s.pods.size() + extra), "deployment-controller", null);
        for (int i = 0; i < extra; i++) {
            Cluster.Pod p = t.cluster.newPod(t.rng, s, s.pods.size() + i);
            K8sJson.PodState st = t.state(s, p);
            st.scheduled = false;
            st.phase = "Pending";
            st.ready = false;
            t.pod(at.plusSeconds(1), s, p);
            Tape.Agg e = t.event(at.plusSeconds(2), s.ns, "Pod", p.name, p.uid, "FailedScheduling", "Warning",
                    message, "default-scheduler", null);
            for (int r = 1; r < 5; r++) {
                t.repeat(e, at.plusSeconds(2 + 90L * r));
            }
            if (i == 0) {
                out.root(Matcher.of(Injected.pod(s, p), "SCHEDULING_FAILED"));
                if (t.rng.nextBoolean()) {
                    t.event(at.plusSeconds(12), s.ns, "Pod", p.name, p.uid, "NotTriggerScaleUp", "Normal",
                            "pod didn't trigger scale-up: " + Words.between(t.rng, 1, 3) + " max node group size reached",
                            "cluster-autoscaler", null);
                }
            } else {
                out.alt(Matcher.of(Injected.pod(s, p), "SCHEDULING_FAILED"));
                out.affected.add(Injected.pod(s, p));
            }
        }
        out.alt(Matcher.of(s.workloadId()));
        return out;
    }

    static Injected dns(Tape t, Instant onset, boolean upstream) {
        Cluster.Service dns = t.cluster.coredns;
        Injected out = new Injected();
        for (Cluster.Pod p : dns.pods) {
            if (out.root == null) {
                out.root(Matcher.of(Injected.pod(dns, p)));
            } else {
                out.alt(Matcher.of(Injected.pod(dns, p)));
                out.affected.add(Injected.pod(dns, p));
            }
        }
        out.alt(Matcher.of("deployment/kube-system/coredns"));
        for (Cluster.Pod p : dns.pods) {
            Instant at = onset.plusSeconds(t.rng.nextInt(5));
            if (upstream) {
                String up = Words.pick(t.rng, List.of("8.8.8.8", "169.254.169.253", "10.0.0.2", "1.1.1.1"));
                for (int i = 0; i < 8; i++) {
                    t.log(at.plusSeconds(11L * i), dns, p, "[ERROR] plugin/errors: 2 " + Words.pick(t.rng, List.of(
                            "api.stripe.com.", "sqs.eu-west-1.amazonaws.com.", "oauth2.googleapis.com.",
                            "hooks.slack.com.")) + " " + Words.pick(t.rng, List.of("A", "AAAA")) + ": read udp "
                            + p.ip + ":" + Words.between(t.rng, 30000, 60000) + "->" + up + ":53: i/o timeout");
                }
            } else {
                t.log(at, dns, p, "[FATAL] plugin/loop: Loop (127.0.0.1:" + Words.between(t.rng, 30000, 60000)
                        + " -> :53) detected for zone \".\", see https://coredns.io/plugins/loop#troubleshooting. "
                        + "Query: \"HINFO " + Words.between(t.rng, 1000000, 9999999) + "." + Words.between(t.rng,
                        1000000, 9999999) + ".\"");
                Propagation.crashLoop(t, dns, p, at.plusSeconds(1), "Error", 1, 4);
            }
        }
        List<Cluster.Service> apps = t.cluster.services.stream().filter(s -> !s.calls.isEmpty()).toList();
        for (Cluster.Service caller : apps.subList(0, Math.min(apps.size(), Words.between(t.rng, 1, 3)))) {
            Cluster.Call c = caller.calls.get(0);
            Propagation.errors(t, caller, c.host(), c.callee().port, LogLines.Symptom.DNS,
                    onset.plusSeconds(Words.between(t.rng, 3, 30)), Words.between(t.rng, 60, 300), out);
        }
        return out;
    }

    static Injected networkPolicy(Tape t, Cluster.Service target, Instant onset) {
        String name = Words.pick(t.rng, List.of("default-deny-ingress", "deny-all", "allow-same-namespace",
                target.name + "-ingress", "restrict-" + target.name));
        Injected out = new Injected().root(Matcher.of("networkpolicy/" + target.ns + "/" + name));
        ObjectNode np = K8sJson.object("networking.k8s.io/v1", "NetworkPolicy", K8sJson.meta(name, target.ns,
                Words.uid(t.rng), onset));
        ObjectNode spec = np.putObject("spec");
        spec.putObject("podSelector").putObject("matchLabels").put("app", target.name);
        spec.putArray("policyTypes").add("Ingress");
        spec.putArray("ingress").addObject().putArray("from").addObject().putObject("podSelector")
                .putObject("matchLabels").put("role", "frontend");
        t.object(onset, np);
        Propagation.toCallers(t, target, onset.plusSeconds(2), LogLines.Symptom.TIMEOUT, Words.between(t.rng, 120,
                400), out);
        return out;
    }
}
