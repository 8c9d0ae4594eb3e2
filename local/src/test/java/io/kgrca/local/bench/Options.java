package io.kgrca.local.bench;

import io.kgrca.common.config.Env;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's parameters, {@code key=value} arguments; every one has a default that keeps a trial run short.
 *
 * @param parts           {@code shared}, {@code dedicated} or both, in that order
 * @param tenants         tenants of the shared run
 * @param duration        the shared run's trickle
 * @param period          every tenant sends one probe event and one log line or pod status per period
 * @param fetchTenants    tenant counts of the fetched-per-produced phases of the shared run
 * @param fetchDuration   each of those phases
 * @param startupSamples  registrations timed to the first graph write, per placement
 * @param pools           {@code self}: the benchmark runs the pool instances and writes the placements;
 *                        {@code control-plane}: the control plane does both ({@code DEFAULT_PLACEMENT=shared})
 * @param poolInstances   instances per worker kind in {@code self} mode ({@code POOL_MIN} otherwise)
 * @param poolHeap        {@code -Xmx} of a self-started pool instance
 * @param levels          tenant counts of the dedicated run, rising
 * @param levelDuration   the trickle at each dedicated level
 * @param startTimeout    how long a dedicated tenant may take to its first graph write before the level breaks
 * @param breakP99        a dedicated level breaks when the probes' p99 exceeds this
 * @param drain           how long to wait for the last probes after a trickle (then they count as lost)
 */
record Options(List<String> parts, int tenants, Duration duration, Duration period, List<Integer> fetchTenants,
               Duration fetchDuration, int startupSamples, String pools, int poolInstances, String poolHeap,
               List<Integer> levels, Duration levelDuration, Duration startTimeout, Duration breakP99,
               Duration drain) {

    /** Parses {@code key=value} arguments over the defaults. */
    static Options parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got '" + a + "'");
            }
            m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Env env = new Env(m);
        Options o = new Options(list(m.getOrDefault("parts", "shared,dedicated")),
                env.integer("tenants", 100, 1, 100_000),
                env.duration("duration", Duration.ofSeconds(60)),
                env.duration("period", Duration.ofSeconds(5)),
                list(m.getOrDefault("fetchTenants", "10,100,1000")).stream().map(Integer::parseInt).toList(),
                env.duration("fetchDuration", Duration.ofSeconds(20)),
                env.integer("startupSamples", 3, 0, 100),
                m.getOrDefault("pools", "control-plane"),
                env.integer("poolInstances", 1, 1, 6),
                m.getOrDefault("poolHeap", "512m"),
                list(m.getOrDefault("levels", "3,6")).stream().map(Integer::parseInt).toList(),
                env.duration("levelDuration", Duration.ofSeconds(60)),
                env.duration("startTimeout", Duration.ofMinutes(5)),
                env.duration("breakP99", Duration.ofSeconds(10)),
                env.duration("drain", Duration.ofSeconds(90)));
        if (!List.of("self", "control-plane").contains(o.pools())) {
            throw new IllegalArgumentException("pools is self or control-plane, got " + o.pools());
        }
        return o;
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
