package io.kgrca.controlplane;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.admission.Admission;
import io.kgrca.controlplane.admission.AdmissionControl;
import io.kgrca.controlplane.admission.Replies;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.placement.GroupProgress;
import io.kgrca.controlplane.placement.MemoryPlacementLog;
import io.kgrca.controlplane.placement.PlacementLog;
import io.kgrca.controlplane.placement.PlacementStore;
import io.kgrca.controlplane.placement.Placements;
import io.kgrca.controlplane.reconcile.DesiredWorkers;
import io.kgrca.controlplane.reconcile.PortPlan;
import io.kgrca.controlplane.reconcile.ReconcileResult;
import io.kgrca.controlplane.reconcile.Reconciler;
import io.kgrca.controlplane.reconcile.TokenBucket;
import io.kgrca.controlplane.reconcile.WorkQueue;
import io.kgrca.controlplane.registry.ControlEvent;
import io.kgrca.controlplane.registry.RecordParser;
import io.kgrca.controlplane.registry.TopicFollower;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import io.kgrca.controlplane.tenant.Lifecycle;
import io.kgrca.controlplane.tenant.TenantState;
import io.kgrca.controlplane.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The control plane: reads the operator's tenant list and the registry to their ends before anything else, admits
 * registrations ({@link AdmissionControl}), follows registry and heartbeats, adopts
 * the workers it finds, then reconciles every tenant on each change and on a periodic resync. Workers of tenants
 * nobody registered (orphans) are removed only after the registry was read to its end.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    private static final Duration EXIT_RECHECK = Duration.ofSeconds(1);
    /** At most this long between two looks at the moves in progress and the promotion policy. */
    private static final Duration PLACEMENT_TICK = Duration.ofSeconds(5);

    private final ControlPlaneConfig config;
    private final WorkerRuntime runtime;
    private final ControlPlaneMetrics metrics;
    private final Clock clock;
    private final TenantStore store = new TenantStore();
    private final RecordParser parser;
    private final PortPlan ports;
    private final Lifecycle lifecycle;
    private final Reconciler reconciler;
    private final WorkQueue queue;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "resync");
        t.setDaemon(true);
        return t;
    });
    private final List<TopicFollower> followers = new CopyOnWriteArrayList<>();
    private final ControlEvents events;
    private final WorkerListing listing;
    private volatile boolean ready;
    private final AdmissionControl admission;
    private final TenantViews views;
    private TopicFollower tenants;
    private TopicFollower registry;
    private TopicFollower heartbeats;
    private AutoCloseable exitWatch = () -> { };
    // --- placement (issue 14, cp-placement) ---
    private final Placements placements;
    private TopicFollower placementFollower;

    /** Builds a control plane that writes no registration replies; {@link #start()} starts it. */
    public ControlPlane(ControlPlaneConfig config, WorkerRuntime runtime, GroupCleaner cleaner,
                        ControlPlaneMetrics metrics, Clock clock) {
        this(config, runtime, cleaner, metrics, clock, Replies.NONE);
    }

    /**
     * Builds a control plane answering registrations through {@code replies}, with placements kept in memory only
     * (no {@code cluster.placement} writes; moves are never found drained); {@link #start()} starts it.
     */
    public ControlPlane(ControlPlaneConfig config, WorkerRuntime runtime, GroupCleaner cleaner,
                        ControlPlaneMetrics metrics, Clock clock, Replies replies) {
        this(config, runtime, cleaner, metrics, clock, replies, new MemoryPlacementLog(),
                (tenant, side, boundaryMs) -> Optional.empty());
    }

    /**
     * Builds a control plane answering registrations through {@code replies}, writing placements to
     * {@code placementLog} and judging moves with {@code progress}; {@link #start()} starts it.
     */
    public ControlPlane(ControlPlaneConfig config, WorkerRuntime runtime, GroupCleaner cleaner,
                        ControlPlaneMetrics metrics, Clock clock, Replies replies, PlacementLog placementLog,
                        GroupProgress progress) {
        this.config = config;
        this.placements = new Placements(config.placement(), new Placements.Io(new PlacementStore(metrics),
                placementLog, progress, cleaner, id -> admission().provision(id), this::enqueue), metrics, clock);
        this.runtime = runtime;
        this.metrics = metrics;
        this.clock = clock;
        this.parser = new RecordParser(clock);
        this.ports = new PortPlan(config.workerPortBase(), config.workerPortCount());
        this.lifecycle = new Lifecycle(config.heartbeatTimeout(), config.cleanupTimeout(),
                clock.instant().plus(config.startupGrace()));
        this.reconciler = new Reconciler(store, lifecycle, new DesiredWorkers(config, ports, runtime::imageId), runtime,
                placements.tombstoning(cleaner),
                new TokenBucket(clock, config.spawnRatePerSecond(), config.spawnBurst()),
                new Reconciler.Collaborators(config.restart(), ports, metrics, clock, config.stopGrace(),
                        config.admission().deadTenantRetention()), placements);
        this.queue = new WorkQueue(this::reconcileOne, config.reconcileThreads());
        this.admission = new AdmissionControl(new Admission(config.admission().open(), config.admission().maxTenants()),
                store, replies, metrics, clock, this::enqueue);
        this.views = new TenantViews(store, lifecycle, reconciler, admission, clock, placements);
        this.listing = new WorkerListing(runtime, store, metrics);
        this.events = new ControlEvents(store, lifecycle, admission, metrics, clock, this::enqueue);
    }

    /**
     * Starts reading; reconciling begins once the tenants, the registry and recent heartbeats have been read. The
     * three readers start at once, so that each captures its topic's end at the start (what is below it counts as
     * read back), but each applies records only once the topic before it was read to its end: the operator's tenant
     * list first (registrations are decided against it), then the registry, then heartbeats (a heartbeat counts
     * only for a registered tenant, and applied earlier it would be dropped for a tenant whose registration was not
     * read yet).
     */
    public void start() {
        Map<String, Object> props = config.kafka().clientProperties();
        tenants = new TopicFollower(Topics.CLUSTER_TENANTS, props, null, (r, replayed) -> {
            try (MDC.MDCCloseable m = MDC.putCloseable("tenant", r.key() == null ? "-"
                    : new String(r.key(), StandardCharsets.UTF_8))) {
                admission.provisionRecord(r, replayed);
            }
        });
        registry = new TopicFollower(Topics.CLUSTER_REGISTRY, props, null, (r, replayed) -> {
            awaitCaughtUp(tenants);
            events.apply(parser.registry(r, replayed), replayed);
        });
        heartbeats = new TopicFollower(Topics.CLUSTER_HEARTBEAT, props,
                clock.instant().minus(config.heartbeatTimeout()), (r, replayed) -> {
                    awaitCaughtUp(registry);
                    events.apply(parser.heartbeat(r, replayed), replayed);
                });
        placementFollower = new TopicFollower(Topics.CLUSTER_PLACEMENT, props, null,
                (r, replayed) -> placements.store().apply(r.key(), r.value(), r.offset()));
        followers.addAll(List.of(tenants, registry, heartbeats, placementFollower));
        followers.forEach(TopicFollower::start);
        timer.execute(this::becomeReady);
    }

    private void becomeReady() {
        awaitCaughtUp(tenants);
        awaitCaughtUp(registry);
        awaitCaughtUp(heartbeats);
        awaitCaughtUp(placementFollower);
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        // Which moves are drained already, before a reconcile could start the old side's workers again.
        placements.recover();
        // The event stream first, then the full listing: a change between the two is in the stream, not lost.
        exitWatch = runtime.watchExits(this::workerExited);
        listing.adopt(ports);
        ready = true;
        LOG.info("registry read ({} tenants); reconciling", store.all().size());
        resyncAll();
        timer.scheduleAtFixedRate(this::resyncAll, config.reconcileInterval().toMillis(),
                config.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
        long tick = Math.min(config.reconcileInterval().toMillis(), PLACEMENT_TICK.toMillis());
        timer.scheduleWithFixedDelay(this::placementTick, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void placementTick() {
        try {
            placements.tick();
        } catch (RuntimeException e) {
            LOG.warn("tenant=- placement check failed, retried: {}", e.toString());
        }
    }

    /** The tenants' placements: views, moves, the promotion policy's rates. */
    public Placements placements() {
        return placements;
    }

    /** Blocks until {@code follower} has read its topic to its end; an interrupt (closing) ends the wait. */
    private static void awaitCaughtUp(TopicFollower follower) {
        try {
            while (!follower.awaitCaughtUp(Duration.ofSeconds(30))) {
                LOG.warn("still reading {} to its end", follower.topic());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the registry was read to its end and reconciling began. */
    public boolean ready() {
        return ready;
    }

    void apply(ControlEvent event) {
        events.apply(event, false);
    }

    private void enqueue(TenantId id) {
        if (ready) {
            queue.enqueue(id);
        }
    }

    /**
     * A worker of {@code id} stopped. Docker reports the exit before its container list shows it (a reconcile at
     * once still sees the worker running), so the tenant is looked at now and once more a moment later.
     */
    private void workerExited(TenantId id) {
        enqueue(id);
        queue.enqueueAfter(id, EXIT_RECHECK);
    }

    private Duration reconcileOne(TenantId id) {
        if (!ready) {
            return null;
        }
        long t0 = System.nanoTime();
        try {
            ReconcileResult r = reconciler.reconcile(id);
            return r.requeueAfter();
        } catch (RuntimeUnavailableException e) {
            LOG.warn("tenant {}: worker runtime unavailable, retrying: {}", id, e.getMessage());
            return Duration.ofSeconds(5);
        } finally {
            metrics.reconciled(Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** Enqueues every tenant the store or the runtime knows (a full listing of the runtime). */
    public void resyncAll() {
        listing.tenantsToResync().forEach(queue::enqueue);
    }

    /** Clears a worker's FAILED state and reconciles its tenant. */
    public void restartWorker(TenantId id, WorkerKind kind) {
        reconciler.resetWorker(id, kind);
        enqueue(id);
    }

    /** The tenant's state now. */
    public Optional<TenantState> stateOf(TenantId id) {
        Instant now = clock.instant();
        return store.get(id).map(t -> lifecycle.stateOf(t, now));
    }

    /** Tenants waiting for or in a reconcile. */
    public int queueDepth() {
        return queue.depth();
    }

    /** What the status API and the gauges show of tenants. */
    TenantViews views() {
        return views;
    }

    /** Every tenant for the status API (registered, then provisioned and not registered). */
    public List<Object> tenantViews() {
        return views.all();
    }

    /** One tenant for the status API. */
    public Optional<Object> tenantView(TenantId id) {
        return views.one(id);
    }

    /** The admission side: provisioned tenants, waiting registrations. */
    public AdmissionControl admission() {
        return admission;
    }

    /** Prometheus HTTP service discovery of the workers' metrics endpoints. */
    public List<Map<String, Object>> serviceDiscovery() {
        return views.serviceDiscovery(config.workerBindAddress());
    }

    /** Stops reading and reconciling; the workers keep running and are adopted by the next start. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        try {
            exitWatch.close();
        } catch (Exception e) {
            LOG.debug("closing the exit watch: {}", e.toString());
        }
        for (TopicFollower f : followers) {
            f.close();
        }
        queue.close();
        placements.close();
    }
}
