package io.kgrca.controlplane.it;

import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.Main;
import io.kgrca.testsupport.MutableClock;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import io.kgrca.controlplane.runtime.RestartHistory;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerRuntime;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 5,000 heartbeats and 5,000 tombstones from ids that never registered, through the real broker: no tenant is
 * created, nothing is reconciled, every record is counted by reason. The heap before and after is printed for the
 * docs (a measurement, not an assertion: the broker shares this JVM).
 */
@ExtendWith(KafkaBrokerExtension.class)
class GhostTenantsIT {

    private static final int GHOSTS = 5000;

    @Test
    void recordsFromUnknownIdsCreateNoTenantAndTriggerNoReconcile(KafkaBroker broker) throws Exception {
        ControlPlaneConfig config = ControlPlaneHarness.config(broker, Map.of("ADMISSION", "open",
                "HEARTBEAT_TIMEOUT", "5m", "CLEANUP_TIMEOUT", "10m", "STARTUP_GRACE", "5m",
                "RECONCILE_INTERVAL", "1h"));
        String real = "real-" + UUID.randomUUID().toString().substring(0, 8);
        String run = UUID.randomUUID().toString().substring(0, 6);
        CountingRuntime runtime = new CountingRuntime();
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            Main.Running cp = Main.start(config, runtime);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> cp.plane().ready());
                ControlPlaneHarness.register(p, real);
                ControlPlaneHarness.heartbeat(p, real);
                await().atMost(Duration.ofSeconds(20)).until(() -> runtime.starts() == 3);
                int tenantsBefore = cp.plane().tenantViews().size();
                double heartbeatsBefore = counter(cp, "heartbeat");
                double tombstonesBefore = counter(cp, "registry");
                long heapBefore = usedHeapAfterGc();
                await("the real tenant's reconciles are done").during(Duration.ofMillis(500))
                        .atMost(Duration.ofSeconds(10)).until(() -> cp.plane().queueDepth() == 0);
                int listsBefore = runtime.lists.get();

                for (int i = 0; i < GHOSTS; i++) {
                    String id = "ghost-" + run + "-" + i;
                    send(p, Topics.CLUSTER_HEARTBEAT, id, "{\"client_id\":\"" + id + "\",\"timestamp\":\""
                            + Instant.now() + "\",\"status\":\"healthy\"}");
                    send(p, Topics.CLUSTER_REGISTRY, id, null);
                }
                p.flush();
                await().atMost(Duration.ofSeconds(60)).until(() -> counter(cp, "heartbeat") - heartbeatsBefore >= GHOSTS
                        && counter(cp, "registry") - tombstonesBefore >= GHOSTS);
                long heapAfter = usedHeapAfterGc();

                assertThat(cp.plane().tenantViews()).hasSize(tenantsBefore);
                assertThat(counter(cp, "heartbeat") - heartbeatsBefore).isEqualTo(GHOSTS);
                assertThat(counter(cp, "registry") - tombstonesBefore).isEqualTo(GHOSTS);
                assertThat(runtime.lists.get() - listsBefore).as("no reconcile: the runtime was not even listed")
                        .isLessThanOrEqualTo(1);
                assertThat(runtime.starts()).isEqualTo(3);
                System.out.printf("ghost tenants: %d heartbeats + %d tombstones from unknown ids; tenants %d -> %d; "
                                + "used heap after GC %.1f MB -> %.1f MB (broker in the same JVM)%n", GHOSTS, GHOSTS,
                        tenantsBefore, cp.plane().tenantViews().size(), heapBefore / 1e6, heapAfter / 1e6);
            } finally {
                ControlPlaneHarness.deregister(p, real);
                cp.close();
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, String value) {
        p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    private static double counter(Main.Running cp, String source) throws Exception {
        String body = ControlPlaneHarness.get(cp, "/metrics").body();
        Matcher m = Pattern.compile("kg_control_plane_rejected_records_total\\{[^}]*reason=\"unknown-tenant\","
                + "source=\"" + source + "\"[^}]*} ([0-9.eE+]+)").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The in-memory runtime, counting how often it is listed (every reconcile lists it). */
    private static final class CountingRuntime implements WorkerRuntime {
        private final InMemoryWorkerRuntime delegate = new InMemoryWorkerRuntime(new MutableClock(Instant.now()));
        private final AtomicInteger lists = new AtomicInteger();

        @Override
        public List<WorkerInstance> list() throws RuntimeUnavailableException {
            lists.incrementAndGet();
            return delegate.list();
        }

        @Override
        public WorkerInstance start(WorkerSpec spec, RestartHistory history) throws RuntimeUnavailableException {
            return delegate.start(spec, history);
        }

        @Override
        public void remove(String id, Duration grace) throws RuntimeUnavailableException {
            delegate.remove(id, grace);
        }

        int starts() {
            return delegate.starts();
        }
    }
}
