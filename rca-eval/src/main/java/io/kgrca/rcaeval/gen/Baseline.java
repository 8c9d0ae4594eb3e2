package io.kgrca.rcaeval.gen;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A cluster's ordinary life: its objects at start, life-cycle events, INFO logs, and unrelated warnings. */
final class Baseline {

    private Baseline() {
    }

    /** Every node, workload, ReplicaSet, Service and pod at {@code t0}, with each pod's start-up events. */
    static void bootstrap(Tape t) {
        Instant t0 = t.t0;
        for (Cluster.Node n : t.cluster.nodes) {
            t.node(t0, n, "True", "KubeletReady", null, false);
        }
        for (Cluster.Service s : t.cluster.all()) {
            t.workload(t0, s, s.pods.size(), s.pods.size(), true, true, "NewReplicaSetAvailable");
            if (!s.stateful) {
                t.object(t0, K8sJson.replicaSet(s, s.rsHash, s.pods.size(), s.pods.size(), t0));
            }
            t.object(t0, K8sJson.service(s, Words.uid(t.rng), t0));
            for (Cluster.Pod p : s.pods) {
                Instant at = t0.plusSeconds(t.rng.nextInt(20));
                t.pod(at, s, p);
                String image = t.state(s, p).image;
                t.podEvent(at, s, p, "Scheduled", "Normal", "Successfully assigned " + s.ns + "/" + p.name + " to "
                        + p.node);
                t.podEvent(at.plusSeconds(1), s, p, "Pulling", "Normal", "Pulling image \"" + image + "\"");
                t.podEvent(at.plusSeconds(4), s, p, "Pulled", "Normal", "Successfully pulled image \"" + image
                        + "\" in " + Words.between(t.rng, 300, 9000) + "ms");
                t.podEvent(at.plusSeconds(4), s, p, "Created", "Normal", "Created container "
                        + K8sJson.containerName(s));
                t.podEvent(at.plusSeconds(5), s, p, "Started", "Normal", "Started container "
                        + K8sJson.containerName(s));
            }
        }
    }

    /** INFO life of every pod from {@code t0} to {@code end}. */
    static void life(Tape t, Instant end) {
        for (Cluster.Service s : t.cluster.all()) {
            for (Cluster.Pod p : s.pods) {
                Instant at = t.t0.plusSeconds(30 + t.rng.nextInt(120));
                while (at.isBefore(end)) {
                    t.log(at, s, p, infoLine(t, s, at));
                    at = at.plusSeconds(Words.between(t.rng, 300, 600));
                }
            }
        }
    }

    private static String infoLine(Tape t, Cluster.Service s, Instant at) {
        return switch (s.flavour) {
            case "postgres" -> t.rng.nextBoolean() ? t.lines.postgres(at, "LOG", "checkpoint starting: time")
                    : t.lines.postgres(at, "LOG", "checkpoint complete: wrote " + Words.between(t.rng, 10, 4000)
                    + " buffers (" + Words.between(t.rng, 0, 9) + ".1%); 0 WAL file(s) added, 0 removed, 1 recycled");
            case "mysql" -> t.lines.mysql(at, "System", "MY-010931", "/usr/sbin/mysqld: ready for connections. "
                    + "Version: '8.0.36'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.");
            case "redis" -> t.rng.nextBoolean() ? t.lines.redis(at, '*', "Background saving started by pid "
                    + Words.between(t.rng, 100, 9999)) : t.lines.redis(at, '*', "DB saved on disk");
            case "coredns" -> "[INFO] 10.244.0." + Words.between(t.rng, 2, 250) + ":" + Words.between(t.rng, 30000,
                    60000) + " - " + Words.between(t.rng, 1000, 65000) + " \"A IN " + Words.pick(t.rng,
                    t.cluster.services).fqdn() + ". udp 64 false 512\" NOERROR qr,aa,rd 106 0.0001s";
            default -> t.lines.request(s, at, t.rng.nextInt(8) == 0 ? 404 : 200);
        };
    }

    /** One to three unrelated warnings on services other than those in {@code avoid}. */
    static void unrelatedWarnings(Tape t, Instant around, Set<String> avoid) {
        List<Cluster.Service> free = t.cluster.services.stream()
                .filter(s -> s.pods.stream().noneMatch(p -> avoid.contains(Injected.pod(s, p)))).toList();
        if (free.isEmpty()) {
            return;
        }
        for (int i = 0; i < Words.between(t.rng, 1, 3); i++) {
            Cluster.Service s = Words.pick(t.rng, free);
            Cluster.Pod p = Words.pick(t.rng, s.pods);
            Instant at = around.plusSeconds(Words.between(t.rng, -400, 400));
            switch (t.rng.nextInt(3)) {
                case 0 -> t.podEvent(at, s, p, "Unhealthy", "Warning", "Readiness probe failed: Get \"http://" + p.ip
                        + ":" + s.port + "/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting "
                        + "headers)");
                case 1 -> t.podEvent(at, s, p, "DNSConfigForming", "Warning", "Nameserver limits were exceeded, some "
                        + "nameservers have been omitted, the applied nameserver line is: 10.96.0.10 10.0.0.2 "
                        + "169.254.169.254");
                default -> t.log(at, s, p, t.lines.appLevel(s, at, "WARN", Words.pick(t.rng, List.of(
                        "failed to export metrics: context deadline exceeded", "deprecated configuration key "
                                + "'server.max-http-header-size' is used", "retrying request to "
                                + "https://api.segment.io/v1/batch (attempt 2)"))));
            }
        }
    }
}
