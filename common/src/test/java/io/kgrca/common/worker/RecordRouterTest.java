package io.kgrca.common.worker;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure per-record decisions of a pool instance and of a dedicated worker. */
class RecordRouterTest {

    private static final Duration OVERLAP = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Instant SINCE = NOW.plusSeconds(60);

    private final MutableClock clock = new MutableClock(NOW);
    private final PlacementView view = new PlacementView();
    private final PoolRouter pool = new PoolRouter(view, OVERLAP, WAIT, clock, 2);
    private final DedicatedRouter dedicated = new DedicatedRouter(TenantId.of("t"), view, OVERLAP);

    @Test
    void aPoolProcessesATenantPlacedInItAndSkipsOneDedicatedFromTheStart() {
        view.put(Placement.initial("a", PlacementMode.SHARED, NOW));
        view.put(Placement.initial("b", PlacementMode.DEDICATED, NOW));

        assertThat(pool.route(key("a::event::x"), 1)).isEqualTo(RecordRoute.process(TenantId.of("a")));
        assertThat(pool.route(key("b::event::x"), 1)).isEqualTo(RecordRoute.skip(TenantId.of("b"), "dedicated"));
    }

    @Test
    void keysThatNameNoTenantAreSkippedByReason() {
        assertThat(pool.route(null, 1)).isEqualTo(RecordRoute.skip(null, "no-key"));
        assertThat(pool.route(key("AF::event::x"), 1)).isEqualTo(RecordRoute.skip(null, "invalid-key"));
        assertThat(pool.route(key(""), 1)).isEqualTo(RecordRoute.skip(null, "invalid-key"));
        assertThat(dedicated.route(null, 1)).isEqualTo(RecordRoute.skip(null, "no-key"));
        assertThat(dedicated.route(key("other::event::x"), 1)).isEqualTo(RecordRoute.skip(null, "foreign"));
    }

    @Test
    void aMoveFromSharedToDedicatedOverlapsOnBothSides() {
        view.put(Placement.initial("t", PlacementMode.SHARED, NOW).moveTo(PlacementMode.DEDICATED, SINCE, NOW));
        long since = SINCE.toEpochMilli();
        long overlap = OVERLAP.toMillis();

        // before the window: only the pool
        assertThat(pool.route(key("t::e::1"), since - overlap - 1).kind()).isEqualTo(RecordRoute.Kind.PROCESS);
        assertThat(dedicated.route(key("t::e::1"), since - overlap - 1))
                .isEqualTo(RecordRoute.skip(TenantId.of("t"), "shared"));
        // inside the window: both
        for (long ts : new long[]{since - overlap, since, since + overlap - 1}) {
            assertThat(pool.route(key("t::e::1"), ts).kind()).as("pool at %d", ts).isEqualTo(RecordRoute.Kind.PROCESS);
            assertThat(dedicated.route(key("t::e::1"), ts).kind()).as("dedicated at %d", ts)
                    .isEqualTo(RecordRoute.Kind.PROCESS);
        }
        // after it: only the dedicated worker
        assertThat(pool.route(key("t::e::1"), since + overlap)).isEqualTo(RecordRoute.skip(TenantId.of("t"), "dedicated"));
        assertThat(dedicated.route(key("t::e::1"), since + overlap).kind()).isEqualTo(RecordRoute.Kind.PROCESS);
    }

    @Test
    void aMoveFromDedicatedToSharedOverlapsOnBothSides() {
        view.put(Placement.initial("t", PlacementMode.DEDICATED, NOW).moveTo(PlacementMode.SHARED, SINCE, NOW));
        long since = SINCE.toEpochMilli();
        long overlap = OVERLAP.toMillis();

        assertThat(pool.route(key("t::e::1"), since - overlap - 1)).isEqualTo(RecordRoute.skip(TenantId.of("t"), "dedicated"));
        assertThat(dedicated.route(key("t::e::1"), since - overlap - 1).kind()).isEqualTo(RecordRoute.Kind.PROCESS);
        assertThat(pool.route(key("t::e::1"), since - overlap).kind()).isEqualTo(RecordRoute.Kind.PROCESS);
        assertThat(dedicated.route(key("t::e::1"), since + overlap - 1).kind()).isEqualTo(RecordRoute.Kind.PROCESS);
        assertThat(dedicated.route(key("t::e::1"), since + overlap)).isEqualTo(RecordRoute.skip(TenantId.of("t"), "shared"));
    }

    @Test
    void aDedicatedWorkerOwnsAllOfItsTenantsRecordsWithoutAPlacementOrAfterATombstone() {
        assertThat(dedicated.route(key("t::e::1"), 1)).isEqualTo(RecordRoute.process(TenantId.of("t")));
        view.put(Placement.initial("t", PlacementMode.SHARED, NOW));
        assertThat(dedicated.route(key("t::e::1"), 1).kind()).isEqualTo(RecordRoute.Kind.SKIP);
        view.remove("t");
        assertThat(dedicated.route(key("t::e::1"), 1)).isEqualTo(RecordRoute.process(TenantId.of("t")));
    }

    @Test
    void aPoolWaitsForAnUnplacedTenantUntilTheWaitEndsThenSkipsItAsUnplaced() {
        long written = NOW.toEpochMilli();
        long until = NOW.plus(WAIT).toEpochMilli();
        assertThat(pool.route(key("n::e::1"), written)).isEqualTo(RecordRoute.waitFor(TenantId.of("n"), until));
        clock.advance(WAIT.minusMillis(1));
        assertThat(pool.route(key("n::e::2"), written + 5)).as("the wait counts from the first sighting")
                .isEqualTo(RecordRoute.waitFor(TenantId.of("n"), until));
        clock.advance(Duration.ofMillis(1));
        assertThat(pool.route(key("n::e::3"), written + 10)).isEqualTo(RecordRoute.skip(TenantId.of("n"), "unplaced"));
        long before = pool.version();
        view.put(Placement.initial("n", PlacementMode.SHARED, NOW));
        assertThat(pool.version()).as("a placement changes the version the loop resumes on").isGreaterThan(before);
        assertThat(pool.route(key("n::e::4"), written + 20).kind()).isEqualTo(RecordRoute.Kind.PROCESS);
    }

    @Test
    void anUnplacedTenantsRecordOlderThanTheWaitIsSkippedAtOnce() {
        long old = NOW.minus(WAIT).toEpochMilli();

        assertThat(pool.route(key("n::e::1"), old)).as("a backlog of a tenant never placed pauses nothing")
                .isEqualTo(RecordRoute.skip(TenantId.of("n"), "unplaced"));
    }

    @Test
    void unplacedTenantsWrittenDuringOneWaitAreWaitedForTogether() {
        long written = NOW.toEpochMilli();
        assertThat(pool.route(key("p::e::1"), written).kind()).isEqualTo(RecordRoute.Kind.WAIT);
        clock.advance(WAIT);
        // q's record was written 1 s after p's, while the partition was paused on p: its wait ends 1 s after p's
        assertThat(pool.route(key("q::e::1"), written + 1000))
                .isEqualTo(RecordRoute.waitFor(TenantId.of("q"), written + 1000 + WAIT.toMillis()));
    }

    @Test
    void aTombstonedTenantIsSkippedAsNotPlacedWithoutWaiting() {
        view.put(Placement.initial("g", PlacementMode.SHARED, NOW));
        view.remove("g");
        assertThat(pool.route(key("g::e::1"), 1)).isEqualTo(RecordRoute.skip(TenantId.of("g"), "not-placed"));
    }

    @Test
    void firstSightingsAreBoundedAndAForgottenTenantWaitsAgain() {
        long written = NOW.toEpochMilli();
        pool.route(key("x1::e::1"), written);
        clock.advance(WAIT);
        long later = clock.millis();
        pool.route(key("x2::e::1"), later);
        pool.route(key("x3::e::1"), later);
        assertThat(pool.route(key("x1::e::2"), later).kind()).as("x1 forgotten: remembered at most 2")
                .isEqualTo(RecordRoute.Kind.WAIT);
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
