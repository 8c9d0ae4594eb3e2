package io.kgrca.rcaeval.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kgrca.rcaeval.corpus.Matcher;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Faults inside one workload: memory, rollouts with a bad image, value, key or probe, and failing Jobs. */
final class WorkloadFaults {

    private WorkloadFaults() {
    }

    static Injected oom(Tape t, Cluster.Service s, Instant onset, boolean leak) {
        Cluster.Pod p = s.pods.get(t.rng.nextInt(s.pods.size()));
        Injected out = new Injected().root(Matcher.of(Injected.pod(s, p), "OOM_KILLED", "RESOURCE_EXHAUSTED"))
                .alt(Matcher.of(s.workloadId(), "OOM_KILLED", "RESOURCE_EXHAUSTED"));
        if (leak) {
            Instant at = onset.minusSeconds(Words.between(t.rng, 300, 700));
            int heap = Words.between(t.rng, 512, 2048);
            for (int pct = 70; at.isBefore(onset); pct += Words.between(t.rng, 2, 6)) {
                t.log(at, s, p, leakLine(t, s, at, Math.min(pct, 99), heap));
                at = at.plusSeconds(Words.between(t.rng, 25, 70));
            }
        }
        if (t.rng.nextBoolean()) {
            Cluster.Node node = t.cluster.nodes.stream().filter(n -> n.name().equals(p.node)).findFirst().orElseThrow();
            t.event(onset, "", "Node", node.name(), null, "OOMKilling", "Warning", "Memory cgroup out of memory: "
                    + "Killed process " + Words.between(t.rng, 1000, 99999) + " (" + processName(s) + ") total-vm:"
                    + Words.between(t.rng, 1_000_000, 9_000_000) + "kB, anon-rss:" + Words.between(t.rng, 500_000,
                    2_000_000) + "kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4212kB oom_score_adj:983",
                    "kernel-monitor", node.name());
        }
        Propagation.crashLoop(t, s, p, onset.plusSeconds(Words.between(t.rng, 1, 4)), "OOMKilled", 137,
                Words.between(t.rng, 3, 5));
        LogLines.Symptom symptom = s.pods.size() > 1 ? LogLines.Symptom.HTTP_5XX : LogLines.Symptom.REFUSED;
        Propagation.toCallers(t, s, onset.plusSeconds(2), symptom, Words.between(t.rng, 120, 400), out);
        return out;
    }

    private static String leakLine(Tape t, Cluster.Service s, Instant at, int pct, int heapMb) {
        int used = heapMb * pct / 100;
        return switch (s.flavour) {
            case "java" -> "[" + at + "][info][gc] GC(" + Words.between(t.rng, 100, 9999) + ") Pause Full (G1 "
                    + "Compaction Pause) " + used + "M->" + (used - Words.between(t.rng, 0, 5)) + "M(" + heapMb + "M) "
                    + Words.between(t.rng, 200, 1900) + ".123ms";
            case "node" -> "{\"level\":40,\"time\":" + at.toEpochMilli() + ",\"msg\":\"heap usage high\",\"heapUsedMB\":"
                    + used + ",\"heapLimitMB\":" + heapMb + "}";
            default -> t.lines.appLevel(s, at, "WARN", "memory usage " + pct + "% of limit (" + used + "Mi/"
                    + heapMb + "Mi)");
        };
    }

    private static String processName(Cluster.Service s) {
        return switch (s.flavour) {
            case "java" -> "java";
            case "node" -> "node";
            case "python" -> "python3";
            case "nginx" -> "nginx";
            default -> s.name.length() > 15 ? s.name.substring(0, 15) : s.name;
        };
    }

    /** A rollout: a new ReplicaSet and one new pod of it (the surge); returns the new pod. */
    static Cluster.Pod rollout(Tape t, Cluster.Service s, Instant at, String newTag) {
        if (newTag != null) {
            s.tag = newTag;
        }
        s.rsHash = Words.between(t.rng, 5, 9) + Words.alnum(t.rng, 8);
        t.workload(at, s, s.pods.size(), s.pods.size(), true, true, "ReplicaSetUpdated");
        t.object(at.plusSeconds(1), K8sJson.replicaSet(s, s.rsHash, 1, 0, at));
        Cluster.Pod p = t.cluster.newPod(t.rng, s, s.pods.size());
        t.state(s, p).image = s.image + ":" + s.tag;
        t.state(s, p).ready = false;
        t.pod(at.plusSeconds(2), s, p);
        t.event(at.plusSeconds(1), s.ns, "Deployment", s.name, s.uid, "ScalingReplicaSet", "Normal",
                "Scaled up replica set " + s.name + "-" + s.rsHash + " to 1", "deployment-controller", null);
        t.podEvent(at.plusSeconds(2), s, p, "Scheduled", "Normal", "Successfully assigned " + s.ns + "/" + p.name
                + " to " + p.node);
        s.pods.add(p);
        return p;
    }

    private static Injected rolloutTruth(Cluster.Service s, Cluster.Pod p, String... podTypes) {
        return new Injected().root(Matcher.of(Injected.pod(s, p), podTypes)).alt(Matcher.of(s.workloadId()))
                .alt(Matcher.of("replicaset/" + s.ns + "/" + s.name + "-" + s.rsHash));
    }

    static Injected badImage(Tape t, Cluster.Service s, Instant onset) {
        String tag = Words.pick(t.rng, List.of("v" + Words.between(t.rng, 2, 9) + "." + Words.between(t.rng, 0, 40)
                + ".0-rc" + Words.between(t.rng, 1, 4), Words.hex(t.rng, 7), "latest-" + Words.alnum(t.rng, 4)));
        Cluster.Pod p = rollout(t, s, onset, tag);
        Injected out = rolloutTruth(s, p, "IMAGE_PULL_FAILED", "IMAGE_PULL_BACKOFF");
        String image = s.image + ":" + tag;
        Instant at = onset.plusSeconds(Words.between(t.rng, 3, 8));
        t.podEvent(at, s, p, "Pulling", "Normal", "Pulling image \"" + image + "\"");
        Tape.Agg failed = t.podEvent(at.plusSeconds(1), s, p, "Failed", "Warning", "Failed to pull image \"" + image
                + "\": " + Words.pick(t.rng, List.of("rpc error: code = NotFound desc = failed to pull and unpack image \""
                + image + "\": failed to resolve reference \"" + image + "\": " + image + ": not found",
                "Error response from daemon: manifest for " + image + " not found: manifest unknown: manifest unknown")));
        t.podEvent(at.plusSeconds(1), s, p, "Failed", "Warning", "Error: ErrImagePull");
        K8sJson.PodState st = t.state(s, p);
        st.waitingReason = "ErrImagePull";
        st.waitingMessage = "rpc error: code = NotFound";
        t.pod(at.plusSeconds(2), s, p);
        Tape.Agg backoff = t.podEvent(at.plusSeconds(15), s, p, "BackOff", "Normal", "Back-off pulling image \""
                + image + "\"");
        st.waitingReason = "ImagePullBackOff";
        st.waitingMessage = "Back-off pulling image \"" + image + "\"";
        t.pod(at.plusSeconds(15), s, p);
        for (int i = 1; i < Words.between(t.rng, 4, 9); i++) {
            t.repeat(backoff, at.plusSeconds(15 + 30L * i));
            t.repeat(failed, at.plusSeconds(14 + 30L * i));
        }
        Instant deadline = onset.plusSeconds(600);
        t.workload(deadline, s, s.pods.size() - 1, s.pods.size() - 1, false, false, "ProgressDeadlineExceeded");
        t.event(deadline, s.ns, "Deployment", s.name, s.uid, "ProgressDeadlineExceeded", "Warning",
                "Deployment \"" + s.name + "\" has timed out progressing.", "deployment-controller", null);
        out.affected.add(s.workloadId());
        return out;
    }

    static Injected badConfig(Tape t, Cluster.Service s, Instant onset) {
        Cluster.Pod p = rollout(t, s, onset, null);
        Injected out = rolloutTruth(s, p, "CONFIG_ERROR", "FATAL_ERROR", "APPLICATION_ERROR", "CONTAINER_FAILED");
        Instant at = onset.plusSeconds(Words.between(t.rng, 4, 10));
        String key = Words.pick(t.rng, List.of("MAX_POOL_SIZE", "LISTEN_PORT", "CACHE_TTL", "RATE_LIMIT",
                "REQUEST_TIMEOUT"));
        String value = Words.pick(t.rng, List.of("ten", "30s ", "-1", "8080x", "\"\""));
        String line = switch (s.flavour) {
            case "java" -> t.lines.spring(at, "ERROR", "o.s.boot.SpringApplication", "Application run failed: "
                    + "org.springframework.boot.context.properties.bind.BindException: Failed to bind properties under "
                    + "'app." + key.toLowerCase(Locale.ROOT).replace('_', '-') + "' to java.lang.Integer");
            case "node" -> "Error: Invalid configuration: \"" + key + "\" must be a number, got '" + value + "'";
            case "python" -> "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\n"
                    + key.toLowerCase(Locale.ROOT) + "\n  Input should be a valid integer, unable to parse "
                    + "string as an integer [type=int_parsing, input_value='" + value + "', input_type=str]";
            case "nginx" -> "nginx: [emerg] invalid number of arguments in \"proxy_read_timeout\" directive in "
                    + "/etc/nginx/conf.d/default.conf:" + Words.between(t.rng, 5, 60);
            default -> "time=\"" + at + "\" level=fatal msg=\"invalid configuration\" error=\"" + key
                    + ": strconv.Atoi: parsing \\\"" + value.trim() + "\\\": invalid syntax\"";
        };
        for (int i = 0; i < 4; i++) {
            t.log(at.plusSeconds((10L << i) + i), s, p, line);
        }
        Propagation.crashLoop(t, s, p, at.plusSeconds(1), "Error", 1, Words.between(t.rng, 3, 5));
        out.affected.add(s.workloadId());
        return out;
    }

    static Injected missingKey(Tape t, Cluster.Service s, Instant onset) {
        Cluster.Pod p = rollout(t, s, onset, null);
        String cm = s.name + Words.pick(t.rng, List.of("-config", "-env", "-settings"));
        Injected out = rolloutTruth(s, p, "CONFIG_ERROR").alt(Matcher.of("configmap/" + s.ns + "/" + cm));
        String key = Words.pick(t.rng, List.of("DB_HOST", "FEATURE_FLAGS", "API_BASE_URL", "SMTP_HOST", "REGION"));
        ObjectNode config = K8sJson.object("v1", "ConfigMap", K8sJson.meta(cm, s.ns, Words.uid(t.rng), t.t0));
        config.putObject("data").put("LOG_LEVEL", "info").put("PORT", String.valueOf(s.port));
        t.object(t.t0, config);
        Instant at = onset.plusSeconds(Words.between(t.rng, 3, 8));
        Tape.Agg failed = t.podEvent(at, s, p, "Failed", "Warning", "Error: couldn't find key " + key
                + " in ConfigMap " + s.ns + "/" + cm);
        K8sJson.PodState st = t.state(s, p);
        st.waitingReason = "CreateContainerConfigError";
        st.waitingMessage = "couldn't find key " + key + " in ConfigMap " + s.ns + "/" + cm;
        t.pod(at, s, p);
        for (int i = 1; i < Words.between(t.rng, 4, 10); i++) {
            t.repeat(failed, at.plusSeconds(20L * i));
        }
        out.affected.add(s.workloadId());
        return out;
    }

    static Injected probe(Tape t, Cluster.Service s, Instant onset) {
        int wrong = s.port + Words.pick(t.rng, List.of(1, 1000, -80 + 90));
        Cluster.Pod p = rollout(t, s, onset, null);
        t.state(s, p).livenessPort = wrong;
        t.state(s, p).ready = true;
        t.pod(onset.plusSeconds(20), s, p);
        Injected out = new Injected().root(Matcher.of(s.workloadId()))
                .alt(Matcher.of(Injected.pod(s, p), "LIVENESS_FAILED", "CONTAINER_RESTARTED", "CHANGE_ROLLOUT"))
                .alt(Matcher.of("replicaset/" + s.ns + "/" + s.name + "-" + s.rsHash));
        out.affected.add(Injected.pod(s, p));
        Instant at = onset.plusSeconds(Words.between(t.rng, 30, 50));
        Tape.Agg unhealthy = t.podEvent(at, s, p, "Unhealthy", "Warning", "Liveness probe failed: Get \"http://"
                + p.ip + ":" + wrong + "/healthz\": dial tcp " + p.ip + ":" + wrong + ": connect: connection refused");
        for (int i = 1; i < 3; i++) {
            t.repeat(unhealthy, at.plusSeconds(10L * i));
        }
        t.podEvent(at.plusSeconds(21), s, p, "Killing", "Normal", "Container " + K8sJson.containerName(s)
                + " failed liveness probe, will be restarted");
        Propagation.crashLoop(t, s, p, at.plusSeconds(22), "Error", 137, Words.between(t.rng, 3, 5));
        for (int i = 3; i < 9; i++) {
            t.repeat(unhealthy, at.plusSeconds(40L * i));
        }
        return out;
    }

    static Injected job(Tape t, String ns, Instant onset) {
        String name = Words.pick(t.rng, Words.JOBS) + "-" + Words.between(t.rng, 28000000, 29999999);
        String uid = Words.uid(t.rng);
        Cluster.Service js = new Cluster.Service(ns, name, Cluster.Role.APP, Words.pick(t.rng,
                List.of("python", "go", "java")), 8080, true, Words.pick(t.rng, Words.REGISTRIES) + "/" + name.replaceAll("-\\d+$", ""),
                Words.hex(t.rng, 7), "", uid, uid);
        int limit = Words.between(t.rng, 1, 4);
        Injected out = new Injected().root(Matcher.of("job/" + ns + "/" + name));
        t.object(onset, jobJson(js, onset, 0, false, limit));
        String reason = Words.pick(t.rng, List.of("relation \"" + Words.pick(t.rng, List.of("orders_v2", "users",
                "invoices")) + "\" does not exist", "permission denied for table events",
                "connection to server failed: FATAL: password authentication failed for user \"etl\""));
        Instant at = onset;
        for (int i = 0; i <= limit; i++) {
            Cluster.Pod p = new Cluster.Pod(name + "-" + Words.alnum(t.rng, 5), Words.uid(t.rng),
                    t.cluster.nodes.get(t.rng.nextInt(t.cluster.nodes.size())).name(), "10.244.9." + (10 + i), "");
            js.pods.add(p);
            out.alt(Matcher.of(Injected.pod(js, p)));
            out.affected.add(Injected.pod(js, p));
            K8sJson.PodState st = t.state(js, p);
            t.pod(at, js, p);
            t.log(at.plusSeconds(3), js, p, t.lines.appLevel(js, at.plusSeconds(3), "ERROR", "migration failed: "
                    + reason));
            st.phase = "Failed";
            st.ready = false;
            t.pod(at.plusSeconds(4), js, p);
            at = at.plusSeconds(10L << i);
        }
        t.object(at, jobJson(js, onset, limit + 1, true, limit));
        t.event(at, ns, "Job", name, uid, "BackoffLimitExceeded", "Warning", "Job has reached the specified backoff "
                + "limit", "job-controller", null);
        return out;
    }

    private static ObjectNode jobJson(Cluster.Service js, Instant start,
                                                                        int failed, boolean done, int limit) {
        var o = K8sJson.object("batch/v1", "Job", K8sJson.meta(js.name, js.ns, js.uid, start));
        o.putObject("spec").put("backoffLimit", limit);
        var status = o.putObject("status");
        status.put("startTime", start.toString()).put("failed", failed).put("active", done ? 0 : 1);
        if (done) {
            status.putArray("conditions").addObject().put("type", "Failed").put("status", "True")
                    .put("reason", "BackoffLimitExceeded").put("message", "Job has reached the specified backoff limit");
        }
        return o;
    }
}
