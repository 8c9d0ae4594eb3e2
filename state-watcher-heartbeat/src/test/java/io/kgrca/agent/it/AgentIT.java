package io.kgrca.agent.it;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kgrca.agent.Fixtures;
import io.kgrca.agent.RcaFixtures;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.run.Agent;
import io.kgrca.agent.state.Channel;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.Heartbeat;
import io.kgrca.common.model.RawK8sEvent;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.registry.ControlEvent;
import io.kgrca.controlplane.registry.RecordParser;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.kgrca.agent.it.AgentHarness.config;
import static io.kgrca.agent.it.AgentHarness.key;
import static io.kgrca.agent.it.AgentHarness.latest;
import static io.kgrca.agent.it.AgentHarness.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * <b>Fast test, mock API server</b>: the agent against a real Kafka broker and fabric8's Kubernetes mock server in
 * CRUD mode. The mock stores objects, serves lists and watches and Leases, but runs no controllers (deleting a
 * deployment does not delete its pods), validates nothing and enforces no RBAC. The same agent on a real
 * kube-apiserver (v1.20.2) is tested by the {@code *RealApiIT} classes ({@link WatchRelistRealApiIT},
 * {@link LeaderElectionRealApiIT}, {@link EventShapesRealApiIT}, {@link ChartRoleRealApiIT}).
 */
@ExtendWith(KafkaBrokerExtension.class)
@EnableKubernetesMockClient(crud = true)
class AgentIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    KubernetesMockServer server;
    KubernetesClient client;
    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::close);
    }

    private Agent start(AgentConfig config) throws Exception {
        Agent agent = Agent.start(config, client, Clock.systemUTC());
        agents.add(agent);
        return agent;
    }

    @Test
    void creatingObjectsYieldsCorrectlyKeyedRecordsAndDeletingYieldsTombstones(KafkaBroker broker) throws Exception {
        AgentHarness.createTopics(broker);
        String t = "it-create";
        Agent agent = start(config(broker, t, "agent-a", Map.of()));
        await().atMost(WAIT).until(agent::leading);

        client.nodes().resource(Fixtures.node("n1", "2025-01-01T00:00:00Z")).create();
        client.apps().deployments().inNamespace("shop").resource(Fixtures.deployment("shop", "web", 1)).create();
        client.apps().replicaSets().inNamespace("shop").resource(Fixtures.replicaSet("shop", "web-rs", "web")).create();
        client.pods().inNamespace("shop").resource(Fixtures.pod("shop", "web-1", Map.of("app", "web"), "n1", "web-rs")).create();
        client.services().inNamespace("shop").resource(Fixtures.service("shop", "web", Map.of("app", "web"))).create();
        Event created = client.v1().events().inNamespace("shop")
                .resource(Fixtures.event("shop", "web-1.17f", "web-1", "BackOff", 1, Instant.now().toString()))
                .create();

        // Wait on the broker's acknowledgements (cheap), then read the topics once.
        awaitAcked(agent, Channel.RESOURCE, 5);
        awaitAcked(agent, Channel.TOPOLOGY, 4);
        awaitAcked(agent, Channel.EVENT, 1);
        assertThat(latest(records(broker, Topics.STATE_K8S_RESOURCE, t)).keySet())
                .containsExactlyInAnyOrder(t + "::resource::node//n1", t + "::resource::deployment/shop/web",
                        t + "::resource::replicaset/shop/web-rs", t + "::resource::pod/shop/web-1",
                        t + "::resource::service/shop/web");
        assertThat(latest(records(broker, Topics.STATE_K8S_TOPOLOGY, t)).keySet())
                .containsExactlyInAnyOrder(
                        t + "::edge::CONTROLS:deployment/shop/web->replicaset/shop/web-rs",
                        t + "::edge::CONTROLS:replicaset/shop/web-rs->pod/shop/web-1",
                        t + "::edge::RUNS_ON:pod/shop/web-1->node//n1",
                        t + "::edge::SELECTS:service/shop/web->pod/shop/web-1");
        String eventKey = t + "::event::" + created.getMetadata().getUid();
        assertThat(records(broker, Topics.RAW_K8S_EVENTS, t)).extracting(AgentHarness::key).containsExactly(eventKey);

        byte[] pod = latest(records(broker, Topics.STATE_K8S_RESOURCE, t)).get(t + "::resource::pod/shop/web-1");
        ResourceRecord podRecord = JsonCodec.shared().decode(pod, ResourceRecord.class);
        assertThat(podRecord.node()).isEqualTo("n1");
        assertThat(podRecord.cluster()).isEqualTo(t + "-cluster");
        EdgeRecord edge = JsonCodec.shared().decode(latest(records(broker, Topics.STATE_K8S_TOPOLOGY, t))
                .get(t + "::edge::RUNS_ON:pod/shop/web-1->node//n1"), EdgeRecord.class);
        assertThat(edge.from()).isEqualTo(podRecord.ref());
        RawK8sEvent event = JsonCodec.shared().decode(records(broker, Topics.RAW_K8S_EVENTS, t).get(0).value(), RawK8sEvent.class);
        assertThat(event.involvedObject().name()).isEqualTo("web-1");
        assertThat(event.reason()).isEqualTo("BackOff");

        client.pods().inNamespace("shop").withName("web-1").delete();

        awaitAcked(agent, Channel.RESOURCE, 6);
        awaitAcked(agent, Channel.TOPOLOGY, 7);
        Map<String, byte[]> resources = latest(records(broker, Topics.STATE_K8S_RESOURCE, t));
        Map<String, byte[]> edges = latest(records(broker, Topics.STATE_K8S_TOPOLOGY, t));
        assertThat(resources).containsEntry(t + "::resource::pod/shop/web-1", null);
        assertThat(edges).containsEntry(t + "::edge::CONTROLS:replicaset/shop/web-rs->pod/shop/web-1", null)
                .containsEntry(t + "::edge::RUNS_ON:pod/shop/web-1->node//n1", null)
                .containsEntry(t + "::edge::SELECTS:service/shop/web->pod/shop/web-1", null);
        assertThat(edges.get(t + "::edge::CONTROLS:deployment/shop/web->replicaset/shop/web-rs")).isNotNull();
        assertThat(agent.stats().acked(Channel.RESOURCE)).isEqualTo(6);
        assertThat(agent.stats().acked(Channel.TOPOLOGY)).isEqualTo(7);
    }

    /** Discovery as a current API server with cert-manager would answer it (the CRUD mock answers none of it). */
    private void serveDiscovery() {
        String[][] served = {
            {"batch/v1", "CronJob", "cronjobs"},
            {"discovery.k8s.io/v1", "EndpointSlice", "endpointslices"},
            {"autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"},
            {"cert-manager.io/v1", "Certificate", "certificates"},
        };
        for (String[] s : served) {
            server.expect().get().withPath("/apis/" + s[0]).andReturn(200, RcaFixtures.apiResources(s[0], s[1], s[2]))
                    .always();
        }
        APIResourceList networking = RcaFixtures.apiResources("networking.k8s.io/v1", "Ingress", "ingresses");
        networking.getResources().addAll(RcaFixtures.apiResources("networking.k8s.io/v1", "NetworkPolicy",
                "networkpolicies").getResources());
        server.expect().get().withPath("/apis/networking.k8s.io/v1").andReturn(200, networking).always();
    }

    @Test
    void everyKindRcaNeedsIsWatchedWithItsEdgesAndNoSecretValueLeaves(KafkaBroker broker) throws Exception {
        AgentHarness.createTopics(broker);
        serveDiscovery();
        String t = "it-kinds";
        Agent agent = start(config(broker, t, "agent-a", Map.of()));
        await().atMost(WAIT).until(() -> agent.leading() && agent.synced());

        client.pods().inNamespace("shop").resource(RcaFixtures.pod()).create();
        client.services().inNamespace("shop").resource(Fixtures.service("shop", "web", Map.of("app", "web"))).create();
        client.configMaps().inNamespace("shop").resource(RcaFixtures.configMap()).create();
        client.secrets().inNamespace("shop").resource(RcaFixtures.secret()).create();
        client.persistentVolumeClaims().inNamespace("shop").resource(RcaFixtures.claim()).create();
        client.persistentVolumes().resource(RcaFixtures.volume()).create();
        client.discovery().v1().endpointSlices().inNamespace("shop").resource(RcaFixtures.endpointSlice()).create();
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").resource(RcaFixtures.autoscaler()).create();
        client.network().v1().ingresses().inNamespace("shop").resource(RcaFixtures.ingress()).create();
        client.network().v1().networkPolicies().inNamespace("shop").resource(RcaFixtures.networkPolicy()).create();
        client.genericKubernetesResources("cert-manager.io/v1", "Certificate").inNamespace("shop")
                .resource(RcaFixtures.certificate()).create();

        String r = t + "::resource::";
        String e = t + "::edge::";
        awaitAcked(agent, Channel.RESOURCE, 11);
        awaitAcked(agent, Channel.TOPOLOGY, 11);
        Map<String, byte[]> resources = latest(records(broker, Topics.STATE_K8S_RESOURCE, t));
        assertThat(resources.keySet()).containsExactlyInAnyOrder(r + "pod/shop/web-1", r + "service/shop/web",
                r + "configmap/shop/app-config", r + "secret/shop/db-creds", r + "persistentvolumeclaim/shop/web-data",
                r + "persistentvolume//pv-1", r + "endpointslice/shop/web-abc", r + "horizontalpodautoscaler/shop/web",
                r + "ingress/shop/front", r + "networkpolicy/shop/web-only", r + "certificate/shop/web-cert");
        assertThat(latest(records(broker, Topics.STATE_K8S_TOPOLOGY, t)).keySet()).containsExactlyInAnyOrder(
                e + "RUNS_ON:pod/shop/web-1->node//n1",
                e + "SELECTS:service/shop/web->pod/shop/web-1",
                e + "MOUNTS:pod/shop/web-1->configmap/shop/app-config",
                e + "MOUNTS:pod/shop/web-1->secret/shop/db-creds",
                e + "MOUNTS:pod/shop/web-1->persistentvolumeclaim/shop/web-data",
                e + "BOUND_TO:persistentvolumeclaim/shop/web-data->persistentvolume//pv-1",
                e + "EXPOSES:service/shop/web->endpointslice/shop/web-abc",
                e + "ENDPOINT_OF:endpointslice/shop/web-abc->pod/shop/web-1",
                e + "SCALES:horizontalpodautoscaler/shop/web->deployment/shop/web",
                e + "ROUTES_TO:ingress/shop/front->service/shop/web",
                e + "APPLIES_TO:networkpolicy/shop/web-only->pod/shop/web-1");

        ResourceRecord cert = JsonCodec.shared().decode(resources.get(r + "certificate/shop/web-cert"), ResourceRecord.class);
        assertThat(cert.status()).containsEntry("ready", true);
        ResourceRecord pod = JsonCodec.shared().decode(resources.get(r + "pod/shop/web-1"), ResourceRecord.class);
        assertThat(pod.spec()).containsEntry("env_hosts", List.of("db"));
        String encodedPassword = Base64.getEncoder().encodeToString(
                RcaFixtures.PASSWORD.getBytes(StandardCharsets.UTF_8));
        for (byte[] value : resources.values()) {
            assertThat(new String(value, StandardCharsets.UTF_8))
                    .doesNotContain(RcaFixtures.PASSWORD, encodedPassword);
        }
        assertThat(agent.stats().forbiddenKinds()).isEmpty();
        assertThat(agent.stats().unservedKinds()).isEmpty();
    }

    @Test
    void aForbiddenKindIsReportedOnceAndTheOthersGoOn(KafkaBroker broker) throws Exception {
        AgentHarness.createTopics(broker);
        server.expect().get().withPath("/api/v1/secrets?resourceVersion=0").andReturn(403, new StatusBuilder().withCode(403)
                .withReason("Forbidden").withMessage("secrets is forbidden: User cannot list resource \"secrets\"")
                .build()).always();
        String t = "it-forbidden";
        Agent agent = start(config(broker, t, "agent-a", Map.of()));

        await().atMost(WAIT).until(() -> agent.leading() && agent.synced());
        assertThat(agent.stats().forbiddenKinds()).containsExactly("Secret (v1)");
        client.configMaps().inNamespace("shop").resource(RcaFixtures.configMap()).create();
        awaitAcked(agent, Channel.RESOURCE, 1);
        assertThat(latest(records(broker, Topics.STATE_K8S_RESOURCE, t)).keySet())
                .containsExactly(t + "::resource::configmap/shop/app-config");
        await().atMost(WAIT).untilAsserted(() -> assertThat(records(broker, Topics.CLUSTER_HEARTBEAT, t)).isNotEmpty());
        var beats = records(broker, Topics.CLUSTER_HEARTBEAT, t);
        Map<String, Object> metrics = JsonCodec.shared().decode(beats.get(beats.size() - 1).value(),
                Heartbeat.class).metrics();
        assertThat(metrics).containsEntry("kinds_forbidden", 1).containsEntry("forbidden_kinds", "Secret (v1)");
    }

    private static void awaitAcked(Agent agent, Channel channel, long atLeast) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> agent.stats().acked(channel) >= atLeast);
    }

    @Test
    void heartbeatsCarryRealCountsAndAreAcceptedByTheControlPlanesParser(KafkaBroker broker) throws Exception {
        AgentHarness.createTopics(broker);
        String t = "it-heartbeat";
        Agent agent = start(config(broker, t, "agent-a", Map.of()));
        await().atMost(WAIT).until(agent::leading);
        client.pods().inNamespace("shop").resource(Fixtures.pod("shop", "web-1", Map.of("app", "web"), "n1", null)).create();
        awaitAcked(agent, Channel.RESOURCE, 1);

        RecordParser parser = new RecordParser(Clock.systemUTC());
        awaitAcked(agent, Channel.HEARTBEAT, 2);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<ConsumerRecord<byte[], byte[]>> beats = records(broker, Topics.CLUSTER_HEARTBEAT, t);
            ConsumerRecord<byte[], byte[]> last = beats.get(beats.size() - 1);
            assertThat(key(last)).isEqualTo(t);
            assertThat(parser.heartbeat(last)).isInstanceOf(ControlEvent.HeartbeatReceived.class);
            Map<String, Object> metrics = JsonCodec.shared().decode(last.value(), Heartbeat.class)
                    .metrics();
            assertThat(((Number) metrics.get("resources_sent")).longValue()).isGreaterThanOrEqualTo(1);
            assertThat(metrics).containsKey("uptime_seconds");
        });
    }

    @Test
    void anUnchangedResyncSendsNothingAndARealChangeSendsOnlyThatObject(KafkaBroker broker) throws Exception {
        AgentHarness.createTopics(broker);
        String t = "it-resync";
        Agent agent = start(config(broker, t, "agent-a", Map.of("RESYNC_INTERVAL", "1s")));
        await().atMost(WAIT).until(agent::leading);
        client.pods().inNamespace("shop").resource(Fixtures.pod("shop", "web-1", Map.of("app", "web"), "n1", null)).create();
        awaitAcked(agent, Channel.RESOURCE, 1);
        int edges = records(broker, Topics.STATE_K8S_TOPOLOGY, t).size();

        await("informer resyncs send nothing").during(Duration.ofMillis(3_500)).atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> records(broker, Topics.STATE_K8S_RESOURCE, t).size() == 1
                        && records(broker, Topics.STATE_K8S_TOPOLOGY, t).size() == edges);
        agent.settle(WAIT);
        assertThat(records(broker, Topics.STATE_K8S_RESOURCE, t)).hasSize(1);
        assertThat(records(broker, Topics.STATE_K8S_TOPOLOGY, t)).hasSize(edges);

        Pod relabelled = new PodBuilder(client.pods().inNamespace("shop").withName("web-1").get())
                .editMetadata().addToLabels("tier", "front").endMetadata().build();
        client.pods().inNamespace("shop").resource(relabelled).update();
        awaitAcked(agent, Channel.RESOURCE, 2);
        assertThat(records(broker, Topics.STATE_K8S_RESOURCE, t)).hasSize(2);
        assertThat(records(broker, Topics.STATE_K8S_TOPOLOGY, t)).hasSize(edges);
    }

    @Test
    void watchNamespacesLimitsTheAgentToThoseNamespaces(KafkaBroker broker) throws Exception {
        AgentHarness.createTopics(broker);
        String t = "it-namespaces";
        Agent agent = start(config(broker, t, "agent-a", Map.of("WATCH_NAMESPACES", "shop")));
        await().atMost(WAIT).until(agent::leading);
        client.pods().inNamespace("other").resource(Fixtures.pod("other", "hidden", Map.of(), "n1", null)).create();
        client.pods().inNamespace("shop").resource(Fixtures.pod("shop", "seen", Map.of(), "n1", null)).create();

        awaitAcked(agent, Channel.RESOURCE, 1);
        agent.settle(WAIT);
        assertThat(latest(records(broker, Topics.STATE_K8S_RESOURCE, t))).containsKey(t + "::resource::pod/shop/seen");
        assertThat(latest(records(broker, Topics.STATE_K8S_RESOURCE, t)).keySet())
                .noneMatch(k -> k.contains("/other/"));
    }
}
