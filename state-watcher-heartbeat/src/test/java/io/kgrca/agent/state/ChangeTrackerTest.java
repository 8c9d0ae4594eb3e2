package io.kgrca.agent.state;

import io.kgrca.agent.Fixtures;
import io.kgrca.agent.k8s.ResourceMapper;
import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeTrackerTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private final ResourceMapper mapper = new ResourceMapper("c1");
    private ChangeTracker tracker;

    @BeforeEach
    void leader() {
        tracker = new ChangeTracker(TenantId.of("acme"), Clock.fixed(T0, ZoneOffset.UTC), Duration.ofMinutes(10));
        assertThat(tracker.startLeading()).isEmpty();
    }

    private ResourceRecord pod(String name, Map<String, String> labels) {
        return mapper.map(Fixtures.pod("default", name, labels, "n1", "web-rs"));
    }

    private static List<String> keys(List<Outgoing> out) {
        return out.stream().map(o -> (o.isTombstone() ? "DEL " : "") + o.key()).toList();
    }

    @Test
    void aNewPodSendsItsResourceWithItsRunsOnAndControlsEdgesUnderTheSharedIdentity() {
        List<Outgoing> out = tracker.upsert(pod("web-1", Map.of("app", "web")));

        assertThat(keys(out)).containsExactly(
                "acme::resource::pod/default/web-1",
                "acme::edge::CONTROLS:replicaset/default/web-rs->pod/default/web-1",
                "acme::edge::RUNS_ON:pod/default/web-1->node//n1");
        assertThat(out.get(0).channel()).isEqualTo(Channel.RESOURCE);
        assertThat(((ResourceRecord) out.get(0).value()).at()).isEqualTo(T0);
        assertThat(out.get(1).channel()).isEqualTo(Channel.TOPOLOGY);
    }

    @Test
    void anUnchangedResyncSendsNothing() {
        tracker.upsert(pod("web-1", Map.of("app", "web")));

        assertThat(tracker.upsert(pod("web-1", Map.of("app", "web")))).isEmpty();
    }

    @Test
    void aChangedObjectSendsOnlyItsResource() {
        tracker.upsert(pod("web-1", Map.of("app", "web")));

        List<Outgoing> out = tracker.upsert(pod("web-1", Map.of("app", "web", "tier", "front")));

        assertThat(keys(out)).containsExactly("acme::resource::pod/default/web-1");
    }

    @Test
    void aServiceSelectsMatchingPodsAndALabelChangeTombstonesTheEdge() {
        tracker.upsert(pod("web-1", Map.of("app", "web")));
        tracker.upsert(pod("db-1", Map.of("app", "db")));

        List<Outgoing> svc = tracker.upsert(mapper.map(Fixtures.service("default", "web", Map.of("app", "web"))));
        assertThat(keys(svc)).containsExactly("acme::resource::service/default/web",
                "acme::edge::SELECTS:service/default/web->pod/default/web-1");

        List<Outgoing> relabel = tracker.upsert(pod("web-1", Map.of("app", "other")));
        assertThat(keys(relabel)).containsExactly("acme::resource::pod/default/web-1",
                "DEL acme::edge::SELECTS:service/default/web->pod/default/web-1");
    }

    @Test
    void aPodThatAppearsAfterItsServiceIsSelectedToo() {
        tracker.upsert(mapper.map(Fixtures.service("default", "web", Map.of("app", "web"))));

        assertThat(keys(tracker.upsert(pod("web-2", Map.of("app", "web")))))
                .contains("acme::edge::SELECTS:service/default/web->pod/default/web-2");
    }

    @Test
    void deletingAPodTombstonesItsResourceAndEveryEdgeDerivedFromIt() {
        tracker.upsert(mapper.map(Fixtures.service("default", "web", Map.of("app", "web"))));
        tracker.upsert(pod("web-1", Map.of("app", "web")));

        List<Outgoing> out = tracker.delete(ResourceRef.of("Pod", "default", "web-1"));

        assertThat(out).allMatch(Outgoing::isTombstone);
        assertThat(keys(out)).containsExactlyInAnyOrder(
                "DEL acme::resource::pod/default/web-1",
                "DEL acme::edge::CONTROLS:replicaset/default/web-rs->pod/default/web-1",
                "DEL acme::edge::RUNS_ON:pod/default/web-1->node//n1",
                "DEL acme::edge::SELECTS:service/default/web->pod/default/web-1");
        assertThat(tracker.delete(ResourceRef.of("Pod", "default", "web-1"))).isEmpty();
    }

    @Test
    void deploymentsControlReplicaSets() {
        tracker.upsert(mapper.map(Fixtures.deployment("default", "web", 2)));

        List<Outgoing> out = tracker.upsert(mapper.map(Fixtures.replicaSet("default", "web-rs", "web")));

        assertThat(keys(out)).containsExactly("acme::resource::replicaset/default/web-rs",
                "acme::edge::CONTROLS:deployment/default/web->replicaset/default/web-rs");
        EdgeRecord edge = (EdgeRecord) out.get(1).value();
        assertThat(edge.to().id()).isEqualTo("replicaset/default/web-rs");
    }

    @Test
    void aStandbySendsNothingAndOnTakeoverSendsEverythingAndTombstonesWhatVanishedMeanwhile() {
        tracker.stopLeading();
        assertThat(tracker.upsert(pod("web-1", Map.of("app", "web")))).isEmpty();
        assertThat(tracker.upsert(pod("gone-1", Map.of()))).isEmpty();
        assertThat(tracker.delete(ResourceRef.of("Pod", "default", "gone-1"))).isEmpty();

        List<Outgoing> takeover = tracker.startLeading();

        assertThat(keys(takeover)).contains("acme::resource::pod/default/web-1",
                "DEL acme::resource::pod/default/gone-1",
                "DEL acme::edge::RUNS_ON:pod/default/gone-1->node//n1");
        assertThat(takeover.stream().filter(o -> !o.isTombstone())).hasSize(3);
        assertThat(tracker.upsert(pod("web-1", Map.of("app", "web")))).isEmpty();
    }

    @Test
    void vanishedKeysOlderThanTheHandoverWindowAreNotTombstonedAgain() {
        MutableClock clock = new MutableClock(T0);
        ChangeTracker t = new ChangeTracker(TenantId.of("acme"), clock, Duration.ofMinutes(10));
        t.upsert(pod("gone-1", Map.of()));
        t.delete(ResourceRef.of("Pod", "default", "gone-1"));
        clock.advance(Duration.ofMinutes(11));

        assertThat(t.startLeading()).isEmpty();
    }

    @Test
    void aFailedSendIsRepairedWithTheCurrentValueOrATombstone() {
        List<Outgoing> first = tracker.upsert(pod("web-1", Map.of("app", "web")));
        first.forEach(o -> tracker.sendFailed(o.key()));
        assertThat(tracker.pendingRepairs()).isEqualTo(3);

        assertThat(keys(tracker.repair())).containsExactly("acme::resource::pod/default/web-1",
                "acme::edge::CONTROLS:replicaset/default/web-rs->pod/default/web-1",
                "acme::edge::RUNS_ON:pod/default/web-1->node//n1");
        assertThat(tracker.repair()).isEmpty();

        List<Outgoing> delete = tracker.delete(ResourceRef.of("Pod", "default", "web-1"));
        delete.forEach(o -> tracker.sendFailed(o.key()));
        assertThat(tracker.repair()).hasSize(3).allMatch(Outgoing::isTombstone);
    }

    @Test
    void theSnapshotResendsEverythingKnown() {
        tracker.upsert(pod("web-1", Map.of("app", "web")));
        tracker.upsert(mapper.map(Fixtures.node("n1", "2025-01-01T00:00:00Z")));

        assertThat(keys(tracker.snapshot())).containsExactlyInAnyOrder(
                "acme::resource::pod/default/web-1", "acme::resource::node//n1",
                "acme::edge::CONTROLS:replicaset/default/web-rs->pod/default/web-1",
                "acme::edge::RUNS_ON:pod/default/web-1->node//n1");
        tracker.stopLeading();
        assertThat(tracker.snapshot()).isEmpty();
    }

    @Test
    void aServiceWhoseSelectorChangesMovesItsEdgesAndAPodThatMovesNodeMovesItsRunsOn() {
        tracker.upsert(pod("web-1", Map.of("app", "web")));
        tracker.upsert(pod("db-1", Map.of("app", "db")));
        tracker.upsert(mapper.map(Fixtures.service("default", "svc", Map.of("app", "web"))));

        assertThat(keys(tracker.upsert(mapper.map(Fixtures.service("default", "svc", Map.of("app", "db"))))))
                .containsExactly("acme::resource::service/default/svc",
                        "DEL acme::edge::SELECTS:service/default/svc->pod/default/web-1",
                        "acme::edge::SELECTS:service/default/svc->pod/default/db-1");

        ResourceRecord moved = mapper.map(Fixtures.pod("default", "web-1", Map.of("app", "web"), "n2", "web-rs"));
        assertThat(keys(tracker.upsert(moved))).containsExactly("acme::resource::pod/default/web-1",
                "DEL acme::edge::RUNS_ON:pod/default/web-1->node//n1",
                "acme::edge::RUNS_ON:pod/default/web-1->node//n2");
    }
}
