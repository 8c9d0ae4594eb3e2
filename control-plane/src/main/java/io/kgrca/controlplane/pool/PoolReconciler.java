package io.kgrca.controlplane.pool;

import io.kgrca.common.placement.PoolNames;
import io.kgrca.controlplane.config.ControlPlaneConfig.RestartPolicy;
import io.kgrca.controlplane.plan.RestartTracker;
import io.kgrca.controlplane.runtime.PoolInstance;
import io.kgrca.controlplane.runtime.PoolSpec;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * Converges the pools of the three worker kinds on their demand, level-triggered: instance {@code n} of a kind runs
 * for every {@code n} below the {@link PoolPlanner planned} count, with the current spec (a changed spec replaces
 * it); the instances above are stopped gracefully (their consumers leave the group: a cooperative rebalance), the
 * highest index first, so that members keep their ids. A stopped instance is respawned with the tenants' workers'
 * rules ({@link RestartTracker}: at once, then with a growing backoff, FAILED after {@code MAX_RESTARTS} in the
 * window), and its restart history travels with it (labels, state file), so that a restarted control plane adopts
 * running instances and continues their counts. Runs on one thread; {@link #reset} may be called from any.
 */
public final class PoolReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(PoolReconciler.class);

    private final WorkerRuntime runtime;
    private final PoolSpecs specs;
    private final PoolSettings settings;
    private final RestartPolicy policy;
    private final Clock clock;
    private final Duration stopGrace;
    private final DoubleSupplier random;
    private final Map<WorkerKind, PoolPlanner> planners = new EnumMap<>(WorkerKind.class);
    private final Map<String, RestartTracker> trackers = new HashMap<>();
    private final Map<String, Boolean> resets = new ConcurrentHashMap<>();

    /**
     * A reconciler that runs pools through {@code runtime}.
     *
     * @param runtime   where instances run
     * @param specs     the instances' specs
     * @param settings  the pools' settings
     * @param policy    the crash-loop policy (the tenants' workers')
     * @param clock     the clock
     * @param stopGrace how long an instance may take to stop
     * @param random    jitter of the backoff, in [0, 1)
     */
    public PoolReconciler(WorkerRuntime runtime, PoolSpecs specs, PoolSettings settings, RestartPolicy policy,
                          Clock clock, Duration stopGrace, DoubleSupplier random) {
        this.runtime = runtime;
        this.specs = specs;
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
        this.stopGrace = stopGrace;
        this.random = random;
        for (WorkerKind kind : WorkerKind.values()) {
            planners.put(kind, new PoolPlanner(settings));
        }
    }

    /** Clears the crash history (FAILED included) of instance {@code index} of {@code kind}; the next pass respawns it. */
    public void reset(WorkerKind kind, int index) {
        resets.put(PoolNames.instance(kind.id(), index), Boolean.TRUE);
    }

    /** One pass over every kind; the pools as they are afterwards. */
    public List<PoolView> reconcile(SharedTenants shared, PoolLoad load) throws RuntimeUnavailableException {
        Instant now = clock.instant();
        List<PoolInstance> all = runtime.listPools();
        int tenants = shared.count();
        List<PoolView> views = new ArrayList<>();
        for (WorkerKind kind : WorkerKind.values()) {
            List<PoolInstance> mine = all.stream().filter(p -> p.kind() == kind).toList();
            long lag = load.lag(kind);
            int partitions = load.partitions(kind);
            PoolPlanner.Demand demand = new PoolPlanner.Demand(tenants, lag, partitions);
            int found = mine.stream().mapToInt(p -> p.index() + 1).max().orElse(0);
            PoolPlanner planner = planners.get(kind);
            int before = planner.current();
            int desired = planner.next(demand, found, now);
            if (before >= 0 && desired != before) {
                LOG.info("tenant=- pool {}: {} -> {} instances ({} shared tenants, lag {}, {} partitions)", kind.id(),
                        before, desired, tenants, lag, partitions);
            }
            List<PoolView.Instance> instances = new ArrayList<>();
            // Above the desired count: stop, the highest index first.
            List<PoolInstance> surplus = mine.stream().filter(p -> p.index() >= desired)
                    .sorted(Comparator.comparingInt(PoolInstance::index).reversed()).toList();
            for (PoolInstance p : surplus) {
                LOG.info("tenant=- pool {}: stopping {} ({})", kind.id(), p.member(), p.id());
                runtime.remove(p.id(), stopGrace);
                trackers.remove(p.member());
            }
            for (int i = 0; i < desired; i++) {
                int index = i;
                List<PoolInstance> same = mine.stream().filter(p -> p.index() == index)
                        .sorted(Comparator.comparing(PoolInstance::running).reversed()).toList();
                for (PoolInstance duplicate : same.subList(Math.min(1, same.size()), same.size())) {
                    runtime.remove(duplicate.id(), stopGrace);
                }
                instances.add(ensure(specs.of(kind, index), same.isEmpty() ? null : same.get(0), now));
            }
            int running = (int) instances.stream().filter(v -> v.state() == InstanceState.RUNNING).count();
            views.add(new PoolView(kind.id(), PoolNames.group(kind.id()), desired, planner.target(demand), running,
                    tenants, lag, partitions, instances));
        }
        return views;
    }

    /** Keeps instance {@code spec} running; what it is afterwards. */
    private PoolView.Instance ensure(PoolSpec spec, PoolInstance found, Instant now)
            throws RuntimeUnavailableException {
        String member = PoolNames.instance(spec.kind().id(), spec.index());
        RestartTracker t = trackers.computeIfAbsent(member, m -> {
            RestartTracker fresh = new RestartTracker(policy, random);
            if (found != null) {
                fresh.adopt(found.history(), now);
            }
            return fresh;
        });
        if (resets.remove(member) != null) {
            t.reset();
        }
        String id;
        InstanceState state;
        if (found == null) {
            id = start(spec, t, false, now).id();
            state = InstanceState.RUNNING;
        } else if (found.running()) {
            if (found.specHash().equals(spec.hash())) {
                t.noteRunning(found.startedAt(), now);
                id = found.id();
            } else {
                LOG.info("tenant=- pool {}: replacing {} (spec changed)", spec.kind().id(), member);
                runtime.remove(found.id(), stopGrace);
                id = start(spec, t, false, now).id();
            }
            state = InstanceState.RUNNING;
        } else {
            boolean failed = t.recordCrash(found.id(), now, "exit code " + found.exitCode());
            if (failed) {
                id = found.id();
                state = InstanceState.FAILED;
            } else if (t.mayRestart(now)) {
                LOG.warn("tenant=- pool {}: {} stopped ({}); respawning", spec.kind().id(), member, t.lastError());
                runtime.remove(found.id(), stopGrace);
                id = start(spec, t, true, now).id();
                state = InstanceState.RUNNING;
            } else {
                id = found.id();
                state = InstanceState.CRASHED;
            }
        }
        return new PoolView.Instance(member, spec.index(), id, state, spec.metricsPort(), t.totalRestarts(),
                t.lastError(), state == InstanceState.CRASHED ? t.nextAttempt() : null, null, null);
    }

    private PoolInstance start(PoolSpec spec, RestartTracker t, boolean restart, Instant now)
            throws RuntimeUnavailableException {
        PoolInstance started = runtime.startPool(spec, restart ? t.historyWithRestartAt(now) : t.history());
        if (restart) {
            t.recordRestart(now);
        }
        LOG.info("tenant=- pool {}: started {} ({}, port {})", spec.kind().id(), spec.containerName(), started.id(),
                spec.metricsPort());
        return started;
    }

    /** The settings, for the status API. */
    public PoolSettings settings() {
        return settings;
    }
}
