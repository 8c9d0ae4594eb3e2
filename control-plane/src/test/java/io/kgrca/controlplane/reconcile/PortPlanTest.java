package io.kgrca.controlplane.reconcile;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.runtime.WorkerKind;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Metrics ports of host-networked workers: one block of three per tenant, never shared. */
class PortPlanTest {

    private static final TenantId A = TenantId.of("af-1");
    private static final TenantId B = TenantId.of("af-10");

    @Test
    void everyWorkerOfEveryTenantGetsItsOwnPortInTheRangeAndKeepsIt() {
        PortPlan plan = new PortPlan(20000, 300);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            TenantId t = TenantId.of("t-" + i);
            for (WorkerKind k : WorkerKind.values()) {
                int port = plan.portOf(t, k);
                assertThat(port).isBetween(20000, 20299);
                assertThat(seen.add(port)).as("port %d given twice", port).isTrue();
                assertThat(plan.portOf(t, k)).isEqualTo(port);
            }
        }
    }

    @Test
    void aPortClaimedByAnAdoptedWorkerIsNotGivenToAnotherTenant() {
        PortPlan plan = new PortPlan(20000, 30);
        int wanted = 20000 + 3 * Math.floorMod(B.value().hashCode(), 10);

        assertThat(plan.claim(A, wanted)).isTrue();

        assertThat(plan.portOf(A, WorkerKind.EVENT_NORMALIZER)).isEqualTo(wanted);
        assertThat(plan.portOf(B, WorkerKind.EVENT_NORMALIZER)).isNotEqualTo(wanted);
        assertThat(plan.claim(B, wanted)).as("held by another tenant").isFalse();
        assertThat(plan.claim(B, 19999)).as("outside the range").isFalse();
        assertThat(plan.claim(B, 20030)).as("outside the range").isFalse();
    }

    @Test
    void aReleasedBlockIsFreeAgainAndAFullRangeIsAClearError() {
        PortPlan plan = new PortPlan(20000, 6);
        int a = plan.portOf(A, WorkerKind.GRAPH_BUILDER);
        plan.portOf(B, WorkerKind.GRAPH_BUILDER);

        assertThatThrownBy(() -> plan.portOf(TenantId.of("c"), WorkerKind.GRAPH_BUILDER))
                .hasMessageContaining("WORKER_PORT_RANGE");
        plan.release(A);
        assertThat(plan.portOf(TenantId.of("c"), WorkerKind.GRAPH_BUILDER)).isEqualTo(a);
    }
}
