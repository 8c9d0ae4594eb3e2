package io.kgrca.agent.it;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1beta1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kgrca.agent.RcaFixtures;
import io.kgrca.agent.run.Agent;
import io.kgrca.agent.state.Channel;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.kgrca.agent.it.AgentHarness.config;
import static io.kgrca.agent.it.AgentHarness.latest;
import static io.kgrca.agent.it.AgentHarness.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The older API versions the agent falls back to, on fabric8's mock API server (CRUD mode) with discovery answered
 * as a v1.20 server answers it: batch/v1beta1 CronJob, core Endpoints (no discovery.k8s.io/v1), autoscaling/v1
 * HorizontalPodAutoscaler. The records are the same kinds and fields as from the preferred versions.
 */
@ExtendWith(KafkaBrokerExtension.class)
@EnableKubernetesMockClient(crud = true)
class KindFallbackIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void olderVersionsAreWatchedWhereThePreferredOnesAreNotServed(KafkaBroker broker) throws Exception {
        AgentHarness.createTopics(broker);
        server.expect().get().withPath("/apis/batch/v1beta1")
                .andReturn(200, RcaFixtures.apiResources("batch/v1beta1", "CronJob", "cronjobs")).always();
        server.expect().get().withPath("/apis/autoscaling/v1")
                .andReturn(200, RcaFixtures.apiResources("autoscaling/v1", "HorizontalPodAutoscaler",
                        "horizontalpodautoscalers")).always();
        String t = "it-fallback";
        try (Agent agent = Agent.start(config(broker, t, "agent-a", Map.of()), client, Clock.systemUTC())) {
            await().atMost(WAIT).until(() -> agent.leading() && agent.synced());

            client.batch().v1beta1().cronjobs().inNamespace("shop").resource(new CronJobBuilder().withNewMetadata()
                    .withNamespace("shop").withName("nightly").endMetadata().withNewSpec().withSchedule("0 1 * * *")
                    .endSpec().build()).create();
            client.endpoints().inNamespace("shop").resource(new EndpointsBuilder().withNewMetadata().withNamespace("shop")
                    .withName("web").endMetadata().addNewSubset().addNewAddress().withIp("10.0.0.1").withNewTargetRef()
                    .withKind("Pod").withName("web-1").endTargetRef().endAddress().endSubset().build()).create();
            client.autoscaling().v1().horizontalPodAutoscalers().inNamespace("shop").resource(
                    new HorizontalPodAutoscalerBuilder().withNewMetadata().withNamespace("shop").withName("web")
                            .endMetadata().withNewSpec().withMaxReplicas(3).withNewScaleTargetRef().withKind("Deployment")
                            .withName("web").endScaleTargetRef().endSpec().build()).create();

            String r = t + "::resource::";
            String e = t + "::edge::";
            await().atMost(WAIT).until(() -> agent.stats().acked(Channel.RESOURCE) >= 3
                    && agent.stats().acked(Channel.TOPOLOGY) >= 3);
            Map<String, byte[]> resources = latest(records(broker, Topics.STATE_K8S_RESOURCE, t));
            assertThat(resources.keySet()).containsExactlyInAnyOrder(r + "cronjob/shop/nightly", r + "endpoints/shop/web",
                    r + "horizontalpodautoscaler/shop/web");
            assertThat(latest(records(broker, Topics.STATE_K8S_TOPOLOGY, t)).keySet()).containsExactlyInAnyOrder(
                    e + "EXPOSES:service/shop/web->endpoints/shop/web",
                    e + "ENDPOINT_OF:endpoints/shop/web->pod/shop/web-1",
                    e + "SCALES:horizontalpodautoscaler/shop/web->deployment/shop/web");
            ResourceRecord cron = JsonCodec.shared().decode(resources.get(r + "cronjob/shop/nightly"), ResourceRecord.class);
            assertThat(cron.spec()).containsEntry("schedule", "0 1 * * *");
            assertThat(agent.stats().unservedKinds()).containsExactlyInAnyOrder("Ingress (networking.k8s.io/v1)",
                    "NetworkPolicy (networking.k8s.io/v1)", "Certificate (cert-manager.io/v1)");
            assertThat(List.copyOf(agent.stats().forbiddenKinds())).isEmpty();
        }
    }
}
