package io.kgrca.controlplane.reconcile;

import io.kgrca.common.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A de-duplicating queue of tenants to reconcile, worked by a few threads, with one reconcile per tenant at a time:
 * a tenant enqueued while it is being reconciled is reconciled once more afterwards, never concurrently.
 * Delayed requeues (backoff, rate limit, lifecycle timers) come back through the same queue.
 */
public final class WorkQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

    private final Function<TenantId, Duration> work;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Set<TenantId> pending = new LinkedHashSet<>();
    private final Set<TenantId> running = new LinkedHashSet<>();
    private final Set<TenantId> dirty = new LinkedHashSet<>();
    private volatile boolean closed;

    /** {@code work} reconciles a tenant and returns when to look again, or null. */
    public WorkQueue(Function<TenantId, Duration> work, int threads) {
        this.work = work;
        this.workers = Executors.newFixedThreadPool(threads, named("reconcile"));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("requeue"));
    }

    /** Enqueues {@code id} now; a no-op when it is already waiting. */
    public void enqueue(TenantId id) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (running.contains(id)) {
                dirty.add(id);
                return;
            }
            if (!pending.add(id)) {
                return;
            }
        }
        workers.execute(() -> runOne(id));
    }

    /** Enqueues {@code id} after {@code delay}. */
    public void enqueueAfter(TenantId id, Duration delay) {
        if (!closed) {
            timers.schedule(() -> enqueue(id), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Tenants waiting or being reconciled. */
    public synchronized int depth() {
        return pending.size() + running.size();
    }

    private void runOne(TenantId id) {
        synchronized (this) {
            pending.remove(id);
            running.add(id);
        }
        Duration again = null;
        try (MDC.MDCCloseable m = MDC.putCloseable("tenant", id.value())) {
            again = work.apply(id);
        } catch (RuntimeException e) {
            LOG.error("tenant {}: reconcile failed", id, e);
            again = Duration.ofSeconds(5);
        } finally {
            boolean rerun;
            synchronized (this) {
                running.remove(id);
                rerun = dirty.remove(id);
            }
            if (rerun) {
                enqueue(id);
            } else if (again != null) {
                enqueueAfter(id, again);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        timers.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
