package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1beta1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.kgrca.agent.Fixtures;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.ResourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The summaries of the kinds RCA needs: exactly the documented fields, and never a secret value. */
class KindSummariesTest {

    private static final String PASSWORD = "hunter2-P@ssw0rd";
    private final ResourceMapper mapper = new ResourceMapper("prod");

    private static String json(ResourceRecord r) throws Exception {
        return new String(JsonCodec.shared().encode(r), StandardCharsets.UTF_8);
    }

    @Test
    void everyKindCarriesItsCreationTime() {
        Pod pod = new PodBuilder(Fixtures.pod("shop", "web-1", Map.of(), "n1", null)).editMetadata()
                .withCreationTimestamp("2025-03-01T10:00:00Z").endMetadata().build();
        assertThat(mapper.map(pod).spec()).containsEntry("created_at", "2025-03-01T10:00:00Z");
        assertThat(mapper.map(Fixtures.service("shop", "web", Map.of())).spec()).doesNotContainKey("created_at");
    }

    @Test
    void aConfigMapCarriesKeyNamesAndADataHashButNoValue() throws Exception {
        var cm = new ConfigMapBuilder().withNewMetadata().withNamespace("shop").withName("app-config").endMetadata()
                .addToData("db.password", PASSWORD).addToData("mode", "fast")
                .addToBinaryData("blob", Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .build();
        ResourceRecord r = mapper.map(cm);

        assertThat(r.ref().id()).isEqualTo("configmap/shop/app-config");
        assertThat(r.spec()).containsOnlyKeys("data_hash", "keys").containsEntry("keys", List.of("blob", "db.password", "mode"));
        assertThat((String) r.spec().get("data_hash")).matches("[0-9a-f]{16}");
        assertThat(json(r)).doesNotContain(PASSWORD, "fast", Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));

        var changed = new ConfigMapBuilder(cm).addToData("mode", "slow").build();
        assertThat(mapper.map(changed).spec().get("data_hash")).isNotEqualTo(r.spec().get("data_hash"));
        assertThat(mapper.map(new ConfigMapBuilder(cm).build())).isEqualTo(r);
    }

    @Test
    void aSecretCarriesOnlyItsDataHash() throws Exception {
        String encoded = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
        var secret = new SecretBuilder().withNewMetadata().withNamespace("shop").withName("db-creds")
                .addToLabels("app", "db").addToAnnotations("note", PASSWORD).endMetadata()
                .withType("Opaque").addToData("password", encoded).addToStringData("user", PASSWORD).build();
        ResourceRecord r = mapper.map(secret);

        assertThat(r.ref().id()).isEqualTo("secret/shop/db-creds");
        assertThat(r.spec()).containsOnlyKeys("data_hash");
        assertThat(r.labels()).containsEntry("app", "db");
        assertThat(json(r)).doesNotContain(PASSWORD, encoded, "password", "user");
        var rotated = new SecretBuilder(secret).addToData("password", "b3RoZXI=").build();
        assertThat(mapper.map(rotated).spec().get("data_hash")).isNotEqualTo(r.spec().get("data_hash"));
    }

    @Test
    void aPodNamesItsConfigMapsSecretsClaimsAndEnvHostsButNoEnvValue() throws Exception {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("shop").withName("web-1").endMetadata()
                .withNewSpec()
                .addNewVolume().withName("cfg").withNewConfigMap().withName("app-config").endConfigMap().endVolume()
                .addNewVolume().withName("tls").withNewSecret().withSecretName("web-tls").endSecret().endVolume()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("web-data")
                .endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("proj").withNewProjected().addNewSource().withNewConfigMap().withName("extra")
                .endConfigMap().endSource().addNewSource().withNewSecret().withName("proj-secret").endSecret().endSource()
                .endProjected().endVolume()
                .addNewInitContainer().withName("init").addNewEnvFrom().withNewConfigMapRef().withName("init-env")
                .endConfigMapRef().endEnvFrom().endInitContainer()
                .addNewContainer().withName("app")
                .addNewEnv().withName("DB_URL").withValue("postgres://app:" + PASSWORD + "@db.shop:5432/orders").endEnv()
                .addNewEnv().withName("DB_PASSWORD").withValue(PASSWORD).endEnv()
                .addNewEnv().withName("API_KEY").withNewValueFrom().withNewSecretKeyRef("key", "api-creds", false)
                .endValueFrom().endEnv()
                .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef("mode", "app-config", false)
                .endValueFrom().endEnv()
                .addNewEnvFrom().withNewSecretRef().withName("env-secret").endSecretRef().endEnvFrom()
                .endContainer().endSpec().build();
        ResourceRecord r = mapper.map(pod);

        assertThat(r.spec()).containsEntry("config_refs", List.of("app-config", "extra", "init-env"))
                .containsEntry("secret_refs", List.of("api-creds", "env-secret", "proj-secret", "web-tls"))
                .containsEntry("claims", List.of("web-data"))
                .containsEntry("env_hosts", List.of("db.shop"));
        assertThat(json(r)).doesNotContain(PASSWORD, "orders", "5432");
    }

    @Test
    void workloadTemplatesHashStablyAndChangeWithTheTemplate() {
        Deployment d = Fixtures.deployment("shop", "web", 2);
        String hash = (String) mapper.map(d).spec().get("template_hash");
        assertThat(hash).matches("[0-9a-f]{16}");
        Deployment scaled = new DeploymentBuilder(d).editSpec().withReplicas(5).endSpec().build();
        assertThat(mapper.map(scaled).spec()).containsEntry("template_hash", hash);
        Deployment newImage = new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer()
                .withImage("img/web:2").endContainer().endSpec().endTemplate().endSpec().build();
        assertThat(mapper.map(newImage).spec().get("template_hash")).isNotEqualTo(hash);
    }

    @Test
    void aNodeListsItsTaintsAndAnExternalNameServiceItsTarget() {
        var node = new NodeBuilder(Fixtures.node("n1", "2025-01-01T00:00:00Z")).withNewSpec()
                .addNewTaint().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute")
                .withTimeAdded("2025-01-01T00:00:00Z").endTaint()
                .addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").endTaint().endSpec().build();
        assertThat(mapper.map(node).spec()).containsEntry("taints",
                List.of("dedicated=gpu:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"));

        var ext = new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("db").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("db.example.com").endSpec().build();
        assertThat(mapper.map(ext).spec()).containsEntry("type", "ExternalName").containsEntry("external_name", "db.example.com");
    }

    @Test
    void claimsAndVolumesCarryPhaseBindingAndClass() {
        var pvc = new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("shop").withName("web-data").endMetadata()
                .withNewSpec().withVolumeName("pv-1").withStorageClassName("standard")
                .withAccessModes("ReadWriteOnce").endSpec().withNewStatus().withPhase("Bound").endStatus().build();
        ResourceRecord claim = mapper.map(pvc);
        assertThat(claim.status()).containsExactlyEntriesOf(Map.of("phase", "Bound"));
        assertThat(claim.spec()).containsEntry("volume_name", "pv-1").containsEntry("storage_class", "standard")
                .containsEntry("access_modes", List.of("ReadWriteOnce"));

        var pv = new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata().withNewSpec()
                .withStorageClassName("standard").withNewClaimRef().withNamespace("shop").withName("web-data").endClaimRef()
                .endSpec().withNewStatus().withPhase("Bound").endStatus().build();
        ResourceRecord volume = mapper.map(pv);
        assertThat(volume.ref().id()).isEqualTo("persistentvolume//pv-1");
        assertThat(volume.status()).containsEntry("phase", "Bound");
        assertThat(volume.spec()).containsEntry("claim", "shop/web-data").containsEntry("storage_class", "standard");
    }

    @Test
    void endpointSlicesAndEndpointsCountReadinessAndNameTheirServiceAndPods() {
        var slice = new EndpointSliceBuilder().withNewMetadata().withNamespace("shop").withName("web-abc")
                .addToLabels("kubernetes.io/service-name", "web").endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.0.0.1").withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withName("web-1").withNamespace("shop").endTargetRef().endEndpoint()
                .addNewEndpoint().withAddresses("10.0.0.2").withNewConditions().withReady(false).endConditions()
                .withNewTargetRef().withKind("Pod").withName("web-2").endTargetRef().endEndpoint()
                .build();
        ResourceRecord s = mapper.map(slice);
        assertThat(s.ref().id()).isEqualTo("endpointslice/shop/web-abc");
        assertThat(s.status()).containsEntry("ready", 1).containsEntry("not_ready", 1);
        assertThat(s.spec()).containsEntry("service", "web").containsEntry("pods", List.of("web-1", "web-2"));

        var endpoints = new EndpointsBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.0.0.1").withNewTargetRef().withKind("Pod").withName("web-1")
                .endTargetRef().endAddress().addNewNotReadyAddress().withIp("10.0.0.3").endNotReadyAddress().endSubset()
                .build();
        ResourceRecord e = mapper.map(endpoints);
        assertThat(e.ref().id()).isEqualTo("endpoints/shop/web");
        assertThat(e.status()).containsEntry("ready", 1).containsEntry("not_ready", 1);
        assertThat(e.spec()).containsEntry("service", "web").containsEntry("pods", List.of("web-1"));
    }

    @Test
    void anAutoscalerCarriesReplicasConditionsBoundsAndTarget() {
        var hpa = new HorizontalPodAutoscalerBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withMinReplicas(2).withMaxReplicas(5).withNewScaleTargetRef().withKind("Deployment")
                .withName("web").withApiVersion("apps/v1").endScaleTargetRef().endSpec()
                .withNewStatus().withCurrentReplicas(5).withDesiredReplicas(5)
                .addNewCondition().withType("ScalingLimited").withStatus("True").withReason("TooManyReplicas")
                .withMessage("the desired replica count is more than the maximum").endCondition()
                .addNewCondition().withType("AbleToScale").withStatus("True").withReason("ReadyForNewScale").endCondition()
                .endStatus().build();
        ResourceRecord r = mapper.map(hpa);
        assertThat(r.ref().id()).isEqualTo("horizontalpodautoscaler/shop/web");
        assertThat(r.status()).containsEntry("current_replicas", 5).containsEntry("desired_replicas", 5)
                .containsEntry("conditions", List.of("AbleToScale=True:ReadyForNewScale", "ScalingLimited=True:TooManyReplicas"));
        assertThat(r.spec()).containsEntry("min_replicas", 2).containsEntry("max_replicas", 5)
                .containsEntry("target", "Deployment/web");

        // qualified: autoscaling/v1 beside the imported v2 builder
        var v1 = new io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder().withNewMetadata()
                .withNamespace("shop").withName("old").addToAnnotations(AutoscalerSummaries.V1_CONDITIONS_ANNOTATION,
                        "[{\"type\":\"ScalingActive\",\"status\":\"False\",\"reason\":\"FailedGetResourceMetric\"}]")
                .endMetadata().withNewSpec().withMaxReplicas(3).withNewScaleTargetRef().withKind("StatefulSet")
                .withName("db").endScaleTargetRef().endSpec().withNewStatus().withCurrentReplicas(1)
                .withDesiredReplicas(1).endStatus().build();
        ResourceRecord old = mapper.map(v1);
        assertThat(old.status()).containsEntry("conditions", List.of("ScalingActive=False:FailedGetResourceMetric"));
        assertThat(old.spec()).containsEntry("target", "StatefulSet/db").containsEntry("max_replicas", 3);
    }

    @Test
    void anIngressListsItsBackendServicesAndHosts() {
        var ingress = new IngressBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withNewDefaultBackend().withNewService().withName("fallback").endService()
                .endDefaultBackend()
                .addNewRule().withHost("shop.example.com").withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName("web").withNewPort().withNumber(80).endPort().endService()
                .endBackend().endPath().addNewPath().withPath("/api").withPathType("Prefix").withNewBackend()
                .withNewService().withName("api").endService().endBackend().endPath().endHttp().endRule()
                .endSpec().build();
        assertThat(mapper.map(ingress).spec()).containsEntry("backends", List.of("api", "fallback", "web"))
                .containsEntry("hosts", List.of("shop.example.com"));
    }

    @Test
    void aNetworkPolicyCarriesAHashItsTypesAndItsPodSelector() {
        var policy = new NetworkPolicyBuilder().withNewMetadata().withNamespace("shop").withName("deny-db").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "db").endPodSelector()
                .withPolicyTypes("Ingress", "Egress").endSpec().build();
        ResourceRecord r = mapper.map(policy);
        assertThat(r.spec()).containsEntry("pod_selector", Map.of("app", "db"))
                .containsEntry("policy_types", List.of("Egress", "Ingress"));
        assertThat((String) r.spec().get("hash")).matches("[0-9a-f]{16}");
        var all = new NetworkPolicyBuilder(policy).editSpec().withNewPodSelector().endPodSelector().endSpec().build();
        assertThat(mapper.map(all).spec()).containsEntry("pod_selector", Map.of());
        assertThat(mapper.map(all).spec().get("hash")).isNotEqualTo(r.spec().get("hash"));
    }

    @Test
    void aCertManagerCertificateCarriesReadinessSecretAndNames() {
        var cert = new GenericKubernetesResourceBuilder().withApiVersion("cert-manager.io/v1").withKind("Certificate")
                .withNewMetadata().withNamespace("shop").withName("web-cert").endMetadata()
                .addToAdditionalProperties("spec", Map.of("secretName", "web-tls", "dnsNames", List.of("shop.example.com")))
                .addToAdditionalProperties("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status",
                        "False", "reason", "DoesNotExist", "message", "Issuing certificate as Secret does not exist"))))
                .build();
        ResourceRecord r = mapper.map(cert);
        assertThat(r.ref().id()).isEqualTo("certificate/shop/web-cert");
        assertThat(r.status()).containsEntry("ready", false).containsEntry("reason", "DoesNotExist");
        assertThat(r.spec()).containsEntry("secret_name", "web-tls").containsEntry("dns_names", List.of("shop.example.com"));

        var other = new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Certificate")
                .withNewMetadata().withName("x").endMetadata().build();
        assertThatThrownBy(() -> mapper.map(other)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mapper.map(new ServiceAccountBuilder().withNewMetadata().withName("sa").endMetadata().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a watched kind");
    }

    @Test
    void aBatchV1beta1CronJobMapsLikeABatchV1One() {
        var old = new CronJobBuilder().withNewMetadata().withNamespace("shop")
                .withName("nightly").endMetadata().withNewSpec().withSchedule("0 1 * * *").withSuspend(true)
                .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("job")
                .withImage("img/job:3").endContainer().endSpec().endTemplate().endSpec().endJobTemplate().endSpec()
                .withNewStatus().addNewActive().withName("nightly-1").endActive().endStatus().build();
        ResourceRecord r = mapper.map(old);

        assertThat(r.ref().id()).isEqualTo("cronjob/shop/nightly");
        assertThat(r.image()).isEqualTo("img/job:3");
        assertThat(r.spec()).containsEntry("schedule", "0 1 * * *").containsEntry("suspend", true);
        assertThat(r.status()).containsEntry("active", 1);
    }
}
