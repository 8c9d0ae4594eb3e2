package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kgrca.agent.state.Kinds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WatchPlanTest {

    private static List<String> watched(WatchPlan.Plan plan) {
        return plan.watched().stream().map(k -> k.kind() + "@" + k.apiVersion()).toList();
    }

    @Test
    void aCurrentServerIsWatchedAtThePreferredVersions() {
        WatchPlan.Plan plan = WatchPlan.plan(k -> true);

        assertThat(watched(plan)).contains("CronJob@batch/v1", "EndpointSlice@discovery.k8s.io/v1",
                "HorizontalPodAutoscaler@autoscaling/v2", "Ingress@networking.k8s.io/v1",
                "NetworkPolicy@networking.k8s.io/v1", "Certificate@cert-manager.io/v1", "Pod@v1", "PersistentVolume@v1")
                .doesNotContain("Endpoints@v1", "CronJob@batch/v1beta1", "HorizontalPodAutoscaler@autoscaling/v1");
        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.watched().stream().map(WatchedKind::kind).distinct())
                .containsExactlyInAnyOrderElementsOf(Kinds.ALL.stream().filter(k -> !k.equals(Kinds.ENDPOINTS)).toList());
    }

    @Test
    void aV120ServerFallsBackToOlderVersionsAndSkipsWhatIsNotServedAtAll() {
        Set<String> served = Set.of("batch/v1beta1", "autoscaling/v1", "autoscaling/v2beta2", "networking.k8s.io/v1");
        WatchPlan.Plan plan = WatchPlan.plan(k -> served.contains(k.apiVersion()));

        assertThat(watched(plan)).contains("CronJob@batch/v1beta1", "Endpoints@v1", "HorizontalPodAutoscaler@autoscaling/v1",
                "Ingress@networking.k8s.io/v1").doesNotContain("EndpointSlice@discovery.k8s.io/v1");
        assertThat(plan.skipped()).containsExactly("Certificate (cert-manager.io/v1)");
    }

    @Test
    void cronJobsAreSkippedWhenNeitherVersionIsServedAndCoreKindsAreNeverAskedAbout() {
        WatchPlan.Plan plan = WatchPlan.plan(k -> {
            assertThat(k.group()).isNotEmpty();
            return !k.group().equals("batch");
        });
        assertThat(plan.skipped()).containsExactly("CronJob (batch/v1, batch/v1beta1)");
        assertThat(watched(plan)).contains("Job@batch/v1");
    }

    @Test
    void theRbacResourcesAreEveryVersionsResourcesAndEvents() {
        assertThat(WatchPlan.rbacResources()).containsExactlyInAnyOrder(
                "/pods", "/services", "/nodes", "/events", "/configmaps", "/secrets", "/persistentvolumeclaims",
                "/persistentvolumes", "/endpoints", "apps/deployments", "apps/replicasets", "apps/statefulsets",
                "apps/daemonsets", "batch/jobs", "batch/cronjobs", "discovery.k8s.io/endpointslices",
                "autoscaling/horizontalpodautoscalers", "networking.k8s.io/ingresses",
                "networking.k8s.io/networkpolicies", "cert-manager.io/certificates");
    }

    @Test
    void forbiddenAndNotServedAreGivenUpAndEverythingElseRetried() {
        assertThat(InformerFailure.of(new KubernetesClientException("no", 403, null))).isEqualTo(InformerFailure.FORBIDDEN);
        assertThat(InformerFailure.of(new RuntimeException(new KubernetesClientException("gone", 404, null))))
                .isEqualTo(InformerFailure.NOT_SERVED);
        assertThat(InformerFailure.of(new KubernetesClientException("too old", 410, null))).isEqualTo(InformerFailure.RETRY);
        assertThat(InformerFailure.of(new IOException("connection refused"))).isEqualTo(InformerFailure.RETRY);
    }
}
