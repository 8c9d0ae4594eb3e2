package io.kgrca.controlplane;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.config.SecretNames;
import io.kgrca.common.http.ApiListener;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.BearerAuthenticator;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.topic.ProvisionReport;
import io.kgrca.common.topic.TopicProvisioner;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.admission.KafkaReplies;
import io.kgrca.controlplane.admission.Replies;
import io.kgrca.controlplane.admission.TenantCommand;
import io.kgrca.controlplane.admission.TenantsTopic;
import io.kgrca.controlplane.auth.OperatorTokenFile;
import io.kgrca.controlplane.cleanup.KafkaGroupCleaner;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.http.StatusApi;
import io.kgrca.controlplane.metrics.MicrometerControlPlaneMetrics;
import io.kgrca.controlplane.placement.KafkaGroupProgress;
import io.kgrca.controlplane.placement.KafkaPlacementLog;
import io.kgrca.controlplane.pool.InstanceReports;
import io.kgrca.controlplane.pool.InstanceState;
import io.kgrca.controlplane.pool.KafkaPoolLoad;
import io.kgrca.controlplane.pool.PoolMembers;
import io.kgrca.controlplane.pool.PoolReconciler;
import io.kgrca.controlplane.pool.PoolSettings;
import io.kgrca.controlplane.pool.PoolSpecs;
import io.kgrca.controlplane.pool.PoolView;
import io.kgrca.controlplane.pool.Pools;
import io.kgrca.controlplane.pool.SharedTenants;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import io.kgrca.controlplane.runtime.ProcessWorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.controlplane.tenant.TenantState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/** Starts the control plane from its environment; SIGTERM stops it and leaves the workers running for adoption. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** Entry point: runs the control plane, or with {@code tenant ...} the operator's tenant command. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            if ("tenant".equals(args[0])) {
                System.exit(TenantCommand.run(Arrays.asList(args).subList(1, args.length), Env.system(),
                        System.out, System.err));
            }
            System.err.println("usage: control-plane [" + TenantCommand.USAGE.substring("usage: ".length()) + "]");
            System.exit(2);
        }
        ControlPlaneConfig config;
        try {
            config = ControlPlaneConfig.fromEnv(Env.system().withSecretFiles(SecretNames.CONTROL_PLANE));
        } catch (InvalidConfigurationException e) {
            LOG.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        PoolSettings pools;
        try {
            pools = PoolSettings.fromEnv(Env.system());
        } catch (InvalidConfigurationException e) {
            LOG.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Running running = start(config, runtimeFor(config), pools);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    /**
     * A started control plane with its HTTP server.
     *
     * @param plane         the control plane
     * @param http          the loopback listener: health, metrics, service discovery, and the API (token required)
     * @param api           the API-only listener ({@code API_PORT}, HTTPS with {@code API_TLS_*}), or null
     * @param admin         the Kafka admin client
     * @param operatorToken the operator token (its text form is {@code [redacted]})
     * @param replies       the admission replies' producer
     * @param tenants       the provisioned tenants' topic
     * @param pools         the pools of shared placement
     */
    public record Running(ControlPlane plane, HealthHttpServer http, ApiListener api, Admin admin,
                          ApiToken operatorToken, Replies replies, TenantsTopic tenants, Pools pools)
            implements AutoCloseable {
        @Override
        public void close() {
            pools.close();
            try {
                plane.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http.close();
            replies.close();
            tenants.close();
            if (api != null) {
                api.close();
            }
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** The runtime the configuration asks for: Docker, or child processes. */
    public static WorkerRuntime runtimeFor(ControlPlaneConfig config)
            throws IOException {
        ControlPlaneConfig.ProcessRuntime p = config.processes();
        if (p == null) {
            return new DockerWorkerRuntime(dockerClient(), config.name(), config.isolation());
        }
        return new ProcessWorkerRuntime(p.stateDir(), Map.of(
                WorkerKind.EVENT_NORMALIZER,
                ProcessWorkerRuntime.split(p.eventNormalizer()),
                WorkerKind.LOG_NORMALIZER,
                ProcessWorkerRuntime.split(p.logNormalizer()),
                WorkerKind.GRAPH_BUILDER,
                ProcessWorkerRuntime.split(p.graphBuilder())));
    }

    /** Provisions topics (when configured), starts the control plane on Docker and serves its HTTP API. */
    public static Running start(ControlPlaneConfig config, DockerClient docker) throws Exception {
        return start(config, new DockerWorkerRuntime(docker, config.name(), config.isolation()));
    }

    /**
     * Provisions topics (when configured), starts the control plane on {@code runtime} with the default pool
     * settings and serves its HTTP API.
     */
    public static Running start(ControlPlaneConfig given, WorkerRuntime runtime) throws Exception {
        return start(given, runtime, PoolSettings.defaults());
    }

    /**
     * Provisions topics (when configured), starts the control plane and the pools ({@code poolSettings}) on
     * {@code runtime} and serves its HTTP API.
     */
    public static Running start(ControlPlaneConfig given, WorkerRuntime runtime, PoolSettings poolSettings)
            throws Exception {
        ControlPlaneConfig config = given.api().operatorToken() != null ? given
                : given.withOperatorToken(OperatorTokenFile.loadOrCreate(given.api().tokenFile(), new SecureRandom()));
        BearerAuthenticator auth = BearerAuthenticator.forOperator(config.api().operatorToken());
        Admin admin = Admin.create(config.kafka().clientProperties());
        if (config.provisionTopics()) {
            ProvisionReport report = new TopicProvisioner(admin, config.replicationFactor(), Duration.ofSeconds(60))
                    .provision(Topics.all());
            LOG.info("topics: {} created, {} unchanged, {} settings differ", report.created().size(),
                    report.unchanged().size(), report.drifts().size());
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Replies replies = new KafkaReplies(config.kafka().clientProperties());
        TenantsTopic tenants = new TenantsTopic(config.kafka().clientProperties(), Clock.systemUTC(),
                Duration.ofSeconds(30));
        ControlPlane plane = new ControlPlane(config, runtime, new KafkaGroupCleaner(admin),
                new MicrometerControlPlaneMetrics(meters), Clock.systemUTC(), replies,
                new KafkaPlacementLog(config.kafka().clientProperties()),
                new KafkaGroupProgress(admin, k -> KafkaGroupProgress.topicsOf(k, config.workerSettings())));
        registerGauges(meters, plane);
        Pools pools = pools(config, runtime, poolSettings, admin, plane);
        // The promotion policy reads the tenants' record rates from the pools' reports.
        plane.placements().useRates(pools.rates());
        registerPoolGauges(meters, pools);
        HealthCheckRegistry checks = new HealthCheckRegistry();
        checks.register("alive", new HealthCheck() {
            @Override
            protected Result check() {
                return Result.healthy();
            }
        });
        checks.register("registry", new HealthCheck() {
            @Override
            protected Result check() {
                return plane.ready() ? Result.healthy("registry read to its end")
                        : Result.unhealthy("still reading cluster.registry");
            }
        });
        HealthHttpServer http = new HealthHttpServer(new InetSocketAddress(config.httpBindAddress(), config.httpPort()),
                meters, checks, Set.of("alive"));
        http.appendToMetrics(plane.views()::legacyClusterGauge);
        StatusApi status = new StatusApi(plane, tenants, auth).withPools(pools);
        status.register(http);
        ApiListener api = null;
        if (config.api().port() >= 0) {
            api = ApiListener.bind(new InetSocketAddress(config.api().bindAddress(), config.api().port()),
                    config.api().tls());
            status.register(api);
            api.start();
            LOG.info("tenant=- control plane API (token required) on {}://{}:{}", api.tls() ? "https" : "http",
                    config.api().bindAddress(), api.port());
        }
        http.start();
        plane.start();
        pools.start();
        LOG.info("tenant=- control plane serving health, metrics and the API (token required) on {}:{} (admission {}, "
                + "at most {} tenants)", config.httpBindAddress(), http.port(),
                config.admission().open() ? "open" : "provisioned", config.admission().maxTenants());
        return new Running(plane, http, api, admin, config.api().operatorToken(), replies, tenants, pools);
    }

    /** The pools of shared placement, scaled by the count of tenants the placements put in them and by lag. */
    private static Pools pools(ControlPlaneConfig config, WorkerRuntime runtime, PoolSettings settings, Admin admin,
                               ControlPlane plane) {
        SharedTenants shared = () -> plane.placements().countByMode().getOrDefault(PlacementMode.SHARED, 0);
        PoolReconciler reconciler = new PoolReconciler(runtime, new PoolSpecs(config, settings, runtime::imageId),
                settings, config.restart(), Clock.systemUTC(), config.stopGrace(),
                () -> ThreadLocalRandom.current().nextDouble(), PoolMembers.kafka(admin, Duration.ofSeconds(5)));
        return new Pools(reconciler, shared, new KafkaPoolLoad(admin, Duration.ofSeconds(5)),
                InstanceReports.http(config.workerBindAddress(), Duration.ofSeconds(1)), Clock.systemUTC());
    }

    private static void registerPoolGauges(PrometheusMeterRegistry meters, Pools pools) {
        for (WorkerKind kind : WorkerKind.values()) {
            for (InstanceState state : InstanceState.values()) {
                Gauge.builder("kg.pool.instances", pools, p -> p.count(kind, state))
                        .description("Pool instances by worker kind and state").tag("worker", kind.id())
                        .tag("state", state.name().toLowerCase(Locale.ROOT)).register(meters);
            }
            Gauge.builder("kg.pool.desired", pools, p -> p.view(kind).map(PoolView::desired).orElse(0))
                    .description("Pool instances the demand asks for now").tag("worker", kind.id()).register(meters);
            Gauge.builder("kg.pool.lag", pools, p -> p.view(kind).map(PoolView::lag).orElse(0L))
                    .description("Consumer lag of the pool's group, in records").tag("worker", kind.id())
                    .register(meters);
        }
    }

    private static void registerGauges(PrometheusMeterRegistry meters, ControlPlane plane) {
        for (TenantState s : TenantState.values()) {
            Gauge.builder("kg.control.plane.tenants", plane, p -> p.views().countByState().get(s))
                    .description("Tenants by lifecycle state").tag("state", s.name().toLowerCase(Locale.ROOT))
                    .register(meters);
        }
        for (PlacementMode m : PlacementMode.values()) {
            Gauge.builder("kg.control.plane.tenants.placed", plane, p -> p.placements().countByMode().get(m))
                    .description("Placed tenants by placement").tag("placement", m.wire()).register(meters);
        }
        Gauge.builder("kg.control.plane.placement.draining", plane, p -> p.placements().draining())
                .description("Tenants whose move between placements is not complete").register(meters);
        Gauge.builder("kg.control.plane.queue.depth", plane, ControlPlane::queueDepth)
                .description("Tenants waiting for or in a reconcile").register(meters);
        Gauge.builder("kg.control.plane.heartbeat.age.max.seconds", plane, p -> p.views().maxHeartbeatAgeSeconds())
                .description("Largest time since a live tenant's last heartbeat").register(meters);
        Gauge.builder("kg.control.plane.heartbeat.skew.max.seconds", plane, p -> p.views().maxAbsSkewSeconds())
                .description("Largest absolute clock skew of a live tenant's heartbeats").register(meters);
    }

    /** A docker-java client for {@code DOCKER_HOST} or the local socket, at the engine's own API version. */
    public static DockerClient dockerClient() {
        DefaultDockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        return DockerClientImpl.getInstance(cfg, new ApacheDockerHttpClient.Builder().dockerHost(cfg.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(60)).build());
    }
}
