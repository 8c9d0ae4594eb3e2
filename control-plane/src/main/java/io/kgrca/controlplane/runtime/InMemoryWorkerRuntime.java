package io.kgrca.controlplane.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link WorkerRuntime} in memory: the test double of the reconciler, and the baseline of its benchmark. */
public final class InMemoryWorkerRuntime implements WorkerRuntime {

    private final Clock clock;
    private final Map<String, WorkerInstance> workers = new LinkedHashMap<>();
    private final Map<String, PoolInstance> pools = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private int starts;
    private int removals;
    private boolean unavailable;

    /** A runtime whose timestamps come from {@code clock}. */
    public InMemoryWorkerRuntime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<WorkerInstance> list() throws RuntimeUnavailableException {
        check();
        return new ArrayList<>(workers.values());
    }

    @Override
    public synchronized WorkerInstance start(WorkerSpec spec, RestartHistory history)
            throws RuntimeUnavailableException {
        check();
        workers.values().removeIf(w -> w.tenant().equals(spec.tenant()) && w.kind() == spec.kind());
        WorkerInstance w = new WorkerInstance("c" + ids.incrementAndGet(), spec.tenant(), spec.kind(), spec.hash(),
                true, null, clock.instant(), null, spec.metricsPort(), history);
        workers.put(w.id(), w);
        starts++;
        return w;
    }

    @Override
    public synchronized List<PoolInstance> listPools() throws RuntimeUnavailableException {
        check();
        return new ArrayList<>(pools.values());
    }

    @Override
    public synchronized PoolInstance startPool(PoolSpec spec, RestartHistory history)
            throws RuntimeUnavailableException {
        check();
        pools.values().removeIf(p -> p.kind() == spec.kind() && p.index() == spec.index());
        PoolInstance p = new PoolInstance("p" + ids.incrementAndGet(), spec.kind(), spec.index(), spec.hash(), true,
                null, clock.instant(), null, spec.metricsPort(), history);
        pools.put(p.id(), p);
        starts++;
        return p;
    }

    @Override
    public synchronized void remove(String id, Duration grace) throws RuntimeUnavailableException {
        check();
        if (workers.remove(id) != null || pools.remove(id) != null) {
            removals++;
        }
    }

    /** Simulates a pool instance's crash: it stops with {@code exitCode}. */
    public synchronized void crashPool(String id, int exitCode) {
        PoolInstance p = pools.get(id);
        pools.put(id, new PoolInstance(id, p.kind(), p.index(), p.specHash(), false, exitCode, p.startedAt(),
                clock.instant(), p.metricsPort(), p.history()));
    }

    /** Adds a pool instance that nobody created through this runtime (one adopted after a restart). */
    public synchronized void addPool(PoolInstance p) {
        pools.put(p.id(), p);
    }

    /** Simulates a crash: the worker stops with {@code exitCode}. */
    public synchronized void crash(String id, int exitCode) {
        WorkerInstance w = workers.get(id);
        workers.put(id, new WorkerInstance(id, w.tenant(), w.kind(), w.specHash(), false, exitCode, w.startedAt(),
                clock.instant(), w.metricsPort(), w.history()));
    }

    /** Adds a worker that nobody created through this runtime (an orphan, or one adopted after a restart). */
    public synchronized void add(WorkerInstance w) {
        workers.put(w.id(), w);
    }

    /** Makes every call fail until set back. */
    public synchronized void setUnavailable(boolean value) {
        unavailable = value;
    }

    /** How many workers were started. */
    public synchronized int starts() {
        return starts;
    }

    /** How many workers were removed. */
    public synchronized int removals() {
        return removals;
    }

    private void check() throws RuntimeUnavailableException {
        if (unavailable) {
            throw new RuntimeUnavailableException("runtime unavailable (test)", null);
        }
    }
}
