package io.kgrca.controlplane.reconcile;

import io.kgrca.common.config.Env;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker settings of the control plane's environment are part of each kind's spec. */
class DesiredWorkersTest {

    private static Map<WorkerKind, WorkerSpec> specs(Map<String, String> env) {
        ControlPlaneConfig config = ControlPlaneConfig.fromEnv(new Env(env));
        TenantRecord tenant = TenantRecord.unknown(TenantId.of("af-1"));
        return new DesiredWorkers(config, new PortPlan(20000, 300)).of(tenant, TenantState.ACTIVE);
    }

    @Test
    void passedSettingsReachTheirKindsAndNoDefaultIsHardCodedHere() {
        Map<WorkerKind, WorkerSpec> specs = specs(Map.of("MAX_POLL_RECORDS", "50", "NEO4J_TENANCY", "database",
                "LOG_CARRY_WINDOW", "1m"));
        assertThat(specs.get(WorkerKind.EVENT_NORMALIZER).env()).containsEntry("MAX_POLL_RECORDS", "50")
                .doesNotContainKeys("NEO4J_TENANCY", "LOG_CARRY_WINDOW");
        assertThat(specs.get(WorkerKind.LOG_NORMALIZER).env()).containsEntry("LOG_CARRY_WINDOW", "1m");
        assertThat(specs.get(WorkerKind.GRAPH_BUILDER).env()).containsEntry("MAX_POLL_RECORDS", "50")
                .containsEntry("NEO4J_TENANCY", "database");
        assertThat(specs(Map.of()).get(WorkerKind.GRAPH_BUILDER).env())
                .as("the graph-builder's 2000 is its definition's default, not the control plane's")
                .doesNotContainKey("MAX_POLL_RECORDS").containsEntry("NEO4J_DATABASE", "neo4j");
    }

    @Test
    void aChangedSettingChangesTheSpecHashSoTheWorkersAreReplaced() {
        assertThat(specs(Map.of("RCA_WINDOW", "20m")).get(WorkerKind.GRAPH_BUILDER).hash())
                .isNotEqualTo(specs(Map.of()).get(WorkerKind.GRAPH_BUILDER).hash());
        assertThat(specs(Map.of("RCA_WINDOW", "20m")).get(WorkerKind.EVENT_NORMALIZER).hash())
                .isEqualTo(specs(Map.of()).get(WorkerKind.EVENT_NORMALIZER).hash());
    }

    @Test
    void aSharedTenantHasNoWorkersAndDedicatedOnesFollowThePlacementWithTheOverlap() {
        ControlPlaneConfig config = ControlPlaneConfig.fromEnv(new Env(Map.of("PLACEMENT_OVERLAP", "45s",
                "PLACEMENT", "shared")));
        TenantRecord tenant = TenantRecord.unknown(TenantId.of("af-1"));
        DesiredWorkers desired = new DesiredWorkers(config, new PortPlan(20000, 300));

        assertThat(desired.of(tenant, TenantState.ACTIVE, false)).isEmpty();
        assertThat(desired.of(tenant, TenantState.DEAD, true)).isEmpty();
        Map<WorkerKind, WorkerSpec> dedicated = desired.of(tenant, TenantState.ACTIVE, true);
        assertThat(dedicated).hasSize(3);
        dedicated.values().forEach(spec -> assertThat(spec.env()).containsEntry("PLACEMENT", "dedicated")
                .containsEntry("PLACEMENT_OVERLAP", "45000ms").containsEntry("CLIENT_ID", "af-1"));
    }
}
