package io.kgrca.common.placement;

import io.kgrca.common.json.JsonCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlacementTest {

    private static final Duration OVERLAP = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aFirstPlacementOwnsEveryRecordOfItsSideAndNoneOfTheOther() {
        Placement p = Placement.initial("acme", PlacementMode.SHARED, NOW);

        assertThat(p.owns(PlacementMode.SHARED, 0, OVERLAP)).isTrue();
        assertThat(p.owns(PlacementMode.SHARED, NOW.toEpochMilli(), OVERLAP)).isTrue();
        assertThat(p.owns(PlacementMode.DEDICATED, NOW.toEpochMilli(), OVERLAP)).isFalse();
    }

    @Test
    void aMoveLeavesNoRecordOwnedByNobodyAndOverlapsByTheGivenTimeOnEachSide() {
        Instant at = NOW.plusSeconds(60);
        Placement moved = Placement.initial("acme", PlacementMode.SHARED, NOW).moveTo(PlacementMode.DEDICATED, at, NOW);

        long since = at.toEpochMilli();
        for (long ts = since - 120_000; ts <= since + 120_000; ts += 1_000) {
            boolean pool = moved.owns(PlacementMode.SHARED, ts, OVERLAP);
            boolean dedicated = moved.owns(PlacementMode.DEDICATED, ts, OVERLAP);
            assertThat(pool || dedicated).as("record at %d has an owner", ts).isTrue();
            boolean inOverlap = ts >= since - OVERLAP.toMillis() && ts < since + OVERLAP.toMillis();
            assertThat(pool && dedicated).as("both own %d", ts).isEqualTo(inOverlap);
        }
        assertThat(moved.epoch()).isEqualTo(1);
        assertThat(moved.previous()).isEqualTo(PlacementMode.SHARED);
    }

    @Test
    void theOldSideIsDrainedOnceItPassesTheEndOfTheOverlap() {
        Instant at = NOW.plusSeconds(60);
        Placement back = Placement.initial("acme", PlacementMode.DEDICATED, NOW).moveTo(PlacementMode.SHARED, at, NOW);

        long end = at.toEpochMilli() + OVERLAP.toMillis();
        assertThat(back.drainedBy(PlacementMode.DEDICATED, end - 1, OVERLAP)).isFalse();
        assertThat(back.drainedBy(PlacementMode.DEDICATED, end, OVERLAP)).isTrue();
        assertThat(back.drainedBy(PlacementMode.SHARED, Long.MAX_VALUE, OVERLAP)).isFalse();
    }

    @Test
    void movingToWhereTheTenantIsChangesNothing() {
        Placement p = Placement.initial("acme", PlacementMode.DEDICATED, NOW);

        assertThat(p.moveTo(PlacementMode.DEDICATED, NOW.plusSeconds(5), NOW)).isSameAs(p);
    }

    @Test
    void theWireFormRoundTripsAndNamesItsFields() throws Exception {
        Placement p = Placement.initial("acme", PlacementMode.SHARED, NOW)
                .moveTo(PlacementMode.DEDICATED, NOW.plusSeconds(10), NOW);
        String json = JsonCodec.shared().encodeToString(p);

        assertThat(json).contains("\"placement\":\"dedicated\"", "\"previous\":\"shared\"", "\"since\":");
        assertThat(JsonCodec.shared().decode(json.getBytes(), Placement.class)).isEqualTo(p);
    }

    @Test
    void anUnknownPlacementIsRefusedNamingTheAcceptedValues() {
        assertThatThrownBy(() -> PlacementMode.parse("pooled")).hasMessageContaining("'shared' nor 'dedicated'");
    }

    @Test
    void poolNamesCannotCollideWithATenantsNames() {
        assertThat(PoolNames.group("graph-builder")).isEqualTo("graph-builder.pool");
        assertThat(PoolNames.container("log-normalizer", 2)).isEqualTo("kg-log-normalizer.pool-2");
        assertThat(PoolNames.instance("event-normalizer", 0)).contains(".");
    }
}
