package io.kgrca.agent.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kgrca.agent.config.AgentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease with fabric8's {@code LeaderElector}, so that of
 * the agent's replicas exactly one publishes. The renew deadline is shorter than the lease duration, so a
 * leader that cannot renew stops (and says so through {@code onStop}) before anyone else can take the lease.
 * After losing, the replica competes again; on close it releases the lease so a standby takes over at once.
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final KubernetesClient client;
    private final AgentConfig.LeaseSettings lease;
    private final String tenant;
    private final Runnable onStart;
    private final Runnable onStop;
    private final ExecutorService callbacks;
    private final ScheduledExecutorService restarts;
    private volatile CompletableFuture<?> running;
    private volatile String leader;
    private volatile boolean closed;

    /** An election for {@code lease}; {@code onStart}/{@code onStop} run when this replica gains/loses it. */
    public LeaderElection(KubernetesClient client, AgentConfig.LeaseSettings lease, String tenant,
                          Runnable onStart, Runnable onStop) {
        this.client = client;
        this.lease = lease;
        this.tenant = tenant;
        this.onStart = onStart;
        this.onStop = onStop;
        this.callbacks = Executors.newSingleThreadExecutor(r -> daemon(r, "agent-leader-" + tenant));
        this.restarts = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agent-election-" + tenant));
    }

    /** Starts competing for the lease. */
    public LeaderElection start() {
        compete();
        return this;
    }

    /** The identity of the current leader as last observed, or null. */
    public String leader() {
        return leader;
    }

    private void compete() {
        if (closed) {
            return;
        }
        LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                .withName("kg-rca-agent-" + tenant)
                .withLock(new LeaseLock(lease.namespace(), lease.name(), lease.identity()))
                .withLeaseDuration(lease.leaseDuration())
                .withRenewDeadline(lease.renewDeadline())
                .withRetryPeriod(lease.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                .build();
        CompletableFuture<?> future = new LeaderElectorBuilder(client, callbacks).withConfig(config).build().start();
        running = future;
        future.whenComplete((ok, error) -> {
            if (!closed) {
                LOG.info("tenant={} leader election round ended{}; competing again", tenant,
                        error == null ? "" : " (" + error + ")");
                restarts.schedule(this::compete, lease.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void started() {
        LOG.info("tenant={} {} acquired lease {}/{}", tenant, lease.identity(), lease.namespace(), lease.name());
        onStart.run();
    }

    private void stopped() {
        LOG.info("tenant={} {} no longer holds lease {}/{}", tenant, lease.identity(), lease.namespace(), lease.name());
        onStop.run();
    }

    private void newLeader(String identity) {
        leader = identity;
        LOG.info("tenant={} leader is now {}", tenant, identity);
    }

    /** Stops competing and releases the lease if held. */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> f = running;
        if (f != null) {
            f.cancel(true);
        }
        restarts.shutdownNow();
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
