package io.kgrca.agent.run;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.k8s.ClusterWatcher;
import io.kgrca.agent.k8s.WatchScope;
import io.kgrca.agent.kafka.KafkaRecordPublisher;
import io.kgrca.agent.kafka.RecordPublisher;
import io.kgrca.agent.leader.LeaderElection;
import io.kgrca.common.http.HealthHttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The {@code run} command assembled: the state thread ({@link AgentCore}), the informers ({@link ClusterWatcher}),
 * the Lease election ({@link LeaderElection}), the Kafka publisher and the health/metrics endpoint
 * ({@code /healthz}: the state thread is alive; {@code /readyz}: every informer has synced; {@code /metrics}).
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration MAX_BLOCK = Duration.ofSeconds(10);

    private final AgentConfig config;
    private final RecordPublisher publisher;
    private final AgentStats stats;
    private final AgentCore core;
    private final ClusterWatcher watcher;
    private final LeaderElection election;
    private final HealthHttpServer http;

    private Agent(AgentConfig config, KubernetesClient client, RecordPublisher publisher, Clock clock) throws IOException {
        this.config = config;
        String tenant = config.tenant().value();
        this.publisher = publisher;
        this.stats = new AgentStats(clock);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        stats.bind(registry, tenant);
        this.core = new AgentCore(config, publisher, stats, clock).start();
        this.watcher = new ClusterWatcher(client, WatchScope.of(config), core).start();
        Gauge.builder("kg.agent.leader", core, c -> c.leading() ? 1 : 0).description("1 while this replica publishes")
                .tag("tenant", tenant).register(registry);
        HealthCheckRegistry checks = new HealthCheckRegistry();
        checks.register("state-thread", check(() -> core.alive(Duration.ofMinutes(2)), "state thread stuck"));
        checks.register("informers", check(watcher::synced, "informers not synced yet"));
        this.http = new HealthHttpServer(new InetSocketAddress(config.httpBindAddress(), config.httpPort()), registry,
                checks, Set.of("state-thread")).start();
        this.election = new LeaderElection(client, config.lease(), tenant, core::leadershipGained,
                core::leadershipLost).start();
        LOG.info("tenant={} agent {} running (cluster {}, health/metrics on {}:{})", tenant, config.lease().identity(),
                config.clusterName(), config.httpBindAddress(), http.port());
    }

    /** Starts the agent with a Kafka publisher built from the configuration. */
    public static Agent start(AgentConfig config, KubernetesClient client, Clock clock) throws IOException {
        RecordPublisher publisher = new KafkaRecordPublisher(config.kafka(), config.topics(), config.tenant().value(),
                config.lease().identity(), config.intervals().sendTimeout(), MAX_BLOCK);
        try {
            return new Agent(config, client, publisher, clock);
        } catch (IOException | RuntimeException e) {
            publisher.close();
            throw e;
        }
    }

    private static HealthCheck check(BooleanSupplier ok, String whenNot) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                return ok.getAsBoolean() ? Result.healthy() : Result.unhealthy(whenNot);
            }
        };
    }

    /** True while this replica holds the lease and publishes. */
    public boolean leading() {
        return core.leading();
    }

    /** True when every informer has synced. */
    public boolean synced() {
        return watcher.synced();
    }

    /** The counters behind the heartbeat. */
    public AgentStats stats() {
        return stats;
    }

    /** The health/metrics port. */
    public int httpPort() {
        return http.port();
    }

    /** Waits until the state thread has handled everything queued so far (for tests). */
    public void settle(Duration timeout) throws Exception {
        core.await(timeout);
    }

    /** Stops publishing at once, releases the lease, stops watching, flushes and closes. */
    @Override
    public void close() {
        String tenant = config.tenant().value();
        core.stopPublishing("shutting down");
        election.close();
        watcher.close();
        core.close();
        try {
            publisher.flush();
        } finally {
            publisher.close();
            http.close();
        }
        LOG.info("tenant={} agent {} stopped", tenant, config.lease().identity());
    }
}
