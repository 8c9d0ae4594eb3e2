package io.kgrca.common.worker;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.placement.PlacementFollower;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.topic.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds a running worker from its settings: consumer, producer, loop, metrics, the health endpoint and the
 * {@link PlacementFollower} of {@code cluster.placement}, and in
 * {@link #main(String, List, ProcessorFactory, PoolFactory, String[])} the SIGTERM handling of a container's
 * process. {@link #start(WorkerSettings, ProcessorFactory)} starts a tenant's dedicated worker,
 * {@link #startPool(WorkerSettings, PoolFactory)} an instance of the worker kind's pool (shared placement).
 */
public final class WorkerLauncher {

    /**
     * The SLF4J MDC key under which every log line of a worker carries its tenant; the logback patterns of the
     * workers and the local mode show it ({@code tenant=%X{tenant}}).
     */
    public static final String TENANT_KEY = "tenant";
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLauncher.class);
    private static final String LOOP_CHECK = "loop";
    /** How long a starting worker waits for its placement follower to read {@code cluster.placement} once. */
    static final Duration FOLLOW_START_WAIT = Duration.ofSeconds(10);
    /**
     * The line a worker logs once its loop runs: {@code <worker> started (<placement> placement), group ...}; group 1
     * is the worker. The image build's class-data sharing training run ({@code build-tools/cds-archive.sh}) and the
     * start-up measurements ({@code StartupBenchmark}, {@code ClassDataSharingIT}) wait for it.
     */
    public static final Pattern STARTED_LINE = Pattern.compile("(\\S+) started \\((\\w+) placement\\), group ");
    /** The path of a pool instance's progress ({@link PoolProgress.Snapshot}). */
    public static final String POOL_TENANTS_PATH = "/pool/tenants";

    private WorkerLauncher() {
    }

    /** Builds the sink of a worker. */
    @FunctionalInterface
    public interface ProcessorFactory {
        /** Creates the processor; it may register health checks and meters in {@code context}. */
        BatchProcessor create(WorkerContext context) throws Exception;
    }

    /** Builds the per-tenant processors of a pool instance (shared placement). */
    @FunctionalInterface
    public interface PoolFactory {
        /**
         * Creates the factory of the instance's per-tenant processors, with the resources they share (a Neo4j
         * driver, ...); it may register health checks and meters in {@code context}.
         */
        TenantProcessorFactory create(WorkerContext context) throws Exception;
    }

    /** A started worker. Closing it stops the loop, commits what was processed and releases everything. */
    public static final class Running implements AutoCloseable {
        private final WorkerSettings settings;
        private final Parts parts;
        private final WorkerLoop loop;
        private final Thread thread;
        private final BatchProcessor processor;
        private final PoolProgress progress;

        private Running(WorkerSettings settings, Parts parts, WorkerLoop loop, Thread thread, BatchProcessor processor,
                        PoolProgress progress) {
            this.settings = settings;
            this.parts = parts;
            this.loop = loop;
            this.thread = thread;
            this.processor = processor;
            this.progress = progress;
        }

        /** The loop. */
        public WorkerLoop loop() {
            return loop;
        }

        /** The placements this worker follows. */
        public PlacementView placements() {
            return parts.view;
        }

        /** A pool instance's progress per tenant; empty for a dedicated worker. */
        public Optional<PoolProgress> pool() {
            return Optional.ofNullable(progress);
        }

        /** The port of the health and metrics endpoint. */
        public int httpPort() {
            return parts.http.port();
        }

        /** Stops within the settings' shutdown timeout. */
        @Override
        public void close() throws InterruptedException {
            loop.stop();
            if (!loop.awaitStopped(settings.shutdownTimeout())) {
                try (MDC.MDCCloseable t = MDC.putCloseable(TENANT_KEY, settings.logTenant())) {
                    LOG.warn("{} loop did not stop within {}; closing anyway", settings.worker(),
                            settings.shutdownTimeout());
                }
                thread.interrupt();
            }
            // A static member does not leave its group on close unless told to: leave, so that a stopped tenant's
            // group empties now and can be deleted, and a successor starts from a clean assignment.
            parts.consumer.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(5)));
            parts.producer.close(Duration.ofSeconds(5));
            processor.close();
            parts.follower.close();
            parts.http.close();
        }
    }

    /** What every worker has: registries, clients, the HTTP server and the placement follower. */
    private static final class Parts {
        final WorkerSettings settings;
        final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final HealthCheckRegistry health = new HealthCheckRegistry();
        final KafkaProducer<byte[], byte[]> producer;
        final KafkaConsumer<byte[], byte[]> consumer;
        final HealthHttpServer http;
        final PlacementView view = new PlacementView();
        final PlacementFollower follower;

        Parts(WorkerSettings settings) throws IOException, InterruptedException {
            this.settings = settings;
            this.producer = new KafkaProducer<>(producerProps(settings));
            this.consumer = new KafkaConsumer<>(consumerProps(settings));
            this.http = new HealthHttpServer(new InetSocketAddress(settings.httpBindAddress(), settings.httpPort()),
                    meters, health, Set.of(LOOP_CHECK));
            this.follower = new PlacementFollower(settings.kafka().clientProperties(),
                    settings.groupInstanceId().orElse(settings.groupId()) + "-placement", view,
                    settings.logTenant()).start();
            if (!view.awaitCaughtUp(FOLLOW_START_WAIT)) {
                try (MDC.MDCCloseable t = MDC.putCloseable(TENANT_KEY, settings.logTenant())) {
                    LOG.warn("{} has not read {} within {}; starting anyway", settings.worker(),
                            Topics.CLUSTER_PLACEMENT, FOLLOW_START_WAIT);
                }
            }
        }

        WorkerContext context() {
            return new WorkerContext(settings, producer, meters, health, http, view);
        }

        void closeQuietly() {
            try {
                follower.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http.close();
            producer.close();
            consumer.close();
        }
    }

    /**
     * Starts a tenant's dedicated worker on its own thread: its tenant's records, and, when the tenant has a
     * placement on {@code cluster.placement}, only those the dedicated side owns ({@link DedicatedRouter}); a fresh
     * group after a move starts at the handoff ({@link DedicatedStart}).
     */
    public static Running start(WorkerSettings settings, ProcessorFactory factory) throws Exception {
        if (settings.shared()) {
            throw new IllegalArgumentException("a pool instance (PLACEMENT=shared) starts with startPool");
        }
        Parts parts = new Parts(settings);
        BatchProcessor processor;
        try {
            processor = factory.create(parts.context());
        } catch (Exception e) {
            parts.closeQuietly();
            throw e;
        }
        PlacementOptions placement = settings.placementOptions();
        WorkerLoop loop = new WorkerLoop(settings.worker(), settings.logTenant(), parts.consumer, settings.topics(),
                new DedicatedRouter(settings.tenant(), parts.view, placement.overlap()), processor,
                new DeadLetterPublisher(parts.producer, settings.worker(), settings.tenant().value()),
                new MicrometerWorkerMetrics(parts.meters, settings.tenant().value(), settings.worker()),
                settings.loop(), Clock.systemUTC(),
                new DedicatedStart(settings.tenant(), parts.view, placement.overlap()));
        return run(settings, parts, loop, processor, null);
    }

    /**
     * Starts an instance of the worker kind's pool (shared placement) on its own thread: group
     * {@code <worker>.pool}, cooperative rebalancing, the tenant of each record from its key ({@link PoolRouter}),
     * one processor per tenant from {@code factory} ({@link TenantRouter}), and its progress on
     * {@value #POOL_TENANTS_PATH}.
     */
    public static Running startPool(WorkerSettings settings, PoolFactory factory) throws Exception {
        if (!settings.shared()) {
            throw new IllegalArgumentException("a dedicated worker (PLACEMENT=dedicated) starts with start");
        }
        Parts parts = new Parts(settings);
        TenantProcessorFactory tenants;
        try {
            tenants = factory.create(parts.context());
        } catch (Exception e) {
            parts.closeQuietly();
            throw e;
        }
        PlacementOptions placement = settings.placementOptions();
        Clock clock = Clock.systemUTC();
        String instance = settings.logTenant();
        PoolProgress progress = new PoolProgress(instance, settings.groupId(),
                Math.max(PoolRouter.REMEMBERED_TENANTS, placement.maxTenants()), clock);
        TenantRouter router = new TenantRouter(tenants, placement, clock, progress,
                new MicrometerTenantMetrics(parts.meters, settings.worker())).closeOnRemoval(parts.view);
        WorkerLoop loop = new WorkerLoop(settings.worker(), instance, parts.consumer, settings.topics(),
                new PoolRouter(parts.view, placement.overlap(), placement.placementWait(), clock), router,
                new DeadLetterPublisher(parts.producer, settings.worker(), null),
                new MicrometerWorkerMetrics(parts.meters, instance, settings.worker()),
                settings.loop().withTenantSlice(placement.tenantSlice(), placement.backlogBytes(),
                        settings.maxPollRecords()), clock,
                new PoolHooks(progress, router));
        parts.http.route(POOL_TENANTS_PATH, ex -> HealthHttpServer.respondJson(ex, 200, progress.snapshot()));
        return run(settings, parts, loop, router, progress);
    }

    private static Running run(WorkerSettings settings, Parts parts, WorkerLoop loop, BatchProcessor processor,
                               PoolProgress progress) {
        registerChecks(parts.health, loop, settings);
        parts.http.start();
        Thread thread = new Thread(loop, settings.worker() + "-" + settings.logTenant());
        thread.start();
        try (MDC.MDCCloseable t = MDC.putCloseable(TENANT_KEY, settings.logTenant())) {
            LOG.info("{} started ({} placement), group {} (instance {}), health and metrics on {}:{}, settings {}",
                    settings.worker(), settings.placement().wire(), settings.groupId(),
                    settings.groupInstanceId().orElse("dynamic"), settings.httpBindAddress(), parts.http.port(),
                    settings.effective());
        }
        return new Running(settings, parts, loop, thread, processor, progress);
    }

    /**
     * The body of a worker's {@code main}: reads the environment, starts, and on SIGTERM stops within the
     * shutdown timeout, committing what was processed. A configuration error exits with status 2 and a message
     * naming the variable. A worker without a pool implementation: {@code PLACEMENT=shared} is a configuration
     * error.
     */
    public static void main(String worker, List<String> defaultTopics, ProcessorFactory factory, String[] args) {
        main(worker, defaultTopics, factory, null, args);
    }

    /**
     * The body of a worker's {@code main} that can run in both placements: by {@code PLACEMENT}, a tenant's
     * dedicated worker built by {@code factory} or a pool instance built by {@code pool} (null: the worker has no
     * pool, and {@code PLACEMENT=shared} exits with status 2).
     */
    public static void main(String worker, List<String> defaultTopics, ProcessorFactory factory, PoolFactory pool,
                            String[] args) {
        WorkerSettings settings;
        try {
            settings = WorkerSettings.fromEnv(worker, defaultTopics, Env.system());
        } catch (InvalidConfigurationException e) {
            LOG.error("{}: invalid configuration: {}", worker, e.getMessage());
            System.exit(2);
            return;
        }
        if (settings.shared() && pool == null) {
            LOG.error("{}: invalid configuration: PLACEMENT: this worker has no shared placement", worker);
            System.exit(2);
            return;
        }
        // A dedicated worker process serves one tenant: every line of its main thread carries it (the loop sets its
        // own); a pool instance's carry its member id, and its per-tenant lines their tenant.
        MDC.put(TENANT_KEY, settings.logTenant());
        try {
            Running running = settings.shared() ? startPool(settings, pool) : start(settings, factory);
            Thread hook = new Thread(() -> {
                MDC.put(TENANT_KEY, settings.logTenant());
                LOG.info("{} received shutdown signal", worker);
                try {
                    running.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            running.loop().awaitStopped(Duration.ofDays(36500));
        } catch (Exception e) {
            LOG.error("{} failed to start", worker, e);
            System.exit(1);
        }
    }

    static Map<String, Object> consumerProps(WorkerSettings s) {
        Map<String, Object> p = s.kafka().clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, s.groupId());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, s.maxPollRecords());
        if (s.shared()) {
            // A pool's instances come and go with the scaling: incremental rebalances move only the partitions that
            // change owner, the others keep being processed.
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class));
        }
        // Static membership: a replacement with the same instance id takes the dead member's place at once. The
        // session timeout (15 s by default, Kafka's is 45 s) only bounds how long the partitions of a worker that
        // died and was not replaced stay idle. Heartbeats go every 3 s.
        s.groupInstanceId().ifPresent(id -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) s.sessionTimeout().toMillis());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    static Map<String, Object> producerProps(WorkerSettings s) {
        Map<String, Object> p = s.kafka().clientProperties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, s.groupId());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.DLQ_MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    private static void registerChecks(HealthCheckRegistry health, WorkerLoop loop, WorkerSettings settings) {
        Duration staleAfter = Duration.ofSeconds(120).plus(settings.loop().pollTimeout().multipliedBy(10));
        health.register(LOOP_CHECK, new HealthCheck() {
            @Override
            protected Result check() {
                LoopStatus s = loop.status();
                if (!s.running()) {
                    return Result.unhealthy("loop is not running");
                }
                if (s.lastPoll() != null && s.lastPoll().isBefore(Instant.now().minus(staleAfter))) {
                    return Result.unhealthy("no poll since " + s.lastPoll());
                }
                return Result.healthy("polling, " + s.assignedPartitions() + " partitions assigned");
            }
        });
        health.register("sink", new HealthCheck() {
            @Override
            protected Result check() {
                LoopStatus s = loop.status();
                return s.sinkAvailable() ? Result.healthy() : Result.unhealthy("sink unavailable: " + s.lastError());
            }
        });
        health.register("polled", new HealthCheck() {
            @Override
            protected Result check() {
                return loop.status().lastPoll() != null ? Result.healthy() : Result.unhealthy("not polled yet");
            }
        });
    }
}
