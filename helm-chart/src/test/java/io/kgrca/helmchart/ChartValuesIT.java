package io.kgrca.helmchart;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every image and resource value reaches the containers it is meant for; the Vector key is the tenant's. */
class ChartValuesIT {

    @Test
    void theDefaultAgentImageIsTheOneTheBuildTags() {
        String buildTag = System.getProperty("kg.image.tag");
        String agentImage = System.getProperty("kg.image.agent");
        assertThat(buildTag).as("the root pom's image.tag, passed by Failsafe").isNotBlank();
        assertThat(agentImage).as("the root pom's image.agent, passed by Failsafe").isNotBlank();
        Helm.Result r = Helm.template("client.id=acme", "client.kafka.brokers=kafka.example.com:9092");
        assertThat(r.ok()).as(r.stderr()).isTrue();
        Manifests m = Manifests.parse(r.stdout());
        // `mvn install` tags the agent image (image.agent) with image.tag; the chart's default must be that image.
        assertThat(Manifests.container(m.get("Deployment", "kg-rca-agent")).path("image").asText())
                .isEqualTo(agentImage + ":" + buildTag);
    }

    @Test
    void everyImageAndResourceValueIsHonoured() {
        Helm.Result r = Helm.template("client.id=acme", "client.kafka.brokers=kafka.example.com:9092",
                "agent.image.repository=registry.example.com/kg/agent", "agent.image.tag=9.9.9",
                "agent.image.pullPolicy=Always", "agent.replicas=3",
                "agent.resources.requests.cpu=111m", "agent.resources.limits.memory=777Mi",
                "hooks.resources.requests.cpu=22m", "hooks.resources.limits.memory=99Mi",
                "vector.image.repository=registry.example.com/vector", "vector.image.tag=0.99.0",
                "vector.image.pullPolicy=Never", "vector.resources.requests.cpu=33m",
                "vector.resources.limits.memory=333Mi", "imagePullSecrets[0].name=pull");
        assertThat(r.ok()).as(r.stderr()).isTrue();
        Manifests m = Manifests.parse(r.stdout());

        JsonNode agent = Manifests.container(m.get("Deployment", "kg-rca-agent"));
        assertThat(m.get("Deployment", "kg-rca-agent").path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(agent.path("image").asText()).isEqualTo("registry.example.com/kg/agent:9.9.9");
        assertThat(agent.path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(agent.path("resources").path("requests").path("cpu").asText()).isEqualTo("111m");
        assertThat(agent.path("resources").path("limits").path("memory").asText()).isEqualTo("777Mi");
        assertThat(Manifests.env(agent)).containsEntry("AGENT_VERSION", "9.9.9");
        for (String hook : new String[]{"-register", "-deregister"}) {
            JsonNode c = Manifests.container(m.get("Job", hook));
            assertThat(c.path("image").asText()).isEqualTo("registry.example.com/kg/agent:9.9.9");
            assertThat(c.path("imagePullPolicy").asText()).isEqualTo("Always");
            assertThat(c.path("resources").path("requests").path("cpu").asText()).isEqualTo("22m");
            assertThat(c.path("resources").path("limits").path("memory").asText()).isEqualTo("99Mi");
        }
        JsonNode vector = Manifests.container(m.get("DaemonSet", "-vector"));
        assertThat(vector.path("image").asText()).isEqualTo("registry.example.com/vector:0.99.0");
        assertThat(vector.path("imagePullPolicy").asText()).isEqualTo("Never");
        assertThat(vector.path("resources").path("requests").path("cpu").asText()).isEqualTo("33m");
        assertThat(vector.path("resources").path("limits").path("memory").asText()).isEqualTo("333Mi");
        for (JsonNode workload : m.all()) {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            if (!pod.isMissingNode()) {
                assertThat(pod.path("imagePullSecrets").toString()).as(workload.path("metadata").path("name").asText())
                        .contains("pull");
            }
        }
    }

    @Test
    void vectorKeysEveryLogLineByTenantAndPodUidIntoTheRawLogsTopic() {
        Helm.Result r = Helm.template("client.id=acme", "client.kafka.brokers=kafka.example.com:9092");
        Manifests m = Manifests.parse(r.stdout());
        JsonNode config = Manifests.yaml(m.get("ConfigMap", "-vector").path("data").path("vector.yaml").asText());

        assertThat(config.path("sources").path("kubernetes_logs").path("type").asText()).isEqualTo("kubernetes_logs");
        assertThat(config.path("transforms").path("keyed").path("source").asText())
                .contains(".message_key = \"acme::log::\" + string!(.kubernetes.pod_uid)");
        JsonNode sink = config.path("sinks").path("kafka");
        assertThat(sink.path("topic").asText()).isEqualTo("raw.k8s.logs");
        assertThat(sink.path("key_field").asText()).isEqualTo("message_key");
        assertThat(sink.path("bootstrap_servers").asText()).isEqualTo("kafka.example.com:9092");
        assertThat(sink.path("encoding").path("except_fields").toString()).contains("message_key");
        assertThat(sink.path("librdkafka_options").path("security.protocol").asText()).isEqualTo("plaintext");
        // the agent's client id, which carries the tenant's produce quota on a plain listener
        assertThat(sink.path("librdkafka_options").path("client.id").asText()).isEqualTo("kg-agent-acme");
    }

    @Test
    void vectorCanBeTurnedOff() {
        Manifests m = Manifests.parse(Helm.template("client.id=acme", "client.kafka.brokers=kafka.example.com:9092",
                "vector.enabled=false").stdout());

        assertThat(m.find("DaemonSet", "-vector")).isEmpty();
        assertThat(m.find("ConfigMap", "-vector")).isEmpty();
    }
}
