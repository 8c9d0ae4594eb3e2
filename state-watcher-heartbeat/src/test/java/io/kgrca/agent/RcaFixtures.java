package io.kgrca.agent;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** One object of each kind RCA needs, wired together around pod {@code web-1} of namespace {@code shop}. */
public final class RcaFixtures {

    /** A value that must never leave the cluster. */
    public static final String PASSWORD = "hunter2-P@ssw0rd";

    private RcaFixtures() {
    }

    /** Pod {@code web-1} (label app=web) mounting ConfigMap app-config, Secret db-creds and claim web-data. */
    public static Pod pod() {
        return new PodBuilder(Fixtures.pod("shop", "web-1", Map.of("app", "web"), "n1", null)).editSpec()
                .addNewVolume().withName("cfg").withNewConfigMap().withName("app-config").endConfigMap().endVolume()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("web-data")
                .endPersistentVolumeClaim().endVolume()
                .editFirstContainer().addNewEnv().withName("DB_URL").withValue("postgres://app:" + PASSWORD + "@db:5432/x")
                .endEnv().addNewEnvFrom().withNewSecretRef().withName("db-creds").endSecretRef().endEnvFrom().endContainer()
                .endSpec().build();
    }

    public static ConfigMap configMap() {
        return new ConfigMapBuilder().withNewMetadata().withNamespace("shop").withName("app-config").endMetadata()
                .addToData("password", PASSWORD).build();
    }

    public static Secret secret() {
        return new SecretBuilder().withNewMetadata().withNamespace("shop").withName("db-creds").endMetadata()
                .addToData("password", Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    public static PersistentVolumeClaim claim() {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("shop").withName("web-data").endMetadata()
                .withNewSpec().withVolumeName("pv-1").withAccessModes("ReadWriteOnce").endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build();
    }

    public static PersistentVolume volume() {
        return new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata().withNewSpec()
                .withNewClaimRef().withNamespace("shop").withName("web-data").endClaimRef().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build();
    }

    public static EndpointSlice endpointSlice() {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("shop").withName("web-abc")
                .addToLabels("kubernetes.io/service-name", "web").endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.0.0.1").withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withName("web-1").withNamespace("shop").endTargetRef().endEndpoint()
                .build();
    }

    public static HorizontalPodAutoscaler autoscaler() {
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withMinReplicas(1).withMaxReplicas(3).withNewScaleTargetRef().withApiVersion("apps/v1")
                .withKind("Deployment").withName("web").endScaleTargetRef().endSpec().build();
    }

    public static Ingress ingress() {
        return new IngressBuilder().withNewMetadata().withNamespace("shop").withName("front").endMetadata()
                .withNewSpec().addNewRule().withHost("shop.example.com").withNewHttp().addNewPath().withPath("/")
                .withPathType("Prefix").withNewBackend().withNewService().withName("web").withNewPort().withNumber(80)
                .endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build();
    }

    public static NetworkPolicy networkPolicy() {
        return new NetworkPolicyBuilder().withNewMetadata().withNamespace("shop").withName("web-only").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector()
                .withPolicyTypes("Ingress").endSpec().build();
    }

    public static GenericKubernetesResource certificate() {
        return new GenericKubernetesResourceBuilder().withApiVersion("cert-manager.io/v1").withKind("Certificate")
                .withNewMetadata().withNamespace("shop").withName("web-cert").endMetadata()
                .addToAdditionalProperties("spec", Map.of("secretName", "web-tls", "dnsNames", List.of("shop.example.com")))
                .addToAdditionalProperties("status", Map.of("conditions", List.of(Map.of("type", "Ready",
                        "status", "True", "reason", "Ready"))))
                .build();
    }

    /** What discovery answers for {@code groupVersion}: the given resources, namespaced. */
    public static APIResourceList apiResources(String groupVersion, String kind, String resource) {
        return new APIResourceListBuilder().withGroupVersion(groupVersion).addNewResource().withName(resource)
                .withKind(kind).withNamespaced(true).withVerbs("get", "list", "watch").withSingularName("")
                .endResource().build();
    }
}
