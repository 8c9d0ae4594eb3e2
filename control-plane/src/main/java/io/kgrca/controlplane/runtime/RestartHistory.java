package io.kgrca.controlplane.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The crash-loop history that travels with a worker, so that a restarted control plane adopts it instead of
 * starting the count again: the cumulative number of restarts and the times of the recent ones (the first of them
 * is when the current crash loop began). Docker keeps it in two labels set when the container is created; the
 * process runtime in its state file; the in-memory runtime on the instance.
 *
 * @param total  restarts of this worker, cumulative across control-plane restarts
 * @param recent times of the latest restarts, oldest first, at most {@link #MAX_RECENT}
 */
public record RestartHistory(int total, List<Instant> recent) {

    /** No restart. */
    public static final RestartHistory NONE = new RestartHistory(0, List.of());
    /** At most this many restart times are kept (labels stay small; MAX_RESTARTS above it needs no more). */
    public static final int MAX_RECENT = 32;
    /** Label holding {@link #total()}. */
    public static final String RESTARTS_LABEL = "io.kgrca.restarts";
    /** Label holding {@link #recent()} as comma-separated epoch milliseconds. */
    public static final String RESTART_TIMES_LABEL = "io.kgrca.restart-times";

    /** Keeps the latest {@link #MAX_RECENT} times; a negative total is zero. */
    public RestartHistory {
        total = Math.max(0, total);
        List<Instant> r = recent == null ? List.of() : recent;
        recent = List.copyOf(r.subList(Math.max(0, r.size() - MAX_RECENT), r.size()));
    }

    /** This history plus a restart at {@code at}. */
    public RestartHistory plus(Instant at) {
        List<Instant> r = new ArrayList<>(recent);
        r.add(at);
        return new RestartHistory(total + 1, r);
    }

    /** The label value of {@link #recent()}. */
    public String timesLabel() {
        StringBuilder s = new StringBuilder();
        for (Instant i : recent) {
            s.append(s.length() == 0 ? "" : ",").append(i.toEpochMilli());
        }
        return s.toString();
    }

    /** Parses the two labels; anything unreadable (a hand-edited container) counts as no history. */
    public static RestartHistory fromLabels(String restarts, String times) {
        try {
            int total = restarts == null || restarts.isEmpty() ? 0 : Integer.parseInt(restarts);
            List<Instant> recent = new ArrayList<>();
            if (times != null && !times.isEmpty()) {
                for (String t : times.split(",", MAX_RECENT + 1)) {
                    recent.add(Instant.ofEpochMilli(Long.parseLong(t.trim())));
                }
            }
            return new RestartHistory(total, recent);
        } catch (RuntimeException e) {
            return NONE;
        }
    }
}
