package io.kgrca.controlplane.placement;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.TenantProvision;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.PlacementSettings;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static io.kgrca.common.placement.PlacementMode.DEDICATED;
import static io.kgrca.common.placement.PlacementMode.SHARED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Placement at admission, moves, drains, tombstones and promotion, with the log and the groups in memory. */
class PlacementsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final TenantId AF1 = TenantId.of("af-1");
    private static final Duration LEAD = Duration.ofSeconds(10);
    private static final Duration OVERLAP = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(T0);
    private final MemoryPlacementLog log = new MemoryPlacementLog();
    private final Map<TenantId, TenantProvision> provisions = new ConcurrentHashMap<>();
    private final List<TenantId> enqueued = new ArrayList<>();
    private final List<TenantId> groupsDeleted = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private Optional<List<PartitionProgress>> progress = Optional.empty();
    private boolean groupsEmpty = true;

    private Placements placements(PlacementSettings settings) {
        GroupCleaner cleaner = tenant -> {
            if (groupsEmpty) {
                groupsDeleted.add(tenant);
            }
            return groupsEmpty;
        };
        ControlPlaneMetrics metrics = new ControlPlaneMetrics() {
            @Override
            public void placementMoved(String direction, String reason) {
                counts.merge(direction + " " + reason, 1, Integer::sum);
            }

            @Override
            public void placementWriteFailed() {
                counts.merge("write-failed", 1, Integer::sum);
            }
        };
        return new Placements(settings, new Placements.Io(new PlacementStore(metrics), log,
                (tenant, side, boundaryMs) -> progress, cleaner, provisions::get, enqueued::add), metrics, clock);
    }

    private Placements placements() {
        return placements(new PlacementSettings(SHARED, LEAD, OVERLAP, 0, Duration.ofMinutes(10)));
    }

    @Test
    void aLiveTenantIsPlacedOnceByProvisionElseByDefaultAndATenantWithWorkersStaysDedicated() {
        Placements p = placements();
        assertThat(p.dedicated(AF1, false, false)).as("not live: nothing written").isFalse();
        assertThat(log.written()).isEmpty();

        assertThat(p.dedicated(AF1, true, false)).isFalse();
        assertThat(p.dedicated(AF1, true, false)).isFalse();
        assertThat(log.written()).hasSize(1);
        assertThat(log.written().get(0).placement()).isEqualTo(Placement.initial("af-1", SHARED, T0));

        TenantId af2 = TenantId.of("af-2");
        provisions.put(af2, new TenantProvision("af-2", T0, TenantProvision.ACTIVE, DEDICATED));
        assertThat(p.dedicated(af2, true, false)).isTrue();
        assertThat(p.store().get(af2).orElseThrow().mode()).isEqualTo(DEDICATED);
        assertThat(p.view(af2)).containsEntry("reason", "provisioned").containsEntry("operator_chosen", true);

        TenantId af3 = TenantId.of("af-3");
        assertThat(p.dedicated(af3, false, true)).as("not placed yet: keeps the workers it has").isTrue();
        assertThat(p.dedicated(af3, true, true)).isTrue();
        assertThat(p.store().get(af3).orElseThrow().mode()).as("adopted from before placements").isEqualTo(DEDICATED);
        assertThat(p.countByMode()).containsEntry(SHARED, 1).containsEntry(DEDICATED, 2);
    }

    @Test
    void aFailedWriteIsCountedAndRetriedAtTheNextReconcile() {
        Placements p = placements(new PlacementSettings(DEDICATED, LEAD, OVERLAP, 0, Duration.ofMinutes(10)));
        log.failing(true);
        assertThat(p.dedicated(AF1, true, false)).as("the intended placement meanwhile").isTrue();
        assertThat(p.store().get(AF1)).isEmpty();
        assertThat(counts).containsEntry("write-failed", 1);
        log.failing(false);
        p.dedicated(AF1, true, false);
        assertThat(p.store().get(AF1)).map(Placement::mode).contains(DEDICATED);
    }

    @Test
    void aMoveToSharedWritesTheHandoffAndKeepsTheDedicatedWorkersUntilTheGroupsPassSincePlusOverlap() {
        provisions.put(AF1, new TenantProvision("af-1", T0, TenantProvision.ACTIVE, DEDICATED));
        Placements p = placements();
        p.dedicated(AF1, true, false);

        Placement moved = placementOrFail(() -> p.move(AF1, SHARED, "operator (test)", true));
        assertThat(moved).isEqualTo(new Placement("af-1", SHARED, T0.plus(LEAD), DEDICATED, 1, T0));
        assertThat(log.written()).last().extracting(MemoryPlacementLog.Write::placement).isEqualTo(moved);
        assertThat(enqueued).containsExactly(AF1);
        assertThat(counts).containsEntry("dedicated->shared operator", 1);
        assertThat(p.dedicated(AF1, true, true)).isTrue();
        assertThat(p.view(AF1)).containsEntry("draining", true).containsEntry("previous", "dedicated");
        assertThatThrownBy(() -> p.move(AF1, DEDICATED, "again", true)).isInstanceOf(MoveRefusedException.class)
                .hasMessageContaining("not complete");

        long boundary = T0.plus(LEAD).plus(OVERLAP).toEpochMilli();
        progress = Optional.of(List.of(new PartitionProgress("g", "t", 0, 5, 0, 10, 8, boundary + 1)));
        clock.advance(Duration.ofSeconds(41));
        p.tick();
        assertThat(p.dedicated(AF1, true, true)).as("the group is at 5, the boundary record at 8").isTrue();

        groupsEmpty = false;
        progress = Optional.of(List.of(new PartitionProgress("g", "t", 0, 8, 0, 10, 8, boundary + 1)));
        p.tick();
        assertThat(p.dedicated(AF1, true, true)).isFalse();
        assertThat(p.view(AF1)).containsEntry("draining", false);
        assertThat(enqueued).containsExactly(AF1, AF1);
        assertThat(groupsDeleted).as("a member is still in the group").isEmpty();
        groupsEmpty = true;
        p.tick();
        p.tick();
        assertThat(groupsDeleted).as("deleted once the workers are gone, and once only").containsExactly(AF1);

        Placement back = placementOrFail(() -> p.move(AF1, DEDICATED, "back", true));
        assertThat(back.epoch()).isEqualTo(2);
        assertThat(back.previous()).isEqualTo(SHARED);
        assertThat(p.dedicated(AF1, true, false)).as("dedicated from the write on").isTrue();
    }

    @Test
    void beforeTheBoundaryTimeNothingIsDrainedAndAfterARestartAGroupThatCommittedNothingCounts() {
        provisions.put(AF1, new TenantProvision("af-1", T0, TenantProvision.ACTIVE, DEDICATED));
        Placements p = placements();
        p.dedicated(AF1, true, false);
        placementOrFail(() -> p.move(AF1, SHARED, "test", true));
        progress = Optional.of(List.of());
        clock.advance(Duration.ofSeconds(39));
        p.tick();
        assertThat(p.dedicated(AF1, true, true)).isTrue();
        progress = Optional.empty();
        clock.advance(Duration.ofSeconds(2));
        p.tick();
        assertThat(p.dedicated(AF1, true, true)).as("running: no commit yet is not drained").isTrue();

        Placements restarted = placements();
        restarted.store().apply(key("af-1"), JsonCodec.shared().encode(p.store().get(AF1).orElseThrow()), 1);
        restarted.recover();
        assertThat(restarted.dedicated(AF1, true, false)).as("groups deleted before the restart").isFalse();
    }

    @Test
    void theCleanupEndsWithATombstoneAndAFailedOneFailsTheCleanup() throws Exception {
        Placements p = placements();
        p.dedicated(AF1, true, false);
        GroupCleaner cleanup = p.tombstoning(GroupCleaner.NONE);

        log.failing(true);
        assertThatThrownBy(() -> cleanup.deleteGroups(AF1)).isInstanceOf(IllegalStateException.class);
        assertThat(p.store().get(AF1)).isPresent();
        log.failing(false);
        assertThat(cleanup.deleteGroups(AF1)).isTrue();
        assertThat(p.store().get(AF1)).isEmpty();
        assertThat(log.written()).last().extracting(MemoryPlacementLog.Write::placement).isNull();
        assertThat(cleanup.deleteGroups(TenantId.of("never-placed"))).isTrue();
        assertThat(log.written()).as("no tombstone for a tenant never placed").hasSize(2);
        assertThatThrownBy(() -> p.move(AF1, DEDICATED, "x", true)).isInstanceOf(MoveRefusedException.class);
    }

    @Test
    void theStoreNeverLetsAnOlderRecordReadBackUndoANewerWrite() {
        Placements p = placements();
        p.dedicated(AF1, true, false);
        Placement moved = placementOrFail(() -> p.move(AF1, DEDICATED, "test", true));
        p.store().apply(key("af-1"), JsonCodec.shared().encode(Placement.initial("af-1", SHARED, T0)), 0);
        assertThat(p.store().get(AF1)).contains(moved);
        p.store().apply(key("af-1"), ("{\"tenant\":\"af-2\",\"placement\":\"shared\",\"since\":\"" + T0 + "\"}")
                .getBytes(StandardCharsets.UTF_8), 5);
        p.store().apply(key("af-1"), "{\"tenant\":\"af-1\",\"placement\":\"elsewhere\"}"
                .getBytes(StandardCharsets.UTF_8), 6);
        assertThat(p.store().get(AF1)).as("invalid records change nothing").contains(moved);
        p.store().apply(key("af-1"), null, 7);
        assertThat(p.store().get(AF1)).isEmpty();
    }

    @Test
    void thePolicyPromotesASustainedRateAndLeavesOperatorChoicesAlone() {
        Placements p = placements(new PlacementSettings(SHARED, LEAD, OVERLAP, 200, Duration.ofMinutes(10)));
        TenantId af2 = TenantId.of("af-2");
        p.dedicated(AF1, true, false);
        p.dedicated(af2, true, false);
        placementOrFail(() -> p.move(af2, SHARED, "operator keeps it shared", true));
        p.useRates(() -> Map.of(AF1, 500.0, af2, 500.0));
        p.tick();
        clock.advance(Duration.ofMinutes(10));
        p.tick();
        assertThat(p.store().get(AF1)).map(Placement::mode).contains(DEDICATED);
        assertThat(p.view(AF1).get("reason").toString()).startsWith("promoted: record rate 500.0/s");
        assertThat(p.store().get(af2)).map(Placement::mode).contains(SHARED);
        assertThat(counts).containsEntry("shared->dedicated policy", 1);
    }

    private static byte[] key(String tenant) {
        return tenant.getBytes(StandardCharsets.UTF_8);
    }

    private interface Move {
        Placement run() throws Exception;
    }

    private static Placement placementOrFail(Move move) {
        try {
            return move.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
