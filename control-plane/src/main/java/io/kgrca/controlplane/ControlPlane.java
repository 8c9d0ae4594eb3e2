package io.kgrca.controlplane;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.admission.Admission;
import io.kgrca.controlplane.admission.AdmissionControl;
import io.kgrca.controlplane.admission.Replies;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.reconcile.DesiredWorkers;
import io.kgrca.controlplane.reconcile.PortPlan;
import io.kgrca.controlplane.reconcile.ReconcileResult;
import io.kgrca.controlplane.reconcile.Reconciler;
import io.kgrca.controlplane.reconcile.TokenBucket;
import io.kgrca.controlplane.reconcile.WorkQueue;
import io.kgrca.controlplane.registry.ControlEvent;
import io.kgrca.controlplane.registry.RecordParser;
import io.kgrca.controlplane.registry.ThrottledWarning;
import io.kgrca.controlplane.registry.TopicFollower;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import io.kgrca.controlplane.tenant.Lifecycle;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantState;
import io.kgrca.controlplane.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final ThrottledWarning unknownWarning;
    private final ThrottledWarning rejectedWarning;
    private volatile boolean ready;
    private final AdmissionControl admission;
    private final TenantViews views;
    private TopicFollower tenants;
    private TopicFollower registry;
    private TopicFollower heartbeats;
    private AutoCloseable exitWatch = () -> { };

    /** Builds a control plane that writes no registration replies; {@link #start()} starts it. */
    public ControlPlane(ControlPlaneConfig config, WorkerRuntime runtime, GroupCleaner cleaner,
                        ControlPlaneMetrics metrics, Clock clock) {
        this(config, runtime, cleaner, metrics, clock, Replies.NONE);
    }

    /** Builds a control plane answering registrations through {@code replies}; {@link #start()} starts it. */
    public ControlPlane(ControlPlaneConfig config, WorkerRuntime runtime, GroupCleaner cleaner,
                        ControlPlaneMetrics metrics, Clock clock, Replies replies) {
        this.config = config;
        this.runtime = runtime;
        this.metrics = metrics;
        this.clock = clock;
        this.parser = new RecordParser(clock);
        this.unknownWarning = new ThrottledWarning(LOG, clock, Duration.ofSeconds(10));
        this.rejectedWarning = new ThrottledWarning(LOG, clock, Duration.ofSeconds(1));
        this.ports = new PortPlan(config.workerPortBase(), config.workerPortCount());
        this.lifecycle = new Lifecycle(config.heartbeatTimeout(), config.cleanupTimeout(),
                clock.instant().plus(config.startupGrace()));
        this.reconciler = new Reconciler(store, lifecycle, new DesiredWorkers(config, ports), runtime, cleaner,
                new TokenBucket(clock, config.spawnRatePerSecond(), config.spawnBurst()),
                new Reconciler.Collaborators(config.restart(), ports, metrics, clock, config.stopGrace(),
                        config.admission().deadTenantRetention()));
        this.queue = new WorkQueue(this::reconcileOne, config.reconcileThreads());
        this.admission = new AdmissionControl(new Admission(config.admission().open(), config.admission().maxTenants()),
                store, replies, metrics, clock, this::enqueue);
        this.views = new TenantViews(store, lifecycle, reconciler, admission, clock);
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
        tenants = new TopicFollower(Topics.CLUSTER_TENANTS, props, null, admission::provisionRecord);
        registry = new TopicFollower(Topics.CLUSTER_REGISTRY, props, null, (r, replayed) -> {
            awaitCaughtUp(tenants);
            apply(parser.registry(r, replayed), replayed);
        });
        heartbeats = new TopicFollower(Topics.CLUSTER_HEARTBEAT, props,
                clock.instant().minus(config.heartbeatTimeout()), (r, replayed) -> {
                    awaitCaughtUp(registry);
                    apply(parser.heartbeat(r, replayed), replayed);
                });
        followers.addAll(List.of(tenants, registry, heartbeats));
        followers.forEach(TopicFollower::start);
        timer.execute(this::becomeReady);
    }

    private void becomeReady() {
        awaitCaughtUp(tenants);
        awaitCaughtUp(registry);
        awaitCaughtUp(heartbeats);
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        adopt();
        exitWatch = runtime.watchExits(this::workerExited);
        ready = true;
        LOG.info("registry read ({} tenants); reconciling", store.all().size());
        resyncAll();
        timer.scheduleAtFixedRate(this::resyncAll, config.reconcileInterval().toMillis(),
                config.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
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

    private void adopt() {
        try {
            List<WorkerInstance> found = runtime.list();
            for (WorkerInstance w : found) {
                if (w.metricsPort() > 0 && !ports.claim(w.tenant(), w.metricsPort() - w.kind().slot())) {
                    LOG.warn("tenant {}: {} uses port {} which another tenant holds", w.tenant(), w.kind().id(),
                            w.metricsPort());
                }
            }
            LOG.info("found {} labelled workers to adopt or remove", found.size());
        } catch (RuntimeUnavailableException e) {
            LOG.warn("cannot list workers at start ({}); the periodic resync will adopt them", e.getMessage());
        }
    }

    /** True once the registry was read to its end and reconciling began. */
    public boolean ready() {
        return ready;
    }

    void apply(ControlEvent event) {
        apply(event, false);
    }

    void apply(ControlEvent event, boolean replayed) {
        if (event instanceof ControlEvent.Registered r) {
            admission.registered(r, replayed);
        } else if (event instanceof ControlEvent.Deregistered d) {
            if (store.updateExisting(d.tenant(), TenantRecord::deregister).isEmpty()) {
                ignored("registry", d.tenant(), "tombstone of a tenant that is not registered");
                return;
            }
            LOG.info("tenant {}: deregistered (tombstone)", d.tenant());
            enqueue(d.tenant());
        } else if (event instanceof ControlEvent.HeartbeatReceived h) {
            heartbeat(h);
        } else if (event instanceof ControlEvent.Rejected x) {
            metrics.rejected(x.source(), x.reason());
            rejectedWarning.warn("tenant {}: rejected a {} record ({}): {}", x.tenant() == null ? "-" : x.tenant(),
                    x.source(), x.reason(), x.detail());
            if (!replayed) {
                admission.rejected(x);
            }
        }
    }

    /**
     * A heartbeat changes a registered tenant only: one from an id that never registered (or whose registration was
     * refused or withdrawn) creates nothing and triggers no reconcile; it is counted as {@code unknown-tenant}.
     */
    private void heartbeat(ControlEvent.HeartbeatReceived h) {
        Instant now = clock.instant();
        TenantState[] before = {TenantState.DEAD};
        Optional<TenantRecord> after = store.updateExisting(h.tenant(), t -> {
            before[0] = lifecycle.stateOf(t, now);
            return t.registered() ? t.heartbeat(h.receivedAt(), h.skew()) : t;
        });
        if (after.isEmpty() || !after.get().registered()) {
            ignored("heartbeat", h.tenant(), "heartbeat of a tenant that is not registered");
            return;
        }
        if (lifecycle.stateOf(after.get(), now) != before[0]) {
            enqueue(h.tenant());
        }
    }

    private void ignored(String source, TenantId tenant, String why) {
        metrics.rejected(source, "unknown-tenant");
        unknownWarning.warn("tenant {}: {} record ignored (unknown-tenant): {}", tenant, source, why);
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

    /** Enqueues every tenant the store or the runtime knows. */
    public void resyncAll() {
        Set<TenantId> ids = new HashSet<>();
        store.all().forEach(t -> ids.add(t.id()));
        try {
            for (WorkerInstance w : runtime.list()) {
                if (store.get(w.tenant()).isEmpty()) {
                    metrics.orphanRemoved();
                    LOG.warn("tenant {}: {} container {} belongs to no registered tenant; removing it", w.tenant(),
                            w.kind().id(), w.id());
                }
                ids.add(w.tenant());
            }
        } catch (RuntimeUnavailableException e) {
            LOG.warn("resync: cannot list workers: {}", e.getMessage());
        }
        ids.forEach(queue::enqueue);
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

    /** How many tenants are in each state. */
    public Map<TenantState, Integer> countByState() {
        Instant now = clock.instant();
        Map<TenantState, Integer> counts = new EnumMap<>(TenantState.class);
        for (TenantState s : TenantState.values()) {
            counts.put(s, 0);
        }
        store.all().forEach(t -> counts.merge(lifecycle.stateOf(t, now), 1, Integer::sum));
        return counts;
    }

    /** Tenants waiting for or in a reconcile. */
    public int queueDepth() {
        return queue.depth();
    }

    /** The largest heartbeat age over live tenants, in seconds. */
    public double maxHeartbeatAgeSeconds() {
        Instant now = clock.instant();
        return store.all().stream().filter(t -> t.registered() && t.lastHeartbeat() != null)
                .mapToDouble(t -> Duration.between(t.lastHeartbeat(), now).toMillis() / 1000.0).max().orElse(0);
    }

    /** The largest absolute heartbeat skew over live tenants, in seconds. */
    public double maxAbsSkewSeconds() {
        return store.all().stream().filter(t -> t.registered() && t.skew() != null)
                .mapToDouble(t -> Math.abs(t.skew().toMillis() / 1000.0)).max().orElse(0);
    }

    /**
     * Every tenant for the status API: the registered ones, and the provisioned ones that have not registered
     * (state {@code NOT_REGISTERED}), each with its provisioning state ({@code active}, {@code paused}, or null).
     */
    public List<Object> tenantViews() {
        return views.all();
    }

    /** The admission side: provisioned tenants, waiting registrations. */
    public AdmissionControl admission() {
        return admission;
    }

    /** One tenant for the status API. */
    public Optional<Object> tenantView(TenantId id) {
        return views.one(id);
    }

    /** Prometheus HTTP service discovery of the workers' metrics endpoints. */
    public List<Map<String, Object>> serviceDiscovery() {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (TenantRecord t : store.all()) {
            reconciler.statusOf(t.id()).values().forEach(w -> {
                if (w.containerId() != null && w.metricsPort() > 0) {
                    groups.add(Map.of("targets", List.of(config.workerBindAddress() + ":" + w.metricsPort()),
                            "labels", Map.of("tenant", t.id().value(), "worker", w.worker())));
                }
            });
        }
        return groups;
    }

    /** The original's gauge {@code kg_control_plane_clusters_total{status}}, as an untyped family. */
    public String legacyClusterGauge() {
        Map<TenantState, Integer> c = countByState();
        // GRACE (alive only by the start-up grace) reports as active, as the original knew no such state.
        int active = c.get(TenantState.ACTIVE) + c.get(TenantState.REGISTERED) + c.get(TenantState.GRACE);
        return "# HELP kg_control_plane_clusters_total Clusters by status (the original control plane's gauge)\n"
                + "# TYPE kg_control_plane_clusters_total untyped\n"
                + "kg_control_plane_clusters_total{status=\"active\"} " + active + "\n"
                + "kg_control_plane_clusters_total{status=\"stale\"} " + c.get(TenantState.STALE) + "\n"
                + "kg_control_plane_clusters_total{status=\"dead\"} " + c.get(TenantState.DEAD) + "\n";
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
    }
}
