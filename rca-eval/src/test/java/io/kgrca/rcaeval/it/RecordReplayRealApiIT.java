package io.kgrca.rcaeval.it;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kgrca.agent.Main;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.k8s.WatchScope;
import io.kgrca.agent.replay.Recording;
import io.kgrca.agent.replay.TimelineCodec;
import io.kgrca.agent.replay.TimelineEntry;
import io.kgrca.agent.run.Agent;
import io.kgrca.common.config.Env;
import io.kgrca.common.topic.TopicSpec;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.TransformingProcessor;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.eventnormalizer.EventNormalizer;
import io.kgrca.graphbuilder.GraphBuilderFactory;
import io.kgrca.graphbuilder.GraphBuilderMain;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.KubeApiServer;
import io.kgrca.testsupport.KubeApiServerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import io.kgrca.testsupport.Offsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * <b>Real API server</b> (kube-apiserver v1.20.2 on etcd), real Kafka broker, real Neo4j: the agent's {@code record}
 * and {@code replay} against feeding live. While objects of a small incident are created, changed and deleted on the
 * server (a node, a Deployment with its ReplicaSet and pods, a Service with endpoints, a ConfigMap, a Secret, a
 * claim, a crash-looping container, events in both API shapes), one agent runs live for tenant L and a recording
 * writes a timeline file with the same informers. The file is then published for tenant R by the {@code replay}
 * command ({@link Main#execute}), and both tenants' records go through real event-normalizer and graph-builder
 * workers (their own consumer groups) into Neo4j: the two graphs have the same node and link counts, by label and
 * type. Skipped without the API server binaries, failed when {@code KG_REQUIRE_KUBE=true}.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class, KubeApiServerExtension.class})
class RecordReplayRealApiIT {

    private static final Logger LOG = LoggerFactory.getLogger(RecordReplayRealApiIT.class);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void aReplayedRecordingGivesTheSameGraphAsFeedingItLive(KafkaBroker broker, Neo4jServer neo4j, KubeApiServer server,
                                                           @TempDir Path dir) throws Exception {
        createTopics(broker);
        String run = UUID.randomUUID().toString().substring(0, 6);
        String live = "rr-live-" + run;
        String replayed = "rr-replay-" + run;
        Path file = dir.resolve("incident.jsonl");
        Config kube = Config.fromKubeconfig(server.kubeconfig(server.url(), server.adminToken()));
        try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(kube).build()) {
            String ns = "rr-" + run;
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
            Map<String, String> env = new HashMap<>();
            env.put("CLIENT_ID", live);
            env.put("KAFKA_BROKERS", broker.bootstrapServers());
            env.put("WATCH_NAMESPACES", ns);
            env.put("POD_NAMESPACE", ns);
            env.put("POD_NAME", "agent-live");
            env.put("METRICS_PORT", "0");
            env.put("HEARTBEAT_INTERVAL", "2s");
            AgentConfig config = AgentConfig.fromEnv(new Env(env));
            try (Recording recording = Recording.start(admin, new WatchScope("record", List.of(ns), Duration.ofMinutes(10)),
                    file, Clock.systemUTC());
                 Agent agent = Agent.start(config, admin, Clock.systemUTC())) {
                await().atMost(WAIT).until(() -> recording.synced() && agent.synced() && agent.leading());
                makeIncident(admin, ns, run);
                awaitQuiet(agent, recording);
            }
        }
        List<TimelineEntry> entries = TimelineCodec.parseLines(Files.readString(file, StandardCharsets.UTF_8));
        LOG.info("tenant={} recording: {} entries, {} bytes", live, entries.size(), Files.size(file));
        assertThat(entries).as("the recording").hasSizeGreaterThanOrEqualTo(15);
        assertThat(entries).as("the recording holds the deletion").anyMatch(e -> e.op() == TimelineEntry.Op.DELETE);
        assertThat(Files.readString(file)).as("no Secret value in the file").doesNotContain("hunter2");

        int exit = Main.execute(new String[]{"replay", file.toString(), "--tenant", replayed, "--speed", "max"},
                new Env(Map.of("KAFKA_BROKERS", broker.bootstrapServers())));
        assertThat(exit).as("replay's exit code").isZero();

        for (String tenant : List.of(live, replayed)) {
            try (WorkerLauncher.Running normalizer = eventNormalizer(broker, tenant)) {
                awaitCaughtUp(broker, "event-normalizer-" + tenant, List.of(Topics.RAW_K8S_EVENTS));
            }
            try (WorkerLauncher.Running builder = graphBuilder(broker, neo4j, tenant)) {
                awaitCaughtUp(broker, GraphBuilderMain.WORKER + "-" + tenant, GraphBuilderMain.TOPICS);
            }
        }
        Map<String, Long> a = GraphCounts.of(neo4j, live);
        Map<String, Long> b = GraphCounts.of(neo4j, replayed);
        // Watermarks are per (topic, partition) the tenant's keys land in; the tenants' keys differ, so may those.
        a.remove("node:Watermark");
        b.remove("node:Watermark");
        LOG.info("tenant={} live graph {}; tenant={} replayed graph {}", live, a, replayed, b);
        assertThat(a).as("the live graph").containsKeys("node:Pod", "node:Service", "node:Signal", "link:RUNS_ON",
                "link:ABOUT");
        assertThat(b).as("the replayed graph, by label and type").isEqualTo(a);
    }

    /** Objects, changes and events of a crash-looping API behind a Service, plus a deletion. */
    private static void makeIncident(KubernetesClient admin, String ns, String run) {
        String node = "node-" + run;
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).addToLabels("zone", "a").endMetadata()
                .build()).create();
        admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("api-config")
                .endMetadata().addToData("LOG_LEVEL", "info").build()).create();
        admin.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("db-password")
                .endMetadata().addToStringData("password", "hunter2-not-in-the-file").build()).create();
        admin.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("db-data").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        admin.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("db").endMetadata()
                .withNewSpec().addToSelector("app", "db").addNewPort().withPort(5432).endPort().endSpec().build()).create();
        Pod db = admin.pods().inNamespace(ns).resource(pod("db-0", node, "db", "postgres:15", List.of())
                .editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("db-data")
                .endPersistentVolumeClaim().endVolume().endSpec().build()).create();
        admin.endpoints().inNamespace(ns).resource(new EndpointsBuilder().withNewMetadata().withName("db").endMetadata()
                .addNewSubset().addNewAddress().withIp("192.0.2.10").withTargetRef(new ObjectReferenceBuilder()
                        .withKind("Pod").withName("db-0").withNamespace(ns).withUid(db.getMetadata().getUid()).build())
                .endAddress().addNewPort().withPort(5432).endPort().endSubset().build()).create();

        Deployment deployment = admin.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("api").endMetadata().withNewSpec().withReplicas(1).withNewSelector()
                .addToMatchLabels("app", "api").endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "api")
                .endMetadata().withSpec(pod("t", node, "api", "shop/api:2", List.of()).build().getSpec()).endTemplate().endSpec()
                .build()).create();
        ReplicaSet rs = admin.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("api-5d4f").addToLabels("app", "api").withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1").withKind("Deployment").withName("api")
                        .withUid(deployment.getMetadata().getUid()).withController(true).build()).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "api").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "api").endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec()).endTemplate().endSpec().build()).create();
        Pod old = admin.pods().inNamespace(ns).resource(owned(pod("api-5d4f-old", node, "api", "shop/api:1",
                List.of()), rs)).create();
        Pod api = admin.pods().inNamespace(ns).resource(owned(pod("api-5d4f-x2", node, "api", "shop/api:2",
                List.of("db." + ns + ".svc.cluster.local")), rs)).create();
        // No kubelet runs: without a zero grace period the pod would stay terminating forever.
        admin.pods().inNamespace(ns).withName(old.getMetadata().getName()).withGracePeriod(0).delete();

        api.setStatus(new PodStatusBuilder().withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder().withName("api").withImage("shop/api:2")
                        .withImageID("").withReady(false).withRestartCount(4).withNewState().withNewWaiting()
                        .withReason("CrashLoopBackOff").withMessage("back-off 40s restarting failed container")
                        .endWaiting().endState().withNewLastState().withNewTerminated().withExitCode(1)
                        .withReason("Error").endTerminated().endLastState().build()).build());
        admin.pods().inNamespace(ns).resource(api).updateStatus();

        String now = Instant.now().toString();
        admin.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata().withName("api-x2.backoff")
                .endMetadata().withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
                        .withName(api.getMetadata().getName()).withNamespace(ns).withUid(api.getMetadata().getUid())
                        .build()).withReason("BackOff").withType("Warning")
                .withMessage("Back-off restarting failed container").withCount(4).withFirstTimestamp(now)
                .withLastTimestamp(now).withNewSource().withComponent("kubelet").withHost(node).endSource().build())
                .create();
        // qualified: events/v1 beside the imported core Event
        admin.events().v1().events().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                .withNewMetadata().withName("db-0.unhealthy").endMetadata().withEventTime(new MicroTime(MICRO.format(Instant.now())))
                .withRegarding(new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withName("db-0")
                        .withNamespace(ns).withUid(db.getMetadata().getUid()).build())
                .withReason("Unhealthy").withType("Warning").withNote("Readiness probe failed: connection refused")
                .withAction("Probe").withReportingController("kubelet").withReportingInstance(node).build()).create();
    }

    private static PodBuilder pod(String name, String node, String app, String image, List<String> hosts) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName(app).withImage(image)
                .addNewEnv().withName("DB_HOST").withValue(hosts.isEmpty() ? "localhost" : hosts.get(0)).endEnv()
                .addNewEnvFrom().withNewConfigMapRef().withName("api-config").endConfigMapRef().endEnvFrom()
                .endContainer().endSpec();
        return b;
    }

    private static Pod owned(PodBuilder pod, ReplicaSet rs) {
        return pod.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                .withKind("ReplicaSet").withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid())
                .withController(true).build()).endMetadata().build();
    }

    /** Waits until neither the agent's acknowledged records nor the recording's entries have grown for 3 s. */
    private static void awaitQuiet(Agent agent, Recording recording) {
        long[] last = {-1};
        Instant[] since = {Instant.now()};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            agent.settle(Duration.ofSeconds(10));
            long now = agent.stats().heartbeatMetrics(0, 0).entrySet().stream()
                    .filter(e -> e.getKey().endsWith("_sent") && !e.getKey().startsWith("heartbeats"))
                    .mapToLong(e -> ((Number) e.getValue()).longValue()).sum()
                    + recording.recorder().objects() + recording.recorder().events();
            if (now != last[0]) {
                last[0] = now;
                since[0] = Instant.now();
                return false;
            }
            return Duration.between(since[0], Instant.now()).toSeconds() >= 3;
        });
    }

    private static void createTopics(KafkaBroker broker) {
        for (TopicSpec t : Topics.all()) {
            try {
                broker.createTopic(t.name(), t.partitions(), t.configs());
            } catch (RuntimeException alreadyThere) {
                // another test of this JVM created it
            }
        }
    }

    private static Map<String, String> workerEnv(KafkaBroker broker, String tenant) {
        Map<String, String> env = new HashMap<>();
        env.put("CLIENT_ID", tenant);
        env.put("KAFKA_BROKERS", broker.bootstrapServers());
        env.put("METRICS_PORT", "0");
        env.put("POLL_TIMEOUT", "200ms");
        env.put("SHUTDOWN_TIMEOUT", "10s");
        return env;
    }

    private static WorkerLauncher.Running eventNormalizer(KafkaBroker broker, String tenant) throws Exception {
        WorkerSettings settings = WorkerSettings.fromEnv("event-normalizer", List.of(Topics.RAW_K8S_EVENTS),
                new Env(workerEnv(broker, tenant)));
        return WorkerLauncher.start(settings, ctx -> new TransformingProcessor(new EventNormalizer(), ctx.producer()));
    }

    private static WorkerLauncher.Running graphBuilder(KafkaBroker broker, Neo4jServer neo4j, String tenant)
            throws Exception {
        Map<String, String> env = workerEnv(broker, tenant);
        env.put("NEO4J_URI", neo4j.boltUri());
        WorkerSettings settings = WorkerSettings.fromEnv(GraphBuilderMain.WORKER, GraphBuilderMain.TOPICS, new Env(env));
        return WorkerLauncher.start(settings, new GraphBuilderFactory());
    }

    private static void awaitCaughtUp(KafkaBroker broker, String group, List<String> topics) {
        await("group " + group + " caught up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> Offsets.lag(broker.admin(), group, topics) == 0);
    }
}
