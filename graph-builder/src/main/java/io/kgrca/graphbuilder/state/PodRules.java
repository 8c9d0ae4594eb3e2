package io.kgrca.graphbuilder.state;

import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state faults of a pod record, from the agent's status summary ({@code phase}, {@code reason}, {@code ready},
 * {@code restarts}, {@code terminating} and per container {@code name}, {@code state}, {@code reason},
 * {@code exit_code}, {@code restart_count}, {@code last_terminated_reason}). Pure.
 */
final class PodRules {

    /** A restart episode stays open this long after its last increase (the kubelet's back-off tops at 5 min). */
    static final long RESTART_QUIET_MS = 10 * 60_000L;

    private static final Map<String, SignalType> WAITING = Map.of(
            "CrashLoopBackOff", SignalType.CRASH_LOOP,
            "ErrImagePull", SignalType.IMAGE_PULL_FAILED,
            "InvalidImageName", SignalType.IMAGE_PULL_FAILED,
            "ImagePullBackOff", SignalType.IMAGE_PULL_BACKOFF,
            "CreateContainerConfigError", SignalType.CONFIG_ERROR,
            "CreateContainerError", SignalType.CONFIG_ERROR);

    private static final String OOM = "OOMKilled";

    private PodRules() {
    }

    static void faults(Snapshot prev, ResourceRecord next, Map<String, OpenCondition> open, List<Fault> out) {
        if (!"pod".equals(next.ref().kind().toLowerCase(Locale.ROOT))) {
            return;
        }
        ResourceRef self = next.ref();
        Map<String, Object> st = next.status();
        long before = prev == null ? -1 : restarts(prev.status());
        long now = restarts(st);
        Map<String, Long> previousCounts = new HashMap<>();
        if (prev != null) {
            for (Map<String, Object> c : Values.maps(prev.status(), "containers")) {
                Long n = Values.number(c, "restart_count");
                if (n != null) {
                    previousCounts.put(Values.text(c, "name"), n);
                }
            }
        }
        String lastOfRestarted = null;
        for (Map<String, Object> c : Values.maps(st, "containers")) {
            Long was = previousCounts.get(Values.text(c, "name"));
            Long count = Values.number(c, "restart_count");
            boolean rose = was != null && count != null && count > was;
            if (rose && lastOfRestarted == null) {
                lastOfRestarted = Values.text(c, "last_terminated_reason");
            }
            containerFaults(self, c, rose, out);
        }
        restartFault(self, lastOfRestarted != null ? lastOfRestarted : lastTermination(st), before, now, next, open,
                out);
        Boolean ready = Values.bool(st, "ready");
        Boolean wasReady = prev == null ? null : Values.bool(prev.status(), "ready");
        boolean terminating = Boolean.TRUE.equals(Values.bool(st, "terminating"));
        String phase = Values.text(st, "phase");
        if (Boolean.FALSE.equals(ready) && !terminating && !"Succeeded".equals(phase) && !"Failed".equals(phase)
                && (Boolean.TRUE.equals(wasReady) || open.containsKey(SignalType.READINESS_FAILED.name()))) {
            out.add(Fault.of(SignalType.READINESS_FAILED, self, "NotReady", "pod ready true → false",
                    Severity.WARNING, Map.of("phase", String.valueOf(phase))));
        }
        if ("Failed".equals(phase) && "Evicted".equals(Values.text(st, "reason"))) {
            out.add(Fault.of(SignalType.EVICTED, self, "Evicted", "pod evicted (phase Failed)", Severity.WARNING,
                    Map.of()));
        }
    }

    /** The faults of one container; {@code increased} when its own restart count rose since the last record. */
    private static void containerFaults(ResourceRef self, Map<String, Object> c, boolean increased, List<Fault> out) {
        String name = Values.text(c, "name");
        String state = Values.text(c, "state");
        String reason = Values.text(c, "reason");
        String last = Values.text(c, "last_terminated_reason");
        Long exit = Values.number(c, "exit_code");
        Map<String, Object> detail = detail(name, state, reason, last, exit);
        if ("waiting".equals(state) && reason != null && WAITING.containsKey(reason)) {
            SignalType type = WAITING.get(reason);
            String suffix = last == null ? "" : " (last terminated: " + last + ")";
            out.add(Fault.of(type, self, reason, "container " + name + " waiting: " + reason + suffix,
                    type == SignalType.IMAGE_PULL_BACKOFF ? Severity.WARNING : Severity.ERROR, detail));
        }
        boolean terminated = "terminated".equals(state);
        if ((terminated && OOM.equals(reason)) || (OOM.equals(last) && (increased || "waiting".equals(state)))) {
            out.add(Fault.of(SignalType.OOM_KILLED, self, OOM, "container " + name + " "
                    + (terminated && OOM.equals(reason) ? "terminated" : "last terminated") + ": OOMKilled",
                    Severity.ERROR, detail));
        } else if (terminated && ("Error".equals(reason) || (exit != null && exit != 0))) {
            out.add(Fault.of(SignalType.CONTAINER_FAILED, self, reason == null ? "Error" : reason,
                    "container " + name + " terminated: " + reason + " (exit code " + exit + ")", Severity.ERROR,
                    detail));
        } else if (!terminated && "Error".equals(last) && increased) {
            out.add(Fault.of(SignalType.CONTAINER_FAILED, self, "Error",
                    "container " + name + " last terminated: Error", Severity.ERROR, detail));
        }
    }

    /**
     * One CONTAINER_RESTARTED episode per run of increases: it opens on an increase, counts the restarts (the sum
     * of the increases), and closes at the first record more than {@link #RESTART_QUIET_MS} after the last one.
     */
    private static void restartFault(ResourceRef self, String last, long before, long now,
                                     ResourceRecord next, Map<String, OpenCondition> open, List<Fault> out) {
        OpenCondition episode = open.get(SignalType.CONTAINER_RESTARTED.name());
        long at = next.at().toEpochMilli();
        if (before >= 0 && now > before) {
            String msg = "restarts " + before + " → " + now
                    + (last == null ? "" : " (last terminated: " + last + ")");
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("restarts_before", before);
            detail.put("restarts", now);
            if (last != null) {
                detail.put("last_terminated_reason", last);
            }
            out.add(new Fault(SignalType.CONTAINER_RESTARTED, self, last == null ? "Restarted" : last, msg,
                    Severity.WARNING, detail, now - before));
        } else if (episode != null && at - episode.lastSeen() <= RESTART_QUIET_MS) {
            out.add(new Fault(SignalType.CONTAINER_RESTARTED, self, episode.reason(), episode.message(),
                    episode.severity(), episode.detail(), 0));
        }
    }

    /** The pod's restart count: {@code restarts}, else the sum over its containers; -1 when unknown. */
    static long restarts(Map<String, Object> status) {
        Long total = Values.number(status, "restarts");
        if (total != null) {
            return total;
        }
        List<Map<String, Object>> containers = Values.maps(status, "containers");
        long sum = 0;
        boolean known = false;
        for (Map<String, Object> c : containers) {
            Long n = Values.number(c, "restart_count");
            if (n != null) {
                sum += n;
                known = true;
            }
        }
        return known ? sum : -1;
    }

    private static String lastTermination(Map<String, Object> status) {
        for (Map<String, Object> c : Values.maps(status, "containers")) {
            String r = Values.text(c, "last_terminated_reason");
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static Map<String, Object> detail(String name, String state, String reason, String last, Long exit) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("container", name);
        if (state != null) {
            d.put("state", state);
        }
        if (reason != null) {
            d.put("reason", reason);
        }
        if (last != null) {
            d.put("last_terminated_reason", last);
        }
        if (exit != null) {
            d.put("exit_code", exit);
        }
        return d;
    }
}
