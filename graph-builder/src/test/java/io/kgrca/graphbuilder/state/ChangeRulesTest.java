package io.kgrca.graphbuilder.state;

import io.kgrca.common.model.ResourceRecord;
import io.kgrca.graphbuilder.signal.SignalType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.kgrca.graphbuilder.state.Rec.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ChangeRulesTest {

    private static List<DerivedSignal> run(ResourceRecord... records) {
        return StateFold.fold(Map.of(), Arrays.stream(records).map(StateFold.Change::upsert).toList()).signals();
    }

    private static long ms(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    private static Rec deployment() {
        return Rec.of("Deployment", "shop", "api").replicas(3).status("ready_replicas", 3)
                .status("unavailable_replicas", 0);
    }

    @Test
    void anImageChangeOfAWorkloadIsARolloutWithOldAndNewImage() {
        List<DerivedSignal> out = run(deployment().image("shop/api:1.4").spec("template_hash", "a").at(0),
                deployment().image("shop/api:1.5").spec("template_hash", "b").at(60));
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.CHANGE_ROLLOUT);
            assertThat(s.id()).isEqualTo("deployment/shop/api#change:CHANGE_ROLLOUT@" + ms(60));
            assertThat(s.reason()).isEqualTo("ImageChanged");
            assertThat(s.message()).isEqualTo("image shop/api:1.4 → shop/api:1.5");
            assertThat(s.abnormal()).isFalse();
            assertThat(s.kind()).isEqualTo("change");
            assertThat(s.firstSeen()).isEqualTo(ms(60));
            assertThat(s.detail()).containsEntry("old_image", "shop/api:1.4")
                    .containsEntry("new_image", "shop/api:1.5");
        });
    }

    @Test
    void aTemplateHashChangeWithTheSameImageIsATemplateRollout() {
        List<DerivedSignal> out = run(Rec.of("StatefulSet", "db", "pg").image("pg:16").spec("template_hash", "a").at(0),
                Rec.of("StatefulSet", "db", "pg").image("pg:16").spec("template_hash", "b").at(60));
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo("TemplateChanged");
            assertThat(s.message()).isEqualTo("pod template a → b");
        });
        assertThat(run(Rec.of("DaemonSet", "x", "d").image("i:1").at(0),
                Rec.of("DaemonSet", "x", "d").image("i:1").spec("template_hash", "b").at(60)))
                .as("an absent hash is unknown, not a change").isEmpty();
    }

    @Test
    void aReplicasChangeIsAScaleChange() {
        List<DerivedSignal> out = run(deployment().at(0), deployment().replicas(5).status("ready_replicas", 5).at(60));
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.CHANGE_SCALE);
            assertThat(s.message()).isEqualTo("replicas 3 → 5");
            assertThat(s.reason()).isEqualTo("ScaledUp");
        });
    }

    @Test
    void theFirstSightOfAResourceIsItsBaseline() {
        assertThat(run(deployment().image("shop/api:1.5").at(0))).isEmpty();
        assertThat(run(Rec.of("ReplicaSet", "shop", "api-5f7c9").spec("created_at", T0.minusSeconds(7200).toString())
                .at(0))).isEmpty();
        assertThat(run(Rec.of("ConfigMap", "shop", "cfg").spec("data_hash", "x").at(0))).isEmpty();
    }

    @Test
    void aReplicaSetConfigMapOrNetworkPolicyCreatedJustBeforeItsFirstRecordIsAChange() {
        String created = T0.minusSeconds(30).toString();
        assertThat(run(Rec.of("ReplicaSet", "shop", "api-5f7c9").image("shop/api:1.5").spec("created_at", created)
                .at(0))).singleElement().satisfies(s -> {
                    assertThat(s.type()).isEqualTo(SignalType.CHANGE_ROLLOUT);
                    assertThat(s.subject().id()).isEqualTo("replicaset/shop/api-5f7c9");
                    assertThat(s.message()).isEqualTo("new ReplicaSet api-5f7c9 (image shop/api:1.5)");
                });
        assertThat(run(Rec.of("ConfigMap", "shop", "cfg").spec("created_at", created).at(0)))
                .extracting(DerivedSignal::type).containsExactly(SignalType.CHANGE_CONFIG);
        assertThat(run(Rec.of("NetworkPolicy", "shop", "deny-all").spec("created_at", created).at(0)))
                .extracting(DerivedSignal::type).containsExactly(SignalType.CHANGE_POLICY);
    }

    @Test
    void aConfigMapOrSecretDataHashChangeIsAConfigChange() {
        assertThat(run(Rec.of("ConfigMap", "shop", "cfg").spec("data_hash", "h1").at(0),
                Rec.of("ConfigMap", "shop", "cfg").spec("data_hash", "h2").at(60)))
                .singleElement().satisfies(s -> {
                    assertThat(s.type()).isEqualTo(SignalType.CHANGE_CONFIG);
                    assertThat(s.reason()).isEqualTo("DataChanged");
                    assertThat(s.message()).isEqualTo("ConfigMap cfg data h1 → h2");
                });
        assertThat(run(Rec.of("Secret", "shop", "db").spec("data_hash", "h1").at(0),
                Rec.of("Secret", "shop", "db").spec("data_hash", "h2").at(60)))
                .extracting(DerivedSignal::type).containsExactly(SignalType.CHANGE_CONFIG);
    }

    @Test
    void aCordonOrANewNoScheduleTaintIsANodeChange() {
        assertThat(run(Rec.node("n1").status("ready", true).at(0),
                Rec.node("n1").status("ready", true).status("unschedulable", true).at(60)))
                .singleElement().satisfies(s -> {
                    assertThat(s.type()).isEqualTo(SignalType.CHANGE_NODE);
                    assertThat(s.reason()).isEqualTo("Cordoned");
                });
        String created = T0.minusSeconds(86400).toString();
        assertThat(run(Rec.node("n1").spec("created_at", created).at(0),
                Rec.node("n1").spec("created_at", created)
                        .spec("taints", List.of("dedicated=db:NoSchedule", "x=y:PreferNoSchedule")).at(60)))
                .singleElement().satisfies(s -> {
                    assertThat(s.reason()).isEqualTo("Tainted");
                    assertThat(s.message()).isEqualTo("node tainted dedicated=db:NoSchedule");
                });
        assertThat(run(Rec.node("n1").at(0), Rec.node("n1").spec("taints", List.of("a=b:NoExecute")).at(60)))
                .as("a previous record without a spec summary says nothing about taints").isEmpty();
    }

    @Test
    void aNetworkPolicyHashChangeIsAPolicyChange() {
        assertThat(run(Rec.of("NetworkPolicy", "shop", "p").spec("hash", "1").at(0),
                Rec.of("NetworkPolicy", "shop", "p").spec("hash", "2").at(60)))
                .singleElement().satisfies(s -> {
                    assertThat(s.type()).isEqualTo(SignalType.CHANGE_POLICY);
                    assertThat(s.reason()).isEqualTo("PolicyChanged");
                });
    }
}
