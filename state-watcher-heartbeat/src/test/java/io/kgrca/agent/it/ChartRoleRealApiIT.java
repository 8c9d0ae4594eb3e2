package io.kgrca.agent.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.batch.v1beta1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kgrca.agent.Fixtures;
import io.kgrca.agent.k8s.ClusterWatcher;
import io.kgrca.agent.run.Agent;
import io.kgrca.agent.state.Channel;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.KubeApiServer;
import io.kgrca.testsupport.KubeApiServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.kgrca.agent.it.AgentHarness.config;
import static io.kgrca.agent.it.AgentHarness.latest;
import static io.kgrca.agent.it.AgentHarness.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * <b>Real API server</b> (kube-apiserver v1.20.2 with RBAC enforced, see {@link KubeApiServer}) and a real Kafka
 * broker: the agent runs with a ServiceAccount token (TokenRequest API) bound to exactly the ServiceAccount,
 * ClusterRole, Role and bindings that the chart renders ({@code helm template --kube-version 1.23.0}), and nothing
 * more. Every watch works; with one kind removed from the role, that kind is reported as forbidden once and the
 * other watches go on. Kinds that v1.20 does not serve at the preferred version are discovered: CronJob is read
 * from {@code batch/v1beta1} ({@code batch/v1} answers 404 here), a kind not served at all (cert-manager's
 * Certificate) is logged once and never retried. The mock-server tests ({@link AgentIT}) cannot check any of this:
 * the mock enforces no RBAC and serves every API.
 */
@ExtendWith({KafkaBrokerExtension.class, KubeApiServerExtension.class})
class ChartRoleRealApiIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void withExactlyTheChartsRoleEveryWatchWorksAndUnservedApisAreSkippedOnce(KafkaBroker broker, KubeApiServer server)
            throws Exception {
        AgentHarness.createTopics(broker);
        String t = "real-chart-role";
        try (KubernetesClient admin = RealApi.admin(server);
             RealApi.Captured log = RealApi.capture(ClusterWatcher.class)) {
            String ns = RealApi.namespace(admin, "kg-agent");
            String apps = RealApi.namespace(admin, "apps");
            String token = installChartRbac(admin, ns, "kg" + suffix(), role -> role);
            assertThat(server.get("/apis/batch/v1/namespaces/" + apps + "/cronjobs").statusCode())
                    .as("v1.20 serves no batch/v1 CronJob").isEqualTo(404);

            try (KubernetesClient agentClient = RealApi.client(server, server.url(), token);
                 Agent agent = Agent.start(config(broker, t, "agent-a", Map.of("POD_NAMESPACE", ns)), agentClient,
                         Clock.systemUTC())) {
                await().atMost(WAIT).until(() -> agent.leading() && agent.synced());
                admin.pods().inNamespace(apps).resource(Fixtures.pod(apps, "web-1", Map.of("app", "web"), null, null)).create();
                admin.services().inNamespace(apps).resource(Fixtures.service(apps, "web", Map.of("app", "web"))).create();
                admin.resource(new CronJobBuilder().withNewMetadata().withNamespace(apps).withName("nightly").endMetadata()
                        .withNewSpec().withSchedule("0 3 * * *").withNewJobTemplate().withNewSpec().withNewTemplate()
                        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("job").withImage("img/job:1")
                        .endContainer().endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build()).create();

                await().atMost(WAIT).untilAsserted(() -> assertThat(latest(records(broker, Topics.STATE_K8S_RESOURCE, t))
                        .keySet()).contains(t + "::resource::pod/" + apps + "/web-1",
                        t + "::resource::service/" + apps + "/web", t + "::resource::cronjob/" + apps + "/nightly"));
                await("nothing the agent reads is missing from the chart's role").during(Duration.ofSeconds(3))
                        .atMost(WAIT).until(() -> agent.stats().forbiddenKinds().isEmpty());
                assertThat(log.lines("tenant=" + t, "forbidden")).isEmpty();
                assertThat(agent.stats().unservedKinds()).anyMatch(k -> k.startsWith("Certificate"));
                assertThat(log.lines("tenant=" + t, "Certificate", "not served")).hasSize(1);
                assertThat(log.lines("tenant=" + t, "retrying")).isEmpty();
                assertThat(agent.synced()).isTrue();
            }
        }
    }

    @Test
    void aKindRemovedFromTheRoleIsReportedForbiddenOnceAndTheOtherWatchesGoOn(KafkaBroker broker, KubeApiServer server)
            throws Exception {
        AgentHarness.createTopics(broker);
        String t = "real-no-services";
        try (KubernetesClient admin = RealApi.admin(server);
             RealApi.Captured log = RealApi.capture(ClusterWatcher.class)) {
            String ns = RealApi.namespace(admin, "kg-agent");
            String apps = RealApi.namespace(admin, "apps");
            String token = installChartRbac(admin, ns, "kg" + suffix(), ChartRoleRealApiIT::withoutServices);

            try (KubernetesClient agentClient = RealApi.client(server, server.url(), token);
                 Agent agent = Agent.start(config(broker, t, "agent-a", Map.of("POD_NAMESPACE", ns)), agentClient,
                         Clock.systemUTC())) {
                await().atMost(WAIT).until(() -> agent.leading() && agent.synced());
                admin.services().inNamespace(apps).resource(Fixtures.service(apps, "web", Map.of("app", "web"))).create();
                admin.pods().inNamespace(apps).resource(Fixtures.pod(apps, "web-1", Map.of("app", "web"), null, null)).create();
                await().atMost(WAIT).until(() -> agent.stats().acked(Channel.RESOURCE) >= 1);
                await("the forbidden kind reported").atMost(WAIT)
                        .until(() -> !log.lines("tenant=" + t, "forbidden").isEmpty());
                await("reported once, not again").during(Duration.ofSeconds(5)).atMost(WAIT)
                        .until(() -> log.lines("tenant=" + t, "forbidden").size() == 1);

                assertThat(agent.stats().forbiddenKinds()).containsExactly("Service (v1)");
                assertThat(log.lines("tenant=" + t, "forbidden")).hasSize(1).allMatch(l -> l.contains("Service"));
                assertThat(log.lines("tenant=" + t, "retrying")).isEmpty();
                assertThat(latest(records(broker, Topics.STATE_K8S_RESOURCE, t)).keySet())
                        .contains(t + "::resource::pod/" + apps + "/web-1")
                        .noneMatch(k -> k.contains("::resource::service/"));
            }
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    /**
     * Applies the chart's ServiceAccount, ClusterRole(s), Role and bindings for release {@code release} in
     * {@code ns} (the agent's read role passed through {@code edit}) and returns a token of the agent's
     * ServiceAccount.
     */
    private static String installChartRbac(KubernetesClient admin, String ns, String release,
                                           UnaryOperator<ClusterRole> edit) {
        String yaml = ChartRender.template(release, ns, "serviceaccount.yaml", "rbac.yaml");
        List<HasMetadata> objects = new ArrayList<>(admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items());
        String agentAccount = null;
        for (HasMetadata o : objects) {
            HasMetadata applied = o instanceof ClusterRole role && role.getMetadata().getName().endsWith("-read") ? edit.apply(role) : o;
            if (applied instanceof Namespaced) {
                applied.getMetadata().setNamespace(ns);
            }
            if (applied instanceof ClusterRoleBinding b && b.getRoleRef().getName().endsWith("-read")) {
                agentAccount = b.getSubjects().get(0).getName();
            }
            admin.resource(applied).create();
        }
        assertThat(agentAccount).as("the chart binds its read ClusterRole to a ServiceAccount").isNotNull();
        return RealApi.serviceAccountToken(admin, ns, agentAccount);
    }

    private static ClusterRole withoutServices(ClusterRole role) {
        for (PolicyRule rule : role.getRules()) {
            rule.setResources(new ArrayList<>(rule.getResources().stream().filter(r -> !r.equals("services")).toList()));
        }
        role.getRules().removeIf(r -> r.getResources().isEmpty());
        return role;
    }
}
