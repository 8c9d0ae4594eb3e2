package io.kgrca.rcaeval.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kgrca.rcaeval.corpus.Matcher;

import java.time.Instant;
import java.util.List;

/** Faults that show in a service's callers first: slow or saturated dependencies, pools, autoscaling, certificates. */
final class DependencyFaults {

    private static final List<String> STATEMENTS = List.of(
            "SELECT o.* FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = $1",
            "UPDATE inventory SET reserved = reserved + 1 WHERE sku = $1",
            "SELECT count(*) FROM events WHERE created_at > now() - interval '1 day'",
            "DELETE FROM sessions WHERE expires_at < now()");

    private DependencyFaults() {
    }

    static Injected slow(Tape t, Cluster.Service db, Instant onset) {
        Cluster.Pod p = db.pods.get(0);
        Injected out = new Injected().root(Matcher.of(Injected.pod(db, p))).alt(Matcher.of(db.workloadId()));
        // The database only logs at its ordinary level (LOG / Note) while it slows down.
        Instant at = onset;
        for (int i = 0; i < Words.between(t.rng, 6, 12); i++) {
            int ms = Words.between(t.rng, 1500, 4000) * (i + 1);
            t.log(at, db, p, "postgres".equals(db.flavour)
                    ? t.lines.postgres(at, "LOG", "duration: " + ms + "." + Words.between(t.rng, 100, 999)
                    + " ms  statement: " + Words.pick(t.rng, STATEMENTS))
                    : t.lines.mysql(at, "Note", "MY-010914", "Aborted connection " + Words.between(t.rng, 100, 9999)
                    + " to db: 'app' user: 'app' host: '10.244.1." + Words.between(t.rng, 2, 250)
                    + "' (Got timeout reading communication packets)"));
            if (i == 2 && "postgres".equals(db.flavour)) {
                t.log(at.plusSeconds(1), db, p, t.lines.postgres(at, "LOG", "checkpoints are occurring too frequently ("
                        + Words.between(t.rng, 5, 25) + " seconds apart)"));
            }
            at = at.plusSeconds(Words.between(t.rng, 15, 45));
        }
        if (t.rng.nextBoolean() && "postgres".equals(db.flavour)) {
            t.log(at, db, p, t.lines.postgres(at, "ERROR", "canceling statement due to statement timeout"));
        }
        Propagation.toCallers(t, db, onset.plusSeconds(Words.between(t.rng, 20, 90)), LogLines.Symptom.TIMEOUT,
                Words.between(t.rng, 200, 500), out);
        return out;
    }

    static Injected pool(Tape t, Cluster.Service db, Instant onset) {
        Cluster.Pod p = db.pods.get(0);
        Injected out = new Injected().root(Matcher.of(Injected.pod(db, p))).alt(Matcher.of(db.workloadId()));
        Cluster.Service caller = db.callers.get(t.rng.nextInt(db.callers.size()));
        if (!caller.stateful && t.rng.nextBoolean()) {
            int to = caller.pods.size() + Words.between(t.rng, 4, 10);
            t.workload(onset.minusSeconds(Words.between(t.rng, 30, 120)), caller, to, caller.pods.size(), true, true,
                    "ReplicaSetUpdated");
            out.alt(Matcher.of(caller.workloadId(), "CHANGE_SCALE"));
        }
        Instant at = onset;
        for (int i = 0; i < Words.between(t.rng, 6, 14); i++) {
            String line = switch (db.flavour) {
                case "postgres" -> t.lines.postgres(at, "FATAL", Words.pick(t.rng, List.of(
                        "sorry, too many clients already", "remaining connection slots are reserved for non-replication "
                                + "superuser connections")));
                case "redis" -> t.lines.redis(at, '#', "Error accepting a client connection: max number of clients "
                        + "reached");
                default -> t.lines.mysql(at, "Warning", "MY-010055", "Too many connections");
            };
            t.log(at, db, p, line);
            at = at.plusSeconds(Words.between(t.rng, 5, 25));
        }
        Propagation.toCallers(t, db, onset.plusSeconds(Words.between(t.rng, 1, 10)), LogLines.Symptom.POOL,
                Words.between(t.rng, 120, 300), out);
        return out;
    }

    static Injected hpaLimit(Tape t, Cluster.Service s, Instant onset) {
        String name = s.name;
        int max = s.pods.size();
        Injected out = new Injected().root(Matcher.of("horizontalpodautoscaler/" + s.ns + "/" + name))
                .alt(Matcher.of(s.workloadId()));
        for (Cluster.Pod p : s.pods) {
            out.alt(Matcher.of(Injected.pod(s, p), "TIMEOUT", "DEPENDENCY_SLOW", "RESOURCE_EXHAUSTED",
                    "AUTOSCALER_LIMITED"));
        }
        ObjectNode hpa = K8sJson.object("autoscaling/v2", "HorizontalPodAutoscaler", K8sJson.meta(name, s.ns,
                Words.uid(t.rng), t.t0));
        ObjectNode spec = hpa.putObject("spec");
        spec.put("minReplicas", 1).put("maxReplicas", max);
        spec.putObject("scaleTargetRef").put("apiVersion", "apps/v1").put("kind", "Deployment").put("name", name);
        ObjectNode status = hpa.putObject("status");
        status.put("currentReplicas", max).put("desiredReplicas", max);
        status.putArray("conditions").addObject().put("type", "ScalingLimited").put("status", "True")
                .put("reason", "TooManyReplicas").put("message", "the desired replica count is more than the maximum "
                        + "replica count");
        t.object(onset, hpa);
        Instant at = onset.plusSeconds(Words.between(t.rng, 5, 30));
        for (int i = 0; i < 6; i++) {
            Cluster.Pod p = s.pods.get(i % s.pods.size());
            int ms = 800 + 600 * i + Words.between(t.rng, 0, 300);
            t.log(at, s, p, t.lines.appLevel(s, at, "WARN", "slow request GET " + Words.pick(t.rng, Words.PATHS)
                    + " took " + ms + "ms (queue depth " + (20 + 15 * i) + ")"));
            at = at.plusSeconds(Words.between(t.rng, 20, 50));
        }
        Propagation.toCallers(t, s, onset.plusSeconds(Words.between(t.rng, 60, 150)), LogLines.Symptom.TIMEOUT,
                Words.between(t.rng, 120, 300), out);
        return out;
    }

    private static ObjectNode certificate(Tape t, Cluster.Service server, String name, Instant notAfter,
                                          boolean ready) {
        ObjectNode c = K8sJson.object("cert-manager.io/v1", "Certificate", K8sJson.meta(name, server.ns,
                "c" + name.hashCode(), t.t0));
        c.putObject("spec").put("secretName", name).putArray("dnsNames").add(server.fqdn());
        ObjectNode status = c.putObject("status");
        status.put("notAfter", notAfter.toString());
        status.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False")
                .put("reason", ready ? "Ready" : "Expired").put("message", ready ? "Certificate is up to date and has "
                        + "not expired" : "Certificate expired on " + notAfter);
        return c;
    }

    static Injected certificate(Tape t, Cluster.Service server, Instant onset) {
        String secret = server.name + Words.pick(t.rng, List.of("-tls", "-cert", "-server-tls"));
        Injected out = new Injected().root(Matcher.of("secret/" + server.ns + "/" + secret));
        for (Cluster.Pod p : server.pods) {
            out.alt(Matcher.of(Injected.pod(server, p), "CERTIFICATE_INVALID"));
        }
        ObjectNode tls = K8sJson.object("v1", "Secret", K8sJson.meta(secret, server.ns, Words.uid(t.rng), t.t0));
        tls.put("type", "kubernetes.io/tls");
        ((ObjectNode) tls.get("metadata")).putObject("annotations").put("cert-manager.io/certificate-name", secret);
        t.object(t.t0, tls);
        if (t.rng.nextBoolean()) {
            out.alt(Matcher.of("certificate/" + server.ns + "/" + secret));
            t.object(t.t0, certificate(t, server, secret, onset, true));
            t.object(onset, certificate(t, server, secret, onset, false));
        }
        for (Cluster.Pod p : server.pods.subList(0, Math.min(2, server.pods.size()))) {
            Instant at = onset.plusSeconds(Words.between(t.rng, 5, 40));
            for (int i = 0; i < 4; i++) {
                t.log(at, server, p, "nginx".equals(server.flavour) ? at.toString().substring(0, 19).replace('-', '/')
                        .replace('T', ' ') + " [info] 31#31: *" + Words.between(t.rng, 100, 9999) + " SSL_do_handshake()"
                        + " failed (SSL: error:0A000416:SSL routines::sslv3 alert certificate unknown:SSL alert "
                        + "number 46) while SSL handshaking, client: 10.244.0." + Words.between(t.rng, 2, 250)
                        : "http: TLS handshake error from 10.244.0." + Words.between(t.rng, 2, 250) + ":"
                        + Words.between(t.rng, 30000, 60000) + ": remote error: tls: bad certificate");
                at = at.plusSeconds(Words.between(t.rng, 10, 60));
            }
            out.affected.add(Injected.pod(server, p));
        }
        Propagation.toCallers(t, server, onset, LogLines.Symptom.X509, Words.between(t.rng, 120, 400), out);
        return out;
    }
}
