package io.kgrca.agent.run;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.k8s.EventMapper;
import io.kgrca.agent.k8s.ResourceMapper;
import io.kgrca.agent.k8s.WatchSink;
import io.kgrca.agent.kafka.RecordPublisher;
import io.kgrca.agent.state.Channel;
import io.kgrca.agent.state.ChangeTracker;
import io.kgrca.agent.state.EventTracker;
import io.kgrca.agent.state.Outgoing;
import io.kgrca.common.model.Heartbeat;
import io.kgrca.common.retry.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's one state thread: informer notifications, leadership changes and timers all run on it, in order,
 * so the trackers need no locks. Mapping happens on the caller's thread (pure), deciding on this thread,
 * sending through the {@link RecordPublisher}.
 *
 * <p>Publishing is gated by a volatile leadership flag checked right before each send, so it stops at once
 * when leadership is lost, even for work already queued. After a failed send the publisher backs off
 * (exponential, capped): sends are skipped and marked for repair instead of blocking on a dead broker.
 */
public final class AgentCore implements WatchSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCore.class);
    private static final Duration REPAIR_EVERY = Duration.ofSeconds(5);

    private final AgentConfig config;
    private final String tenant;
    private final RecordPublisher publisher;
    private final AgentStats stats;
    private final Clock clock;
    private final ChangeTracker resources;
    private final EventTracker events;
    private final ResourceMapper mapper;
    private final EventMapper eventMapper = new EventMapper();
    private final ScheduledExecutorService thread;
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2);
    private final List<ScheduledFuture<?>> leaderTimers = new ArrayList<>();
    private volatile boolean leading;
    private volatile long backoffUntilNanos;
    private volatile long lastTickNanos = System.nanoTime();

    /** A core that publishes through {@code publisher}; call {@link #start()} before use. */
    public AgentCore(AgentConfig config, RecordPublisher publisher, AgentStats stats, Clock clock) {
        this.config = config;
        this.tenant = config.tenant().value();
        this.publisher = publisher;
        this.stats = stats;
        this.clock = clock;
        this.resources = new ChangeTracker(config.tenant(), clock, config.intervals().handoverWindow());
        this.events = new EventTracker(config.tenant(), clock, config.intervals().eventMaxAge());
        this.mapper = new ResourceMapper(config.clusterName());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "agent-state-" + tenant);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
    }

    /** Starts the liveness tick. */
    public AgentCore start() {
        thread.scheduleAtFixedRate(() -> lastTickNanos = System.nanoTime(), 0, 5, TimeUnit.SECONDS);
        return this;
    }

    /** An object of a watched kind was added, updated or re-delivered (any thread). */
    @Override
    public void objectChanged(HasMetadata object) {
        try {
            var record = mapper.map(object);
            submit(() -> publishAll(resources.upsert(record)));
        } catch (RuntimeException e) {
            LOG.warn("tenant={} cannot map {} {}: {}", tenant, object.getClass().getSimpleName(), name(object), e.toString());
            stats.failed("cannot map " + object.getClass().getSimpleName() + " " + name(object) + ": " + e.getMessage());
        }
    }

    /** An object of a watched kind was deleted (any thread). */
    @Override
    public void objectDeleted(HasMetadata object) {
        try {
            var ref = ResourceMapper.refOf(object);
            submit(() -> publishAll(resources.delete(ref)));
        } catch (RuntimeException e) {
            LOG.warn("tenant={} cannot map deleted {}: {}", tenant, name(object), e.toString());
        }
    }

    /** A Kubernetes event was added or updated (any thread). */
    @Override
    public void eventChanged(Event event) {
        try {
            eventMapper.map(event).ifPresentOrElse(item -> submit(() -> publishAll(events.upsert(item))),
                    () -> LOG.debug("tenant={} event {} has no uid: skipped", tenant, name(event)));
        } catch (RuntimeException e) {
            LOG.warn("tenant={} cannot map event {}: {}", tenant, name(event), e.toString());
            stats.failed("cannot map event " + name(event) + ": " + e.getMessage());
        }
    }

    /** A Kubernetes event expired (any thread). */
    @Override
    public void eventDeleted(Event event) {
        if (event.getMetadata() != null && event.getMetadata().getUid() != null) {
            String uid = event.getMetadata().getUid();
            submit(() -> events.delete(uid));
        }
    }

    /** This replica won the lease: send everything, then start heartbeats, snapshots and repairs. */
    public void leadershipGained() {
        long mine = epoch.incrementAndGet();
        submit(() -> {
            if (epoch.get() != mine) {
                return;
            }
            leading = true;
            List<Outgoing> takeover = new ArrayList<>(resources.startLeading());
            takeover.addAll(events.startLeading());
            LOG.info("tenant={} leading: sending {} records known before taking over", tenant, takeover.size());
            publishAll(takeover);
            Duration hb = config.intervals().heartbeat();
            Duration snap = config.intervals().snapshot();
            leaderTimers.add(thread.scheduleAtFixedRate(this::heartbeat, 0, hb.toMillis(), TimeUnit.MILLISECONDS));
            leaderTimers.add(thread.scheduleAtFixedRate(this::snapshot, snap.toMillis(), snap.toMillis(), TimeUnit.MILLISECONDS));
            leaderTimers.add(thread.scheduleWithFixedDelay(this::repair, REPAIR_EVERY.toMillis(), REPAIR_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS));
        });
    }

    /** This replica lost or released the lease: publishing stops now; queued work publishes nothing. */
    public void leadershipLost() {
        stopPublishing("leadership lost");
    }

    /** Stops publishing now (leadership lost or shutdown); queued work publishes nothing. */
    public void stopPublishing(String why) {
        epoch.incrementAndGet();
        boolean was = leading;
        leading = false;
        if (was) {
            LOG.info("tenant={} {}: publishing stopped", tenant, why);
        }
        submit(() -> {
            leaderTimers.forEach(f -> f.cancel(false));
            leaderTimers.clear();
            resources.stopLeading();
            events.stopLeading();
        });
    }

    @Override
    public void kindForbidden(String kind) {
        stats.kindForbidden(kind);
    }

    @Override
    public void kindUnserved(String kind) {
        stats.kindUnserved(kind);
    }

    /** The agent's counters. */
    public AgentStats stats() {
        return stats;
    }

    /** True while this replica publishes. */
    public boolean leading() {
        return leading;
    }

    /** True when the state thread ran within {@code within}. */
    public boolean alive(Duration within) {
        return System.nanoTime() - lastTickNanos < within.toNanos();
    }

    /** Waits until the state thread has run everything queued before this call (for tests). */
    public void await(Duration timeout) throws Exception {
        thread.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        Heartbeat hb = new Heartbeat(tenant, clock.instant(), stats.status(),
                stats.heartbeatMetrics(resources.objectCount(), events.size()));
        publishAll(List.of(new Outgoing(Channel.HEARTBEAT, tenant, hb)));
    }

    private void snapshot() {
        List<Outgoing> all = resources.snapshot();
        LOG.info("tenant={} periodic snapshot: {} records", tenant, all.size());
        publishAll(all);
    }

    private void repair() {
        if (System.nanoTime() < backoffUntilNanos) {
            return;
        }
        List<Outgoing> again = new ArrayList<>(resources.repair());
        again.addAll(events.repair());
        if (!again.isEmpty()) {
            LOG.info("tenant={} re-sending {} records whose send had failed", tenant, again.size());
            publishAll(again);
        }
    }

    private void publishAll(List<Outgoing> records) {
        for (Outgoing o : records) {
            if (!leading) {
                return;
            }
            if (System.nanoTime() < backoffUntilNanos) {
                markFailed(o);
                continue;
            }
            publisher.publish(o, this::done);
        }
    }

    private void done(Outgoing o, Exception error) {
        if (error == null) {
            consecutiveFailures.set(0);
            stats.acked(o.channel(), o.isTombstone());
            return;
        }
        int n = consecutiveFailures.incrementAndGet();
        Duration delay = backoff.delay(n, ThreadLocalRandom.current().nextDouble());
        backoffUntilNanos = System.nanoTime() + delay.toNanos();
        String message = "send to " + o.channel().name().toLowerCase(Locale.ROOT) + " failed: " + error;
        stats.failed(message);
        if (n == 1 || n % 100 == 0) {
            LOG.warn("tenant={} {} (failure {}; backing off {} ms)", tenant, message, n, delay.toMillis());
        }
        submit(() -> markFailed(o));
    }

    private void markFailed(Outgoing o) {
        switch (o.channel()) {
            case RESOURCE, TOPOLOGY -> resources.sendFailed(o.key());
            case EVENT -> events.sendFailed(o.key());
            default -> { }
        }
    }

    private void submit(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("tenant={} state thread task failed", tenant, e);
                    stats.failed("internal error: " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("tenant={} state thread stopped: task dropped", tenant);
        }
    }

    private static String name(HasMetadata o) {
        return o.getMetadata() == null ? "?" : o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    /** Stops the state thread; the caller closes the publisher. */
    @Override
    public void close() {
        leading = false;
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
