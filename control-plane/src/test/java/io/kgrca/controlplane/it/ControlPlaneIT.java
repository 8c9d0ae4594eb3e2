package io.kgrca.controlplane.it;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import io.kgrca.controlplane.Main;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import io.kgrca.testsupport.DockerEngine;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.kgrca.controlplane.it.ControlPlaneHarness.config;
import static io.kgrca.controlplane.it.ControlPlaneHarness.deregister;
import static io.kgrca.controlplane.it.ControlPlaneHarness.get;
import static io.kgrca.controlplane.it.ControlPlaneHarness.heartbeat;
import static io.kgrca.controlplane.it.ControlPlaneHarness.register;
import static io.kgrca.controlplane.it.ControlPlaneHarness.running;
import static io.kgrca.controlplane.it.ControlPlaneHarness.start;
import static io.kgrca.controlplane.it.ControlPlaneHarness.tenant;
import static io.kgrca.controlplane.it.ControlPlaneHarness.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control plane on a real Kafka broker and the real Docker engine, with tiny test worker images. */
@ExtendWith(KafkaBrokerExtension.class)
class ControlPlaneIT {

    private final List<String> registered = new ArrayList<>();
    private final List<Main.Running> planes = new ArrayList<>();
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void images() throws Exception {
        DockerEngine.assumeAvailable();
        TestImages.build();
    }

    @BeforeEach
    void setUp(KafkaBroker broker) {
        producer = broker.newProducer();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (String t : registered) {
            deregister(producer, t);
        }
        for (Main.Running p : planes) {
            p.close();
        }
        producer.close();
        ControlPlaneHarness.removeAllManagedContainers();
    }

    private Main.Running plane(KafkaBroker broker, Map<String, String> overrides) throws Exception {
        Main.Running p = start(config(broker, overrides));
        planes.add(p);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(p, "/readyz").statusCode() == 200);
        return p;
    }

    private String newTenant(String prefix) throws Exception {
        String t = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        register(producer, t);
        registered.add(t);
        return t;
    }

    @Test
    void aRegistrationYieldsThreeLimitedNonRootWorkersOnTheHostNetwork(KafkaBroker broker) throws Exception {
        Main.Running cp = plane(broker, Map.of("WORKER_PORT_RANGE", "21000-21299"));
        String t = newTenant("reg");

        await().atMost(Duration.ofSeconds(30)).until(() -> running(t).size() == 3);

        assertThat(running(t)).containsOnlyKeys("event-normalizer", "log-normalizer", "graph-builder");
        InspectContainerResponse c = DockerEngine.client().inspectContainerCmd(running(t).get("graph-builder")).exec();
        assertThat(c.getName()).isEqualTo("/kg-graph-builder-" + t);
        assertThat(c.getHostConfig().getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.getHostConfig().getNanoCPUs()).isEqualTo(250_000_000L);
        assertThat(c.getHostConfig().getNetworkMode()).isEqualTo("host");
        assertThat(c.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
        assertThat(c.getConfig().getUser()).isEqualTo("10001");
        assertThat(c.getConfig().getLabels()).containsEntry(DockerWorkerRuntime.TENANT, t)
                .containsEntry(DockerWorkerRuntime.WORKER, "graph-builder").containsKey(DockerWorkerRuntime.SPEC_HASH);
        assertThat(c.getConfig().getEnv()).contains("CLIENT_ID=" + t, "KAFKA_BROKERS=" + broker.bootstrapServers())
                .anyMatch(e -> e.startsWith("NEO4J_URI=")).anyMatch(e -> e.startsWith("METRICS_PORT=21"));
        assertThat(tenant(cp, t)).containsEntry("state", "REGISTERED");
    }

    @Test
    void aKilledWorkerIsBackWithinOneReconcile(KafkaBroker broker) throws Exception {
        // A long resync interval: the respawn must come from the container's exit event, not from the timer.
        // Long timeouts too, so that no lifecycle deadline requeues the tenant either.
        plane(broker, Map.of("WORKER_PORT_RANGE", "21300-21599", "RECONCILE_INTERVAL", "5m", "HEARTBEAT_TIMEOUT", "5m",
                "CLEANUP_TIMEOUT", "10m"));
        String t = newTenant("kill");
        await().atMost(Duration.ofSeconds(30)).until(() -> running(t).size() == 3);
        String before = running(t).get("log-normalizer");

        DockerEngine.client().killContainerCmd(before).exec();

        // Typically back in 1-2 s; the bound leaves room for a loaded CI machine's Docker and is still far below
        // the 5-minute resync, so only the exit event can have brought it back.
        await().atMost(Duration.ofSeconds(20)).until(() -> running(t).size() == 3
                && !before.equals(running(t).get("log-normalizer")));
    }

    @Test
    void aWorkerThatExitsAtOnceBacksOffVisiblyAndEndsFailed(KafkaBroker broker) throws Exception {
        Main.Running cp = plane(broker, Map.of("WORKER_PORT_RANGE", "21600-21899",
                "GRAPH_BUILDER_IMAGE", TestImages.CRASHER, "HEARTBEAT_TIMEOUT", "5m", "CLEANUP_TIMEOUT", "10m"));
        String t = newTenant("crash");

        await().atMost(Duration.ofSeconds(30)).until(() -> "BACKING_OFF".equals(worker(cp, t, "graph-builder").get("state")));
        assertThat(worker(cp, t, "graph-builder").get("next_retry_at")).isNotNull();
        assertThat(worker(cp, t, "graph-builder").get("last_error")).asString().contains("exited with code 3");
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(worker(cp, t, "graph-builder").get("state")));

        String metrics = get(cp, "/metrics").body();
        assertThat(metrics).containsPattern("kg_control_plane_respawns_total\\{worker=\"graph-builder\"\\} [1-9]")
                .contains("kg_control_plane_workers_failed_total{worker=\"graph-builder\"} 1.0");
        assertThat(worker(cp, t, "graph-builder").get("restarts")).isEqualTo(3);
        assertThat(running(t)).containsKeys("event-normalizer", "log-normalizer");

        assertThat(ControlPlaneHarness.post(cp, "/api/tenants/" + t + "/workers/graph-builder/restart").statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> !"FAILED".equals(worker(cp, t, "graph-builder").get("state")));
    }

    @Test
    void aSilentTenantTurnsStaleThenDeadAndLosesItsWorkersAndGroups(KafkaBroker broker) throws Exception {
        Main.Running cp = plane(broker, Map.of("WORKER_PORT_RANGE", "21900-22199"));
        String t = newTenant("silent");
        heartbeat(producer, t);
        await().atMost(Duration.ofSeconds(30)).until(() -> running(t).size() == 3);
        createGroups(broker, t);

        await().atMost(Duration.ofSeconds(30)).until(() -> "STALE".equals(tenant(cp, t).get("state")));
        assertThat(running(t)).as("stale keeps its workers").hasSize(3);

        await().atMost(Duration.ofSeconds(40)).until(() -> "DEAD".equals(tenant(cp, t).get("state"))
                && Boolean.TRUE.equals(tenant(cp, t).get("cleaned_up")));
        assertThat(ControlPlaneHarness.containers(t, true)).isEmpty();
        assertThat(groups(broker)).doesNotContain("event-normalizer-" + t, "log-normalizer-" + t, "graph-builder-" + t);
        assertThat(get(cp, "/metrics").body()).containsPattern("kg_control_plane_cleanup_operations_total [1-9]");

        heartbeat(producer, t);
        await("a dead tenant that comes back gets workers again").atMost(Duration.ofSeconds(30))
                .until(() -> running(t).size() == 3);
    }

    @Test
    void aTombstoneRemovesWorkersAndGroupsAtOnce(KafkaBroker broker) throws Exception {
        Main.Running cp = plane(broker, Map.of("WORKER_PORT_RANGE", "22200-22499", "HEARTBEAT_TIMEOUT", "5m",
                "CLEANUP_TIMEOUT", "10m"));
        String t = newTenant("tomb");
        await().atMost(Duration.ofSeconds(30)).until(() -> running(t).size() == 3);
        createGroups(broker, t);

        deregister(producer, t);

        await().atMost(Duration.ofSeconds(20)).until(() -> ControlPlaneHarness.containers(t, true).isEmpty()
                && Boolean.TRUE.equals(tenant(cp, t).get("cleaned_up")));
        assertThat(groups(broker)).doesNotContain("event-normalizer-" + t, "log-normalizer-" + t, "graph-builder-" + t);
    }

    @Test
    void aControlPlaneKilledAndRestartedAdoptsEveryWorkerAndRemovesOnlyOrphans(KafkaBroker broker) throws Exception {
        Map<String, String> cfg = new HashMap<>(Map.of("WORKER_PORT_RANGE", "22500-22799",
                "HEARTBEAT_TIMEOUT", "20s", "CLEANUP_TIMEOUT", "40s", "STARTUP_GRACE", "20s"));
        Process first = ControlPlaneProcess.start(ControlPlaneHarness.env(broker, cfg));
        List<String> tenants = new CopyOnWriteArrayList<>();
        // Live tenants heart-beat all along, through the kill and the restart, as the clusters' agents do.
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 10; i++) {
                tenants.add(newTenant("adopt" + i));
            }
            beats.scheduleAtFixedRate(() -> tenants.forEach(t -> {
                try {
                    heartbeat(producer, t);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }), 0, 3, TimeUnit.SECONDS);
            try {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> tenants.stream().allMatch(t -> running(t).size() == 3));
            } finally {
                first.destroyForcibly().waitFor();
            }
            Map<String, Map<String, String>> before = tenants.stream()
                    .collect(Collectors.toMap(t -> t, ControlPlaneHarness::running));

            String orphan = orphanContainer();
            Main.Running second = plane(broker, cfg);

            await().atMost(Duration.ofSeconds(20)).until(() -> !exists(orphan));
            await("two resync periods in which nothing may change").during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(8))
                    .until(() -> tenants.stream().allMatch(t -> running(t).equals(before.get(t))));
            for (String t : tenants) {
                assertThat(running(t)).as("tenant %s keeps its containers", t).isEqualTo(before.get(t));
                assertThat(tenant(second, t).get("state")).isEqualTo("ACTIVE");
            }
            assertThat(get(second, "/metrics").body()).containsPattern("kg_control_plane_orphans_removed_total [1-9]");
        } finally {
            beats.shutdownNow();
        }
    }

    @Test
    void ofAHundredRegistrationsExactlyTheValidOnesGetWorkers(KafkaBroker broker) throws Exception {
        Main.Running cp = plane(broker, Map.of("WORKER_PORT_RANGE", "23000-23999", "HEARTBEAT_TIMEOUT", "5m",
                "CLEANUP_TIMEOUT", "10m"));
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            valid.add(newTenant("h" + i));
        }
        ControlPlaneHarness.send(producer, "cluster.registry", "../x", "{\"client_id\":\"../x\"}");
        ControlPlaneHarness.send(producer, "cluster.registry", "UPPER", "{\"client_id\":\"UPPER\"}");
        ControlPlaneHarness.send(producer, "cluster.registry", "a".repeat(64), "{\"client_id\":\"x\"}");
        ControlPlaneHarness.send(producer, "cluster.registry", "a;b", "{\"client_id\":\"a;b\"}");
        ControlPlaneHarness.send(producer, "cluster.registry", "bad-json-1", "{\"client_id\":");
        ControlPlaneHarness.send(producer, "cluster.registry", "bad-json-2", "not json");
        ControlPlaneHarness.send(producer, "cluster.registry", "mismatch-1", "{\"client_id\":\"mismatch-2\"}");
        ControlPlaneHarness.send(producer, "cluster.registry", "no-id", "{\"cluster_name\":\"x\"}");
        ControlPlaneHarness.send(producer, "cluster.registry", "af-1::event::x", "{\"client_id\":\"af-1\"}");
        ControlPlaneHarness.send(producer, "cluster.registry", "", "{\"client_id\":\"\"}");

        // 270 containers: about a minute on an idle 2-core machine; the bound leaves room for a machine shared with
        // other builds, where Docker creates and starts little more than one container a second.
        await().atMost(Duration.ofSeconds(300)).until(() -> valid.stream().allMatch(t -> running(t).size() == 3));

        Set<String> tenantsWithContainers = DockerEngine.client().listContainersCmd()
                .withLabelFilter(Map.of(DockerWorkerRuntime.MANAGED_BY, ControlPlaneHarness.OWNER)).exec()
                .stream().map(c -> c.getLabels().get(DockerWorkerRuntime.TENANT)).collect(Collectors.toSet());
        assertThat(tenantsWithContainers).containsExactlyInAnyOrderElementsOf(valid);
        String metrics = get(cp, "/metrics").body();
        assertThat(metrics)
                .containsPattern("kg_control_plane_rejected_records_total\\{reason=\"invalid-tenant-id\",source=\"registry\"\\} [4-9]")
                .containsPattern("reason=\"not-json\",source=\"registry\"\\} [1-9]")
                .containsPattern("reason=\"truncated-json\",source=\"registry\"\\} [1-9]")
                .containsPattern("reason=\"key-payload-mismatch\",source=\"registry\"\\} [1-9]")
                .containsPattern("reason=\"missing-field\",source=\"registry\"\\} [1-9]")
                .containsPattern("reason=\"unexpected-key-form\",source=\"registry\"\\} [1-9]")
                .containsPattern("reason=\"empty-key\",source=\"registry\"\\} [1-9]");
        assertThat(get(cp, "/healthz").statusCode()).isEqualTo(200);
        PromtoolCheck.assertAccepted(metrics);
    }

    private String orphanContainer() {
        String name = "kg-graph-builder-ghost-" + UUID.randomUUID().toString().substring(0, 6);
        String id = DockerEngine.client().createContainerCmd(TestImages.WORKER).withName(name)
                .withLabels(Map.of(DockerWorkerRuntime.MANAGED_BY, ControlPlaneHarness.OWNER,
                        DockerWorkerRuntime.TENANT, name.substring("kg-graph-builder-".length()),
                        DockerWorkerRuntime.WORKER, "graph-builder", DockerWorkerRuntime.SPEC_HASH, "x"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
                .exec().getId();
        DockerEngine.client().startContainerCmd(id).exec();
        return id;
    }

    private static boolean exists(String id) {
        try {
            DockerEngine.client().inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void createGroups(KafkaBroker broker, String t) {
        for (String g : List.of("event-normalizer-" + t, "log-normalizer-" + t, "graph-builder-" + t)) {
            try (KafkaConsumer<byte[], byte[]> c = broker.newConsumer(g)) {
                TopicPartition tp = new TopicPartition("raw.k8s.events", 0);
                c.assign(List.of(tp));
                c.commitSync(Map.of(tp, new OffsetAndMetadata(0)));
            }
        }
        assertThat(groups(broker)).contains("graph-builder-" + t);
    }

    private static Set<String> groups(KafkaBroker broker) {
        try {
            return broker.admin().listGroups().all().get().stream().map(g -> g.groupId()).collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
