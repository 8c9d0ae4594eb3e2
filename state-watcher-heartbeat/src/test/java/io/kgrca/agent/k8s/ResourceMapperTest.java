package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.kgrca.agent.Fixtures;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.ResourceRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceMapperTest {

    private final ResourceMapper mapper = new ResourceMapper("prod-eu");

    @Test
    void aPodMapsToItsSharedIdentityNodeOwnerImageAndContainerStatus() {
        ResourceRecord r = mapper.map(Fixtures.pod("shop", "web-1", Map.of("app", "web"), "n1", "web-rs"));

        assertThat(r.op()).isEqualTo(Op.UPSERT);
        assertThat(r.ref().id()).isEqualTo("pod/shop/web-1");
        assertThat(r.uid()).isEqualTo("uid-web-1");
        assertThat(r.cluster()).isEqualTo("prod-eu");
        assertThat(r.node()).isEqualTo("n1");
        assertThat(r.podIp()).isEqualTo("127.0.0.10");
        assertThat(r.image()).isEqualTo("img/web-1:1");
        assertThat(r.ownerRefs()).containsExactly(new ResourceRecord.OwnerRef("ReplicaSet", "web-rs", "uid-web-rs"));
        assertThat(r.status()).containsEntry("phase", "Running").containsEntry("ready", true).containsEntry("restarts", 0);
        assertThat(r.at()).isNull();
    }

    @Test
    void aCrashLoopingContainerShowsItsWaitingReasonAndRestarts() {
        Pod pod = new PodBuilder(Fixtures.pod("shop", "web-1", Map.of(), "n1", null)).editStatus()
                .editFirstContainerStatus().withReady(false).withRestartCount(7).withNewState().withNewWaiting()
                .withReason("CrashLoopBackOff").endWaiting().endState().endContainerStatus().endStatus().build();

        ResourceRecord r = mapper.map(pod);

        assertThat(r.status()).containsEntry("ready", false).containsEntry("restarts", 7);
        assertThat(r.status().get("containers")).asInstanceOf(InstanceOfAssertFactories.LIST).first()
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("state", "waiting").containsEntry("reason", "CrashLoopBackOff");
    }

    @Test
    void aNodeHeartbeatAloneDoesNotChangeTheRecord() {
        assertThat(mapper.map(Fixtures.node("n1", "2025-01-01T00:00:00Z")))
                .isEqualTo(mapper.map(Fixtures.node("n1", "2025-01-01T00:00:40Z")));
        assertThat(mapper.map(Fixtures.node("n1", "2025-01-01T00:00:00Z")).ref().id()).isEqualTo("node//n1");
    }

    @Test
    void aServiceKeepsItsSelectorAndPorts() {
        ResourceRecord r = mapper.map(Fixtures.service("shop", "web", Map.of("app", "web")));

        assertThat(r.spec()).containsEntry("type", "ClusterIP").containsEntry("selector", Map.of("app", "web"));
        assertThat(r.spec().get("ports")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
    }

    @Test
    void workloadsCarryReplicasImageAndStatusSummaries() {
        ResourceRecord d = mapper.map(Fixtures.deployment("shop", "web", 3));
        assertThat(d.replicas()).isEqualTo(3);
        assertThat(d.image()).isEqualTo("img/web:1");
        assertThat(d.spec()).containsEntry("selector", Map.of("app", "web"));

        ResourceRecord job = mapper.map(new JobBuilder().withNewMetadata().withNamespace("shop").withName("j1")
                .addNewOwnerReference().withKind("CronJob").withName("nightly").endOwnerReference().endMetadata()
                .withNewSpec().withCompletions(1).endSpec()
                .withNewStatus().withFailed(2).addNewCondition().withType("Failed").withStatus("True").endCondition()
                .endStatus().build());
        assertThat(job.ref().id()).isEqualTo("job/shop/j1");
        assertThat(job.status()).containsEntry("failed", 2).containsEntry("conditions", List.of("Failed"));

        ResourceRecord cron = mapper.map(new CronJobBuilder().withNewMetadata().withNamespace("shop").withName("nightly")
                .endMetadata().withNewSpec().withSchedule("0 1 * * *").endSpec().build());
        assertThat(cron.spec()).containsEntry("schedule", "0 1 * * *");
    }

    @Test
    void theRecordEncodesAndDecodesWithTheWireCodec() throws Exception {
        ResourceRecord r = mapper.map(Fixtures.pod("shop", "web-1", Map.of("app", "web"), "n1", "web-rs"));

        ResourceRecord back = JsonCodec.shared().decode(JsonCodec.shared().encode(r), ResourceRecord.class);

        assertThat(back.ref()).isEqualTo(r.ref());
        assertThat(back.node()).isEqualTo("n1");
        assertThat(back.status()).containsEntry("phase", "Running");
    }

    @Test
    void anUnwatchedKindIsRefusedClearly() {
        assertThatThrownBy(() -> mapper.map(new ServiceAccountBuilder().withNewMetadata().withName("x").endMetadata().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a watched kind");
    }
}
