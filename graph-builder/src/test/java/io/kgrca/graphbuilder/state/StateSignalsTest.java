package io.kgrca.graphbuilder.state;

import io.kgrca.common.model.ResourceRecord;
import io.kgrca.graphbuilder.signal.SignalType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.kgrca.graphbuilder.state.Rec.T0;
import static org.assertj.core.api.Assertions.assertThat;

class StateSignalsTest {

    private static List<DerivedSignal> run(ResourceRecord... records) {
        return StateFold.fold(Map.of(), Arrays.stream(records).map(StateFold.Change::upsert).toList()).signals();
    }

    private static List<SignalType> types(List<DerivedSignal> signals) {
        return signals.stream().map(DerivedSignal::type).toList();
    }

    private static DerivedSignal only(List<DerivedSignal> signals, SignalType type) {
        List<DerivedSignal> of = signals.stream().filter(s -> s.type() == type).toList();
        assertThat(of).as("signals of type %s in %s", type, signals).hasSize(1);
        return of.get(0);
    }

    private static long ms(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    @Test
    void aWaitingCrashLoopBackOffIsACrashLoopOnTheFirstRecordAlready() {
        DerivedSignal s = only(run(Rec.pod("api").container("api", "waiting", "CrashLoopBackOff", null, 4, "Error")
                .at(0)), SignalType.CRASH_LOOP);
        assertThat(s.id()).isEqualTo("pod/shop/api#state:CRASH_LOOP@" + ms(0));
        assertThat(s.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(s.message()).isEqualTo("container api waiting: CrashLoopBackOff (last terminated: Error)");
        assertThat(s.abnormal()).isTrue();
        assertThat(s.open()).isTrue();
        assertThat(s.kind()).isEqualTo("state");
    }

    @Test
    void imagePullAndConfigWaitingReasonsMapToTheirTypes() {
        assertThat(types(run(Rec.pod("a").container("c", "waiting", "ErrImagePull", null, 0, null).at(0))))
                .containsExactly(SignalType.IMAGE_PULL_FAILED);
        assertThat(types(run(Rec.pod("a").container("c", "waiting", "InvalidImageName", null, 0, null).at(0))))
                .containsExactly(SignalType.IMAGE_PULL_FAILED);
        assertThat(types(run(Rec.pod("a").container("c", "waiting", "ImagePullBackOff", null, 0, null).at(0))))
                .containsExactly(SignalType.IMAGE_PULL_BACKOFF);
        assertThat(types(run(Rec.pod("a").container("c", "waiting", "CreateContainerConfigError", null, 0, null)
                .at(0)))).containsExactly(SignalType.CONFIG_ERROR);
        assertThat(types(run(Rec.pod("a").container("c", "waiting", "CreateContainerError", null, 0, null).at(0))))
                .containsExactly(SignalType.CONFIG_ERROR);
        assertThat(run(Rec.pod("a").container("c", "waiting", "ContainerCreating", null, 0, null).at(0))).isEmpty();
    }

    @Test
    void anOomKillThenRestartsGiveOomKilledAndOneRestartEpisodeCountingTheRestarts() {
        List<DerivedSignal> out = run(
                Rec.pod("api").container("api", "running", null, null, 3, null).at(0),
                Rec.pod("api").container("api", "terminated", "OOMKilled", 137, 3, null).at(10),
                Rec.pod("api").container("api", "running", null, null, 5, "OOMKilled").at(20),
                Rec.pod("api").container("api", "running", null, null, 6, "OOMKilled").at(80));
        DerivedSignal oom = only(out, SignalType.OOM_KILLED);
        assertThat(oom.firstSeen()).isEqualTo(ms(10));
        assertThat(oom.lastSeen()).isEqualTo(ms(80));
        assertThat(oom.count()).isEqualTo(3);
        DerivedSignal restarts = only(out, SignalType.CONTAINER_RESTARTED);
        assertThat(restarts.id()).isEqualTo("pod/shop/api#state:CONTAINER_RESTARTED@" + ms(20));
        assertThat(restarts.count()).isEqualTo(3);
        assertThat(restarts.lastSeen()).isEqualTo(ms(80));
        assertThat(restarts.message()).isEqualTo("restarts 5 → 6 (last terminated: OOMKilled)");
        assertThat(restarts.reason()).isEqualTo("OOMKilled");
        assertThat(restarts.detail()).containsEntry("restarts_before", 5L).containsEntry("restarts", 6L);
    }

    @Test
    void anOldOomKillOnAHealthyPodSeenForTheFirstTimeIsNothing() {
        assertThat(run(Rec.pod("api").container("api", "running", null, null, 1, "OOMKilled").at(0))).isEmpty();
    }

    @Test
    void anOldOomKillOfOneContainerIsNotBlamedOnAnotherContainersRestart() {
        List<DerivedSignal> out = run(
                Rec.pod("api").container("api", "running", null, null, 1, "OOMKilled")
                        .container("proxy", "running", null, null, 0, null).at(0),
                Rec.pod("api").container("api", "running", null, null, 1, "OOMKilled")
                        .container("proxy", "running", null, null, 1, "Error").at(30));
        assertThat(types(out)).containsExactlyInAnyOrder(SignalType.CONTAINER_FAILED, SignalType.CONTAINER_RESTARTED);
        assertThat(only(out, SignalType.CONTAINER_FAILED).detail()).containsEntry("container", "proxy");
        assertThat(only(out, SignalType.CONTAINER_RESTARTED).message())
                .isEqualTo("restarts 1 → 2 (last terminated: Error)");
    }

    @Test
    void aRestartEpisodeClosesAfterTheQuietTimeAndALaterIncreaseIsANewEpisode() {
        long quiet = PodRules.RESTART_QUIET_MS / 1000;
        List<DerivedSignal> out = run(
                Rec.pod("w").container("w", "running", null, null, 0, null).at(0),
                Rec.pod("w").container("w", "running", null, null, 1, "Error").at(10),
                Rec.pod("w").container("w", "running", null, null, 1, "Error").at(20),
                Rec.pod("w").container("w", "running", null, null, 1, "Error").at(20 + quiet),
                Rec.pod("w").container("w", "running", null, null, 2, "Error").at(40 + quiet));
        List<DerivedSignal> restarts = out.stream().filter(s -> s.type() == SignalType.CONTAINER_RESTARTED).toList();
        assertThat(restarts).hasSize(2);
        assertThat(restarts.get(0).open()).isFalse();
        assertThat(restarts.get(0).closedAt()).isEqualTo(ms(20 + quiet));
        assertThat(restarts.get(0).lastSeen()).isEqualTo(ms(10));
        assertThat(restarts.get(0).count()).isEqualTo(1);
        assertThat(restarts.get(1).firstSeen()).isEqualTo(ms(40 + quiet));
        assertThat(restarts.get(1).open()).isTrue();
    }

    @Test
    void aTerminatedErrorOrNonZeroExitIsAContainerFailure() {
        DerivedSignal s = only(run(Rec.pod("j").container("j", "terminated", "Error", 2, 0, null).at(0)),
                SignalType.CONTAINER_FAILED);
        assertThat(s.message()).isEqualTo("container j terminated: Error (exit code 2)");
        assertThat(types(run(Rec.pod("j").container("j", "terminated", "Completed", 0, 0, null).at(0)))).isEmpty();
        assertThat(types(run(Rec.pod("j").container("j", "terminated", "Unknown", 255, 0, null).at(0))))
                .containsExactly(SignalType.CONTAINER_FAILED);
    }

    @Test
    void aReadinessDropIsAFaultWhileItLastsButNotWhileTerminatingNorAtFirstSight() {
        List<DerivedSignal> out = run(Rec.pod("web").status("ready", true).at(0),
                Rec.pod("web").status("ready", false).at(5),
                Rec.pod("web").status("ready", false).at(9),
                Rec.pod("web").status("ready", true).at(30));
        DerivedSignal s = only(out, SignalType.READINESS_FAILED);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.open()).isFalse();
        assertThat(s.message()).isEqualTo("pod ready true → false");
        assertThat(run(Rec.pod("web").status("ready", true).at(0),
                Rec.pod("web").status("ready", false).status("terminating", true).at(5))).isEmpty();
        assertThat(run(Rec.pod("web").status("ready", false).at(0))).isEmpty();
    }

    @Test
    void aFailedPodEvictedIsEvicted() {
        assertThat(types(run(Rec.pod("p").status("phase", "Failed").status("reason", "Evicted").at(0))))
                .containsExactly(SignalType.EVICTED);
    }

    @Test
    void aNodeNotReadyEpisodeIsOneSignalExtendedThenClosedAndALaterOneIsNew() {
        List<DerivedSignal> out = run(Rec.node("n1").status("ready", true).at(0),
                Rec.node("n1").status("ready", false).at(10),
                Rec.node("n1").status("ready", false).at(40),
                Rec.node("n1").status("ready", false).at(70),
                Rec.node("n1").status("ready", true).at(100),
                Rec.node("n1").status("ready", false).at(200));
        List<DerivedSignal> nr = out.stream().filter(s -> s.type() == SignalType.NODE_NOT_READY).toList();
        assertThat(nr).hasSize(2);
        assertThat(nr.get(0).id()).isEqualTo("node//n1#state:NODE_NOT_READY@" + ms(10));
        assertThat(nr.get(0).count()).isEqualTo(3);
        assertThat(nr.get(0).firstSeen()).isEqualTo(ms(10));
        assertThat(nr.get(0).lastSeen()).isEqualTo(ms(70));
        assertThat(nr.get(0).open()).isFalse();
        assertThat(nr.get(0).closedAt()).isEqualTo(ms(100));
        assertThat(nr.get(1).id()).isEqualTo("node//n1#state:NODE_NOT_READY@" + ms(200));
        assertThat(nr.get(1).open()).isTrue();
    }

    @Test
    void nodePressureAndNetworkUnavailableAreTheirOwnFaults() {
        List<DerivedSignal> out = run(Rec.node("n1").status("ready", true)
                .status("pressure", List.of("DiskPressure", "MemoryPressure", "NetworkUnavailable")).at(0));
        assertThat(types(out)).containsExactlyInAnyOrder(SignalType.NODE_PRESSURE, SignalType.NETWORK_SETUP_FAILED);
        assertThat(only(out, SignalType.NODE_PRESSURE).message()).isEqualTo("node under DiskPressure, MemoryPressure");
    }

    @Test
    void unknownFieldsAreNeverFaults() {
        assertThat(run(Rec.node("n1").at(0), Rec.node("n1").at(10))).isEmpty();
        assertThat(run(Rec.pod("p").at(0), Rec.pod("p").status("phase", "Running").at(10))).isEmpty();
        assertThat(run(Rec.of("Deployment", "shop", "api").replicas(3).at(0))).isEmpty();
        assertThat(run(Rec.of("HorizontalPodAutoscaler", "shop", "api").at(0))).isEmpty();
        assertThat(run(Rec.of("Certificate", "shop", "tls").at(0))).isEmpty();
    }

    @Test
    void aReplicaShortfallOfADeploymentStatefulSetOrDaemonSetIsARolloutStuck() {
        DerivedSignal s = only(run(Rec.of("Deployment", "shop", "api").replicas(3).status("ready_replicas", 1)
                .status("unavailable_replicas", 2).at(0)), SignalType.ROLLOUT_STUCK);
        assertThat(s.message()).isEqualTo("ready 1 of 3 replicas, 2 unavailable");
        assertThat(types(run(Rec.of("StatefulSet", "db", "pg").replicas(2).status("ready_replicas", 1).at(0))))
                .containsExactly(SignalType.ROLLOUT_STUCK);
        assertThat(types(run(Rec.of("DaemonSet", "kube-system", "cni").status("desired", 3).status("ready", 2)
                .at(0)))).containsExactly(SignalType.ROLLOUT_STUCK);
        assertThat(run(Rec.of("Deployment", "shop", "api").replicas(3).status("ready_replicas", 3)
                .status("unavailable_replicas", 0).at(0))).isEmpty();
    }

    @Test
    void aFailedJobPendingOrLostClaimAndFailedVolumeAreFaults() {
        assertThat(types(run(Rec.of("Job", "batch", "nightly").status("conditions", List.of("Failed")).at(0))))
                .containsExactly(SignalType.JOB_FAILED);
        assertThat(types(run(Rec.of("Job", "batch", "nightly").status("conditions", List.of("Complete")).at(0))))
                .isEmpty();
        DerivedSignal pvc = only(run(Rec.of("PersistentVolumeClaim", "db", "data").status("phase", "Pending")
                .spec("storage_class", "fast").at(0)), SignalType.CLAIM_PENDING);
        assertThat(pvc.message()).isEqualTo("claim phase Pending (storage class fast)");
        assertThat(types(run(Rec.of("PersistentVolumeClaim", "db", "d").status("phase", "Lost").at(0))))
                .containsExactly(SignalType.CLAIM_PENDING);
        assertThat(run(Rec.of("PersistentVolumeClaim", "db", "d").status("phase", "Bound").at(0))).isEmpty();
        assertThat(types(run(Rec.of("PersistentVolume", "", "pv-1").status("phase", "Failed").at(0))))
                .containsExactly(SignalType.CLAIM_PENDING);
    }

    @Test
    void endpointsWithoutReadyAddressesAreAFaultAboutTheirService() {
        DerivedSignal s = only(run(Rec.of("EndpointSlice", "shop", "api-x7k2").spec("service", "api")
                .status("ready", 0).status("not_ready", 2).at(0)), SignalType.ENDPOINTS_NOT_READY);
        assertThat(s.subject().id()).isEqualTo("service/shop/api");
        assertThat(s.id()).isEqualTo("service/shop/api#state:ENDPOINTS_NOT_READY@" + ms(0));
        List<DerivedSignal> drop = run(Rec.of("Endpoints", "shop", "cart").status("ready", 3).status("not_ready", 0)
                .at(0), Rec.of("Endpoints", "shop", "cart").status("ready", 0).status("not_ready", 0).at(10));
        assertThat(only(drop, SignalType.ENDPOINTS_NOT_READY).subject().id()).isEqualTo("service/shop/cart");
        assertThat(run(Rec.of("EndpointSlice", "shop", "idle").spec("service", "idle").status("ready", 0)
                .status("not_ready", 0).at(0))).isEmpty();
    }

    @Test
    void anAutoscalerAtItsMaximumOrUnableToScaleIsLimited() {
        DerivedSignal s = only(run(Rec.of("HorizontalPodAutoscaler", "shop", "api").status("current_replicas", 10)
                .status("desired_replicas", 12).spec("max_replicas", 10).spec("target", "Deployment/api").at(0)),
                SignalType.AUTOSCALER_LIMITED);
        assertThat(s.reason()).isEqualTo("AtMaxReplicas");
        assertThat(types(run(Rec.of("HorizontalPodAutoscaler", "shop", "a").status("current_replicas", 2)
                .status("desired_replicas", 2).spec("max_replicas", 10)
                .status("conditions", List.of("AbleToScale=True:SucceededGetScale",
                        "ScalingActive=False:FailedGetResourceMetric")).at(0))))
                .containsExactly(SignalType.AUTOSCALER_LIMITED);
        assertThat(run(Rec.of("HorizontalPodAutoscaler", "shop", "a").status("current_replicas", 3)
                .status("desired_replicas", 3).spec("max_replicas", 10)
                .status("conditions", List.of("ScalingLimited=False:DesiredWithinRange")).at(0))).isEmpty();
    }

    @Test
    void aCertificateNotReadyIsInvalid() {
        DerivedSignal s = only(run(Rec.of("Certificate", "shop", "tls").status("ready", false)
                .status("reason", "Expired").at(0)), SignalType.CERTIFICATE_INVALID);
        assertThat(s.reason()).isEqualTo("Expired");
    }

    @Test
    void aRecordOlderThanTheSnapshotDerivesNothingAndDoesNotReopenAClosedEpisode() {
        Snapshot s = StateSignals.next(null, Rec.node("n1").status("ready", false).at(10)).snapshot();
        s = StateSignals.next(s, Rec.node("n1").status("ready", true).at(20)).snapshot();
        assertThat(s.conditions()).isEmpty();
        StateSignals.Step late = StateSignals.next(s, Rec.node("n1").status("ready", false).at(15));
        assertThat(late.signals()).isEmpty();
        assertThat(late.snapshot()).isEqualTo(s);
        StateSignals.Step replay = StateSignals.next(s, Rec.node("n1").status("ready", true).at(20));
        assertThat(replay.signals()).isEmpty();
    }

    @Test
    void anotherIncarnationClosesTheOpenEpisodesAndIsANewBaseline() {
        List<DerivedSignal> out = run(Rec.pod("db-0").status("ready", true).at(0),
                Rec.pod("db-0").status("ready", false).at(10),
                Rec.pod("db-0").uid("uid-2").status("ready", false).at(20));
        DerivedSignal s = only(out, SignalType.READINESS_FAILED);
        assertThat(s.open()).isFalse();
        assertThat(s.closedAt()).isEqualTo(ms(20));
    }

    @Test
    void aDeletionClosesTheOpenEpisodes() {
        StateFold.Outcome o = StateFold.fold(Map.of(), List.of(
                StateFold.Change.upsert(Rec.node("n1").status("ready", false).at(0)),
                StateFold.Change.delete("node//n1", ms(30))));
        assertThat(o.signals()).singleElement().satisfies(s -> {
            assertThat(s.open()).isFalse();
            assertThat(s.closedAt()).isEqualTo(ms(30));
        });
        assertThat(o.conditions()).containsEntry("node//n1", null);
    }
}
