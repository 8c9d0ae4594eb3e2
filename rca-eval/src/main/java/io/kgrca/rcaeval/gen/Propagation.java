package io.kgrca.rcaeval.gen;

import java.time.Instant;
import java.util.List;

/** How a broken dependency shows in its callers: error lines naming it, readiness failures, 5xx one level up. */
final class Propagation {

    private Propagation() {
    }

    /**
     * The callers of {@code broken} log {@code symptom} naming it the way each names it, from {@code from} (plus a
     * random delay) for about {@code seconds}; some fail readiness; with probability one half their own callers log
     * 5xx naming them.
     */
    static void toCallers(Tape t, Cluster.Service broken, Instant from, LogLines.Symptom symptom, int seconds,
                          Injected out) {
        for (Cluster.Service caller : broken.callers) {
            String host = caller.calls.stream().filter(c -> c.callee() == broken).findFirst()
                    .map(Cluster.Call::host).orElse(broken.name);
            Instant start = from.plusSeconds(Words.between(t.rng, 3, 40));
            errors(t, caller, host, broken.port, symptom, start, seconds, out);
            if (t.rng.nextInt(10) < 4) {
                unready(t, caller, start.plusSeconds(Words.between(t.rng, 10, 60)), out);
            }
            if (t.rng.nextBoolean()) {
                for (Cluster.Service up : caller.callers) {
                    String upHost = up.calls.stream().filter(c -> c.callee() == caller).findFirst()
                            .map(Cluster.Call::host).orElse(caller.name);
                    errors(t, up, upHost, caller.port, LogLines.Symptom.HTTP_5XX,
                            start.plusSeconds(Words.between(t.rng, 5, 30)), seconds / 2, out);
                }
            }
        }
    }

    /** Error lines of every pod (up to three) of {@code caller} about {@code host}. */
    static void errors(Tape t, Cluster.Service caller, String host, int port, LogLines.Symptom symptom, Instant start,
                       int seconds, Injected out) {
        List<Cluster.Pod> pods = caller.pods.subList(0, Math.min(3, caller.pods.size()));
        for (Cluster.Pod p : pods) {
            Instant at = start.plusSeconds(t.rng.nextInt(15));
            Instant end = start.plusSeconds(Math.max(30, seconds));
            while (at.isBefore(end)) {
                if ("nginx".equals(caller.flavour) && t.rng.nextBoolean()) {
                    t.log(at, caller, p, t.lines.access(at, Words.pick(t.rng, Words.PATHS),
                            symptom == LogLines.Symptom.TIMEOUT ? 504 : 502));
                } else {
                    t.log(at, caller, p, t.lines.callError(caller, host, port, symptom, at));
                }
                at = at.plusSeconds(Words.between(t.rng, 8, 45));
            }
            out.affected.add(Injected.pod(caller, p));
        }
    }

    /** One or two pods of {@code s} fail readiness a few times and turn unready. */
    static void unready(Tape t, Cluster.Service s, Instant at, Injected out) {
        Cluster.Pod p = s.pods.get(t.rng.nextInt(s.pods.size()));
        Tape.Agg e = t.podEvent(at, s, p, "Unhealthy", "Warning", "Readiness probe failed: "
                + Words.pick(t.rng, List.of("HTTP probe failed with statuscode: 503",
                "Get \"http://" + p.ip + ":" + s.port + "/ready\": context deadline exceeded (Client.Timeout exceeded "
                        + "while awaiting headers)")));
        for (int i = 1; i < Words.between(t.rng, 2, 6); i++) {
            t.repeat(e, at.plusSeconds(10L * i));
        }
        t.state(s, p).ready = false;
        t.pod(at.plusSeconds(31), s, p);
        out.affected.add(Injected.pod(s, p));
    }

    /**
     * A container that keeps dying: each cycle the restart count rises, the last termination is
     * {@code reason}/{@code exitCode}, the container waits in CrashLoopBackOff, and BackOff repeats.
     */
    static void crashLoop(Tape t, Cluster.Service s, Cluster.Pod p, Instant at, String reason, int exitCode,
                          int cycles) {
        K8sJson.PodState st = t.state(s, p);
        Tape.Agg backoff = null;
        Instant when = at;
        for (int i = 0; i < cycles; i++) {
            st.restarts++;
            st.ready = false;
            st.lastReason = reason;
            st.lastExitCode = exitCode;
            st.lastFinished = when;
            st.waitingReason = i == 0 ? null : "CrashLoopBackOff";
            st.waitingMessage = i == 0 ? null : "back-off " + Math.min(300, 10 << i) + "s restarting failed container="
                    + K8sJson.containerName(s) + " pod=" + p.name + "_" + s.ns + "(" + p.uid + ")";
            t.pod(when, s, p);
            if (i > 0) {
                if (backoff == null) {
                    backoff = t.podEvent(when.plusSeconds(1), s, p, "BackOff", "Warning",
                            "Back-off restarting failed container " + K8sJson.containerName(s) + " in pod " + p.name
                                    + "_" + s.ns + "(" + p.uid + ")");
                } else {
                    t.repeat(backoff, when.plusSeconds(1));
                }
            } else {
                t.podEvent(when.plusSeconds(2), s, p, "Pulled", "Normal", "Container image \"" + st.image
                        + "\" already present on machine");
                t.podEvent(when.plusSeconds(2), s, p, "Started", "Normal", "Started container "
                        + K8sJson.containerName(s));
            }
            when = when.plusSeconds(Math.min(300, 10L << i) + Words.between(t.rng, 5, 20));
        }
    }
}
