package io.kgrca.helmchart;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rendered hooks and agent Deployment ({@code helm template} includes hooks). */
class ChartHooksIT {

    private static Manifests render(String... extra) {
        String[] sets = new String[extra.length + 2];
        sets[0] = "client.id=acme";
        sets[1] = "client.kafka.brokers=kafka.example.com:9092";
        System.arraycopy(extra, 0, sets, 2, extra.length);
        Helm.Result r = Helm.template(sets);
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return Manifests.parse(r.stdout());
    }

    private static String annotation(JsonNode o, String name) {
        return o.path("metadata").path("annotations").path(name).asText(null);
    }

    @Test
    void registerRunsAfterInstallAndUpgradeWithTheAgentImageAndDeletesItselfOnSuccess() {
        Manifests m = render();
        JsonNode job = m.get("Job", "-register");

        assertThat(annotation(job, "helm.sh/hook")).isEqualTo("post-install,post-upgrade");
        assertThat(annotation(job, "helm.sh/hook-delete-policy")).isEqualTo("before-hook-creation,hook-succeeded");
        assertThat(annotation(job, "helm.sh/hook-weight")).isNotBlank();
        JsonNode c = Manifests.container(job);
        assertThat(c.path("image").asText()).isEqualTo("kg-agent:0.1.0");
        assertThat(c.path("args").toString()).isEqualTo("[\"register\"]");
        assertThat(c.path("command").isMissingNode()).isTrue();
        assertThat(Manifests.env(c)).containsEntry("CLIENT_ID", "acme").containsEntry("CLUSTER_NAME", "acme")
                .containsEntry("KAFKA_BROKERS", "kafka.example.com:9092");
        assertThat(job.path("spec").path("template").path("spec").path("restartPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void deregisterRunsBeforeDeleteWithTheAgentImage() {
        JsonNode job = render().get("Job", "-deregister");

        assertThat(annotation(job, "helm.sh/hook")).isEqualTo("pre-delete");
        assertThat(annotation(job, "helm.sh/hook-delete-policy")).isEqualTo("before-hook-creation,hook-succeeded");
        JsonNode c = Manifests.container(job);
        assertThat(c.path("args").toString()).isEqualTo("[\"deregister\"]");
        assertThat(c.path("image").asText()).isEqualTo("kg-agent:0.1.0");
    }

    @Test
    void everyJobRunsTheAgentImageWithItsOwnCommandAndNoConsoleTool() {
        Manifests m = render();

        assertThat(m.ofKind("Job")).hasSize(2).allSatisfy(job -> {
            JsonNode c = Manifests.container(job);
            assertThat(c.path("image").asText()).isEqualTo("kg-agent:0.1.0");
            assertThat(c.has("command")).isFalse();
            assertThat(c.toString()).doesNotContain("kcat").doesNotContain("kafka-console-producer")
                    .doesNotContain("null.marker");
        });
    }

    @Test
    void theAgentRunsTwoNonRootReadOnlyReplicasWithTheDownwardApiAndLeaderElection() {
        Manifests m = render();
        JsonNode d = m.get("Deployment", "kg-rca-agent");

        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode c = Manifests.container(d);
        assertThat(c.path("args").toString()).isEqualTo("[\"run\"]");
        assertThat(c.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
        Map<String, String> env = Manifests.env(c);
        assertThat(env).containsEntry("POD_NAME", "field:metadata.name")
                .containsEntry("POD_NAMESPACE", "field:metadata.namespace")
                .containsEntry("LEASE_NAME", "kg-kg-rca-agent-leader").containsEntry("LEASE_NAMESPACE", "kg-agent")
                .containsEntry("HEARTBEAT_INTERVAL", "30s").containsEntry("SNAPSHOT_INTERVAL", "1h")
                .containsEntry("WATCH_NAMESPACES", "");
        assertThat(d.path("spec").path("template").path("spec").path("serviceAccountName").asText())
                .isEqualTo("kg-kg-rca-agent");
    }

    @Test
    void theAgentsRolesAreReadOnlyExceptForItsLease() {
        Manifests m = render();
        JsonNode cluster = m.get("ClusterRole", "kg-rca-agent-read");
        for (JsonNode rule : cluster.path("rules")) {
            assertThat(rule.path("verbs").toString()).isEqualTo("[\"get\",\"list\",\"watch\"]");
        }
        assertThat(cluster.path("rules").toString()).contains("pods", "services", "nodes", "events", "deployments",
                "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs");
        JsonNode lease = m.get("Role", "-lease");
        assertThat(lease.path("rules").get(0).path("resources").toString()).isEqualTo("[\"leases\"]");
        assertThat(m.find("ServiceAccount", "kg-rca-agent")).isPresent();
    }

    @Test
    void watchNamespacesAndIntervalsArePassedToTheAgent() {
        Manifests m = render("watchNamespaces={shop,payments}", "agent.heartbeatInterval=15s",
                "agent.snapshotInterval=6h", "cluster.name=prod-eu");

        Map<String, String> env = Manifests.env(Manifests.container(m.get("Deployment", "kg-rca-agent")));
        assertThat(env).containsEntry("WATCH_NAMESPACES", "shop,payments").containsEntry("HEARTBEAT_INTERVAL", "15s")
                .containsEntry("SNAPSHOT_INTERVAL", "6h").containsEntry("CLUSTER_NAME", "prod-eu");
        String vector = m.get("ConfigMap", "-vector").path("data").path("vector.yaml").asText();
        assertThat(vector).contains("includes([\"shop\",\"payments\"], .kubernetes.pod_namespace)");
    }

    @Test
    void theNetworkPolicyIsOptionalAndLimitsEgressToKafkaDnsAndTheApiServer() {
        assertThat(render().find("NetworkPolicy", "kg-rca-agent")).isEmpty();

        JsonNode np = render("networkPolicy.enabled=true", "networkPolicy.kafkaCidrs={203.0.113.0/24}",
                "networkPolicy.apiServerCidrs={198.51.100.1/32}").get("NetworkPolicy", "kg-rca-agent");
        String egress = np.path("spec").path("egress").toString();
        assertThat(egress).contains("203.0.113.0/24", "198.51.100.1/32", "kube-dns", "9092", "443");
    }

    @Test
    void theNotesNameTheTenant() {
        Helm.Result r = Helm.run("install", "kg", Helm.CHART.toString(), "--dry-run=client", "--namespace", "kg-agent",
                "--set", "client.id=acme", "--set", "client.kafka.brokers=kafka.example.com:9092");

        assertThat(r.ok()).as(r.stderr()).isTrue();
        assertThat(r.stdout()).contains("NOTES:").contains("tenant \"acme\"");
    }
}
