package io.kgrca.agent.it;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.run.Agent;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.KubeApiServer;
import io.kgrca.testsupport.KubeApiServerExtension;
import io.kgrca.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kgrca.agent.it.AgentHarness.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * <b>Real API server</b> (kube-apiserver v1.20.2 on etcd, see {@link KubeApiServer}) and a real Kafka broker: two
 * agent replicas compete for a {@code coordination.k8s.io/v1} Lease (lease 4 s, renew deadline 3 s, retry period
 * 500 ms). The takeover after a crash must come within lease duration + one renew period (fabric8's retry period
 * stretched by its jitter, at most 2.2 times it) + 500 ms for the standby's own Lease read and write; the measured
 * time is logged. Each replica reaches the server through its own {@link TcpProxy}, so the leader can be "crashed" (its
 * connection cut: it can neither renew nor release) while the standby still reaches the server. The fast
 * mock-server test of the same behaviour is {@link LeaderElectionIT}.
 */
@ExtendWith({KafkaBrokerExtension.class, KubeApiServerExtension.class})
class LeaderElectionRealApiIT {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElectionRealApiIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration API_ALLOWANCE = Duration.ofMillis(500);

    @Test
    void oneLeaderAtATimeTheStandbyTakesOverInTimeAndAStaleHolderIsRefused(KafkaBroker broker, KubeApiServer server)
            throws Exception {
        AgentHarness.createTopics(broker);
        String t = "real-leader";
        try (KubernetesClient admin = RealApi.admin(server);
             TcpProxy proxyA = TcpProxy.to(server.port()); TcpProxy proxyB = TcpProxy.to(server.port());
             KubernetesClient viaA = RealApi.client(server, "https://127.0.0.1:" + proxyA.port(), server.adminToken());
             KubernetesClient viaB = RealApi.client(server, "https://127.0.0.1:" + proxyB.port(), server.adminToken())) {
            String ns = RealApi.namespace(admin, "leader");
            Map<String, String> env = Map.of("WATCH_NAMESPACES", ns, "POD_NAMESPACE", ns);
            AgentConfig configA = config(broker, t, "agent-a", env);
            AgentConfig.LeaseSettings lease = configA.lease();
            try (Agent a = Agent.start(configA, viaA, Clock.systemUTC());
                 Agent b = Agent.start(config(broker, t, "agent-b", env), viaB, Clock.systemUTC());
                 Overlap overlap = Overlap.watch(a, b)) {
                await().atMost(WAIT).until(() -> a.leading() || b.leading());
                Agent leader = a.leading() ? a : b;
                Agent standby = leader == a ? b : a;
                TcpProxy leaderLink = leader == a ? proxyA : proxyB;
                String leaderId = leader == a ? "agent-a" : "agent-b";
                await().atMost(WAIT).until(standby::synced);

                // A stale copy of the Lease: the holder renews it every retry period, so its resourceVersion moves on.
                Lease stale = admin.leases().inNamespace(ns).withName(lease.name()).get();
                assertThat(stale.getSpec().getHolderIdentity()).isEqualTo(leaderId);
                await().atMost(WAIT).until(() -> !admin.leases().inNamespace(ns).withName(lease.name()).get()
                        .getMetadata().getResourceVersion().equals(stale.getMetadata().getResourceVersion()));
                Lease intruder = new LeaseBuilder(stale).editSpec().withHolderIdentity("intruder").endSpec().build();
                assertThatThrownBy(() -> admin.leases().inNamespace(ns).resource(intruder).update())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
                assertThat(admin.leases().inNamespace(ns).withName(lease.name()).get().getSpec().getHolderIdentity())
                        .isEqualTo(leaderId);

                long cut = System.nanoTime();
                leaderLink.cut();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(standby::leading);
                Duration takeover = Duration.ofNanos(System.nanoTime() - cut);
                await().atMost(WAIT).until(() -> !leader.leading());
                // fabric8 retries (and renews) every retry period stretched by a random jitter of up to 1.2 times it:
                // the lease was renewed at most one such period before the cut, and the standby tries at most one
                // such period after it expires.
                Duration renewPeriod = Duration.ofMillis(Math.round(lease.retryPeriod().toMillis() * 2.2));
                Duration bound = lease.leaseDuration().plus(renewPeriod);
                LOG.info("tenant={} takeover after the leader's crash: {} ms (lease {} ms + one renew period of at most "
                                + "{} ms = bound {} ms); samples with two leaders: {} of {}", t, takeover.toMillis(),
                        lease.leaseDuration().toMillis(), renewPeriod.toMillis(), bound.toMillis(), overlap.both.get(),
                        overlap.samples.get());
                // Plus a fixed allowance for the standby's own Lease read and write on a busy two-core machine.
                assertThat(takeover).isGreaterThanOrEqualTo(lease.leaseDuration().minus(renewPeriod))
                        .isLessThanOrEqualTo(bound.plus(API_ALLOWANCE));
                assertThat(admin.leases().inNamespace(ns).withName(lease.name()).get().getSpec().getHolderIdentity())
                        .isNotEqualTo(leaderId);
                assertThat(overlap.samples.get()).isGreaterThan(100);
                assertThat(overlap.both.get()).as("samples where both replicas believed they led").isZero();
            }
        }
    }

    /** Samples both replicas' leadership flags every 10 ms, counting the samples where both lead. */
    private static final class Overlap implements AutoCloseable {
        final AtomicInteger both = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        private Overlap(Agent a, Agent b) {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    samples.incrementAndGet();
                    if (a.leading() && b.leading()) {
                        both.incrementAndGet();
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "leader-overlap");
            thread.setDaemon(true);
            thread.start();
        }

        static Overlap watch(Agent a, Agent b) {
            return new Overlap(a, b);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(1_000);
        }
    }
}
