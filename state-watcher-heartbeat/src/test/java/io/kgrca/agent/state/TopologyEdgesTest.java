package io.kgrca.agent.state;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.kgrca.agent.Fixtures;
import io.kgrca.agent.k8s.ResourceMapper;
import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The edges of the kinds RCA needs, through the change tracker: created, re-derived, tombstoned. */
class TopologyEdgesTest {

    private final ResourceMapper mapper = new ResourceMapper("c1");
    private ChangeTracker tracker;

    @BeforeEach
    void leader() {
        tracker = new ChangeTracker(TenantId.of("acme"), Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
                Duration.ofMinutes(10));
        tracker.startLeading();
    }

    private List<String> upsert(HasMetadata object) {
        return edges(tracker.upsert(mapper.map(object)));
    }

    private List<String> delete(HasMetadata object) {
        return edges(tracker.delete(ResourceMapper.refOf(object)));
    }

    private static List<String> edges(List<Outgoing> out) {
        return out.stream().filter(o -> o.channel() == Channel.TOPOLOGY)
                .map(o -> (o.isTombstone() ? "DEL " : "") + o.key().substring("acme::edge::".length())).toList();
    }

    private static Pod pod(String name, Map<String, String> labels) {
        return new PodBuilder(Fixtures.pod("shop", name, labels, null, null)).editSpec()
                .addNewVolume().withName("cfg").withNewConfigMap().withName("app-config").endConfigMap().endVolume()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data-" + name)
                .endPersistentVolumeClaim().endVolume()
                .editFirstContainer().addNewEnvFrom().withNewSecretRef().withName("db-creds").endSecretRef().endEnvFrom()
                .endContainer().endSpec().build();
    }

    @Test
    void aPodMountsItsConfigMapsSecretsAndClaimsAndItsDeletionTombstonesThem() {
        assertThat(upsert(pod("web-1", Map.of()))).containsExactlyInAnyOrder(
                "MOUNTS:pod/shop/web-1->configmap/shop/app-config",
                "MOUNTS:pod/shop/web-1->secret/shop/db-creds",
                "MOUNTS:pod/shop/web-1->persistentvolumeclaim/shop/data-web-1");

        assertThat(delete(pod("web-1", Map.of()))).containsExactlyInAnyOrder(
                "DEL MOUNTS:pod/shop/web-1->configmap/shop/app-config",
                "DEL MOUNTS:pod/shop/web-1->secret/shop/db-creds",
                "DEL MOUNTS:pod/shop/web-1->persistentvolumeclaim/shop/data-web-1");
    }

    @Test
    void aClaimIsBoundToItsVolumeAndARebindingMovesTheEdge() {
        PersistentVolumeClaim pending = new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("shop")
                .withName("data").endMetadata().withNewSpec().endSpec().withNewStatus().withPhase("Pending").endStatus().build();
        assertThat(upsert(pending)).isEmpty();

        PersistentVolumeClaim bound = new PersistentVolumeClaimBuilder(pending).editSpec().withVolumeName("pv-1").endSpec()
                .editStatus().withPhase("Bound").endStatus().build();
        assertThat(upsert(bound)).containsExactly("BOUND_TO:persistentvolumeclaim/shop/data->persistentvolume//pv-1");
        assertThat(upsert(new PersistentVolumeClaimBuilder(bound).editSpec().withVolumeName("pv-2").endSpec().build()))
                .containsExactlyInAnyOrder("DEL BOUND_TO:persistentvolumeclaim/shop/data->persistentvolume//pv-1",
                        "BOUND_TO:persistentvolumeclaim/shop/data->persistentvolume//pv-2");
    }

    private static EndpointSlice slice(String... pods) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace("shop").withName("web-x")
                .addToLabels("kubernetes.io/service-name", "web").endMetadata().withAddressType("IPv4");
        for (String p : pods) {
            b.addNewEndpoint().withAddresses("10.0.0.1").withNewTargetRef().withKind("Pod").withName(p).endTargetRef()
                    .endEndpoint();
        }
        return b.build();
    }

    @Test
    void aServiceExposesItsEndpointSliceWhichListsItsPods() {
        assertThat(upsert(slice("web-1", "web-2"))).containsExactlyInAnyOrder(
                "EXPOSES:service/shop/web->endpointslice/shop/web-x",
                "ENDPOINT_OF:endpointslice/shop/web-x->pod/shop/web-1",
                "ENDPOINT_OF:endpointslice/shop/web-x->pod/shop/web-2");

        assertThat(upsert(slice("web-1"))).containsExactly("DEL ENDPOINT_OF:endpointslice/shop/web-x->pod/shop/web-2");
        // The service's own change cannot remove an edge that the slice decides.
        assertThat(delete(Fixtures.service("shop", "web", Map.of()))).isEmpty();
        assertThat(delete(slice("web-1"))).containsExactlyInAnyOrder(
                "DEL EXPOSES:service/shop/web->endpointslice/shop/web-x",
                "DEL ENDPOINT_OF:endpointslice/shop/web-x->pod/shop/web-1");
    }

    @Test
    void coreEndpointsGiveTheSameEdgesUnderTheirOwnKind() {
        var endpoints = new EndpointsBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .addNewSubset().addNewNotReadyAddress().withIp("10.0.0.1").withNewTargetRef().withKind("Pod")
                .withName("web-1").endTargetRef().endNotReadyAddress().endSubset().build();
        assertThat(upsert(endpoints)).containsExactlyInAnyOrder("EXPOSES:service/shop/web->endpoints/shop/web",
                "ENDPOINT_OF:endpoints/shop/web->pod/shop/web-1");
    }

    @Test
    void anIngressRoutesToItsBackendsAndAnAutoscalerScalesItsTarget() {
        var ingress = new IngressBuilder().withNewMetadata().withNamespace("shop").withName("front").endMetadata()
                .withNewSpec().addNewRule().withHost("shop.example.com").withNewHttp().addNewPath().withPath("/")
                .withPathType("Prefix").withNewBackend().withNewService().withName("web").endService().endBackend()
                .endPath().endHttp().endRule().endSpec().build();
        assertThat(upsert(ingress)).containsExactly("ROUTES_TO:ingress/shop/front->service/shop/web");

        var hpa = new HorizontalPodAutoscalerBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withMaxReplicas(4).withNewScaleTargetRef().withKind("Deployment").withName("web")
                .endScaleTargetRef().endSpec().build();
        assertThat(upsert(hpa)).containsExactly("SCALES:horizontalpodautoscaler/shop/web->deployment/shop/web");
    }

    private static NetworkPolicy policy(Map<String, String> matchLabels) {
        return new NetworkPolicyBuilder().withNewMetadata().withNamespace("shop").withName("db-only").endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(matchLabels).endPodSelector()
                .withPolicyTypes("Ingress").endSpec().build();
    }

    @Test
    void aNetworkPolicyAppliesToTheSelectedPodsAndFollowsPodLabelChanges() {
        upsert(pod("db-1", Map.of("app", "db")));
        upsert(pod("web-1", Map.of("app", "web")));

        assertThat(upsert(policy(Map.of("app", "db")))).containsExactly("APPLIES_TO:networkpolicy/shop/db-only->pod/shop/db-1");
        assertThat(upsert(pod("db-2", Map.of("app", "db")))).contains("APPLIES_TO:networkpolicy/shop/db-only->pod/shop/db-2");
        assertThat(upsert(pod("db-1", Map.of("app", "cache"))))
                .containsExactly("DEL APPLIES_TO:networkpolicy/shop/db-only->pod/shop/db-1");
        assertThat(upsert(policy(Map.of()))).containsExactlyInAnyOrder(
                "APPLIES_TO:networkpolicy/shop/db-only->pod/shop/db-1",
                "APPLIES_TO:networkpolicy/shop/db-only->pod/shop/web-1");
        assertThat(delete(policy(Map.of()))).hasSize(3).allMatch(k -> k.startsWith("DEL APPLIES_TO:"));
    }

    @Test
    void aPolicyWithMatchExpressionsSelectsAsKubernetesDoes() {
        upsert(pod("db-1", Map.of("app", "db", "tier", "data")));
        upsert(pod("web-1", Map.of("app", "web")));
        NetworkPolicy notWeb = new NetworkPolicyBuilder(policy(Map.of())).editSpec().editPodSelector()
                .addNewMatchExpression().withKey("app").withOperator("NotIn").withValues("web").endMatchExpression()
                .addNewMatchExpression().withKey("tier").withOperator("Exists").endMatchExpression()
                .endPodSelector().endSpec().build();

        assertThat(upsert(notWeb)).containsExactly("APPLIES_TO:networkpolicy/shop/db-only->pod/shop/db-1");
    }

    @Test
    void eachEdgeIsDerivedFromTheObjectWhoseFieldsDecideIt() {
        ResourceRef pod = ResourceRef.of("Pod", "shop", "p");
        ResourceRef other = ResourceRef.of("Service", "shop", "s");
        assertThat(TopologyRules.isDerivedFrom(edge(EdgeType.EXPOSES, other, pod), pod)).isTrue();
        assertThat(TopologyRules.isDerivedFrom(edge(EdgeType.EXPOSES, other, pod), other)).isFalse();
        for (EdgeType fromSource : List.of(EdgeType.MOUNTS, EdgeType.BOUND_TO, EdgeType.ENDPOINT_OF, EdgeType.ROUTES_TO,
                EdgeType.SCALES)) {
            assertThat(TopologyRules.isDerivedFrom(edge(fromSource, pod, other), pod)).as(fromSource.name()).isTrue();
            assertThat(TopologyRules.isDerivedFrom(edge(fromSource, pod, other), other)).as(fromSource.name()).isFalse();
        }
        assertThat(TopologyRules.isDerivedFrom(edge(EdgeType.APPLIES_TO, other, pod), pod)).isTrue();
        assertThat(TopologyRules.isDerivedFrom(edge(EdgeType.APPLIES_TO, other, pod), other)).isTrue();
    }

    private static EdgeRecord edge(EdgeType type, ResourceRef from, ResourceRef to) {
        return new EdgeRecord(Op.UPSERT, null, type, from, to);
    }
}
