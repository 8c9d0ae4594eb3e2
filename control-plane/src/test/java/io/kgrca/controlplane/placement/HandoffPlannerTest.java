package io.kgrca.controlplane.placement;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.kgrca.common.placement.PlacementMode.DEDICATED;
import static io.kgrca.common.placement.PlacementMode.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

/** The pure decisions of a move: who has dedicated workers, and when the old side is drained. */
class HandoffPlannerTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration OVERLAP = Duration.ofSeconds(30);
    /** Moved to shared at T0 + 10s: the dedicated side must pass T0 + 40s. */
    private static final Placement TO_SHARED = Placement.initial("af-1", DEDICATED, T0)
            .moveTo(SHARED, T0.plusSeconds(10), T0);
    private static final long BOUNDARY = T0.plusSeconds(40).toEpochMilli();

    @Test
    void dedicatedWorkersOnlyForDedicatedTenantsAndUndrainedMovesToShared() {
        Placement shared = Placement.initial("af-1", SHARED, T0);
        Placement dedicated = Placement.initial("af-1", DEDICATED, T0);
        Placement toDedicated = shared.moveTo(DEDICATED, T0.plusSeconds(10), T0);

        assertThat(HandoffPlanner.dedicatedWanted(shared, true, DEDICATED)).isFalse();
        assertThat(HandoffPlanner.dedicatedWanted(dedicated, true, SHARED)).isTrue();
        assertThat(HandoffPlanner.dedicatedWanted(toDedicated, false, SHARED)).as("from the write on").isTrue();
        assertThat(HandoffPlanner.dedicatedWanted(TO_SHARED, false, SHARED)).as("until drained").isTrue();
        assertThat(HandoffPlanner.dedicatedWanted(TO_SHARED, true, SHARED)).isFalse();
        assertThat(HandoffPlanner.dedicatedWanted(null, false, SHARED)).as("not placed: the intended mode").isFalse();
        assertThat(HandoffPlanner.dedicatedWanted(null, false, DEDICATED)).isTrue();
        assertThat(HandoffPlanner.awaitsDrain(TO_SHARED)).isTrue();
        assertThat(HandoffPlanner.awaitsDrain(toDedicated)).isFalse();
    }

    @Test
    void aPartitionHasPassedTheBoundaryRecordOrItsEndAndNothingElse() {
        long now = T0.plusSeconds(60).toEpochMilli();
        // records 0..99; the first stamped at or after the boundary is 80, stamped boundary + 5ms
        assertThat(HandoffPlanner.reachedMs(progress(80, 0, 100, 80, BOUNDARY + 5), now)).isEqualTo(BOUNDARY + 5);
        assertThat(HandoffPlanner.reachedMs(progress(79, 0, 100, 80, BOUNDARY + 5), now)).isEqualTo(Long.MIN_VALUE);
        assertThat(HandoffPlanner.reachedMs(progress(100, 0, 100, 80, BOUNDARY + 5), now)).isEqualTo(now);
        assertThat(HandoffPlanner.reachedMs(progress(50, 0, 50, -1, -1), now)).as("at the end, no boundary record")
                .isEqualTo(now);
        assertThat(HandoffPlanner.reachedMs(progress(-1, 0, 10, -1, -1), now)).as("no commit: from the start")
                .isEqualTo(Long.MIN_VALUE);
        assertThat(HandoffPlanner.reachedMs(progress(-1, 10, 10, -1, -1), now))
                .as("no commit, nothing left in the partition").isEqualTo(now);
    }

    @Test
    void theGroupsAreDrainedOnlyWhenEveryPartitionHasPassedSincePlusOverlap() {
        long before = BOUNDARY - 1;
        long after = BOUNDARY + 1_000;
        List<PartitionProgress> allPast = List.of(progress(80, 0, 100, 80, BOUNDARY), progress(7, 0, 7, -1, -1));
        List<PartitionProgress> oneBehind = List.of(progress(80, 0, 100, 80, BOUNDARY), progress(3, 0, 7, -1, -1));

        assertThat(HandoffPlanner.drained(TO_SHARED, OVERLAP, after, allPast)).isTrue();
        assertThat(HandoffPlanner.drained(TO_SHARED, OVERLAP, after, oneBehind)).isFalse();
        assertThat(HandoffPlanner.drained(TO_SHARED, OVERLAP, before, List.of(progress(7, 0, 7, -1, -1))))
                .as("at the end of every partition, but the boundary time has not come: records may still arrive")
                .isFalse();
        assertThat(HandoffPlanner.drained(TO_SHARED, OVERLAP, after, List.of())).isTrue();
    }

    @Test
    void theSameRuleJudgesThePoolsAfterAMoveToDedicated() {
        Placement toDedicated = Placement.initial("af-1", SHARED, T0).moveTo(DEDICATED, T0.plusSeconds(10), T0);
        long after = BOUNDARY + 1_000;
        assertThat(HandoffPlanner.drained(toDedicated, OVERLAP, after, List.of(progress(80, 0, 100, 80, BOUNDARY))))
                .isTrue();
        assertThat(HandoffPlanner.drained(toDedicated, OVERLAP, after, List.of(progress(10, 0, 100, 80, BOUNDARY))))
                .isFalse();
        assertThat(HandoffPlanner.drained(Placement.initial("af-1", SHARED, T0), OVERLAP, 0, List.of()))
                .as("no move, nothing to drain").isTrue();
        assertThat(HandoffPlanner.direction(SHARED, PlacementMode.DEDICATED)).isEqualTo("shared->dedicated");
    }

    private static PartitionProgress progress(long committed, long earliest, long end, long boundaryOffset,
                                              long boundaryTs) {
        return new PartitionProgress("graph-builder-af-1", "events.normalized", 0, committed, earliest, end,
                boundaryOffset, boundaryTs);
    }
}
