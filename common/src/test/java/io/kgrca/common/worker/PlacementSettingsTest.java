package io.kgrca.common.worker;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.placement.PlacementMode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PLACEMENT and the pool settings: a pool instance has no tenant, a pool group and a required member id. */
class PlacementSettingsTest {

    @Test
    void aPoolInstanceHasThePoolGroupItsMemberIdAndCooperativeRebalancing() {
        WorkerSettings s = settings(Map.of("PLACEMENT", "shared", "GROUP_INSTANCE_ID", "event-normalizer.pool-3",
                "PLACEMENT_OVERLAP", "5s", "PLACEMENT_WAIT", "2s", "POOL_MAX_TENANTS", "7", "POOL_IDLE_EVICT", "1m"));

        assertThat(s.placement()).isEqualTo(PlacementMode.SHARED);
        assertThat(s.tenant()).isNull();
        assertThat(s.groupId()).isEqualTo("event-normalizer.pool");
        assertThat(s.groupInstanceId()).contains("event-normalizer.pool-3");
        assertThat(s.logTenant()).isEqualTo("event-normalizer.pool-3");
        assertThat(s.placementOptions()).isEqualTo(new PlacementOptions(Duration.ofSeconds(5), Duration.ofSeconds(2),
                7, Duration.ofMinutes(1)));
        assertThat(WorkerLauncher.consumerProps(s).get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))
                .isEqualTo(List.of(CooperativeStickyAssignor.class));
    }

    @Test
    void aDedicatedWorkerIsTheDefaultWithTheDefaultsOfThePlacementSettings() {
        WorkerSettings s = settings(Map.of("CLIENT_ID", "af-1"));

        assertThat(s.placement()).isEqualTo(PlacementMode.DEDICATED);
        assertThat(s.groupId()).isEqualTo("event-normalizer-af-1");
        assertThat(s.placementOptions()).isEqualTo(PlacementOptions.defaults());
        assertThat(s.placementOptions().overlap()).isEqualTo(Duration.ofSeconds(30));
        assertThat(WorkerLauncher.consumerProps(s)).doesNotContainKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
    }

    @Test
    void badPlacementSettingsFailNamingTheirVariable() {
        expectError(Map.of("PLACEMENT", "shared", "CLIENT_ID", "af-1", "GROUP_INSTANCE_ID", "x.pool-0"), "CLIENT_ID",
                "must be unset in shared placement");
        expectError(Map.of(), "CLIENT_ID", "is required");
        expectError(Map.of("PLACEMENT", "shared"), "GROUP_INSTANCE_ID", "is required in shared placement");
        expectError(Map.of("PLACEMENT", "shared", "GROUP_INSTANCE_ID", "none"), "GROUP_INSTANCE_ID",
                "is required in shared placement");
        expectError(Map.of("PLACEMENT", "pooled", "CLIENT_ID", "af-1"), "PLACEMENT", "pooled");
        expectError(Map.of("CLIENT_ID", "af-1", "PLACEMENT_OVERLAP", "2h"), "PLACEMENT_OVERLAP", "outside");
        expectError(Map.of("CLIENT_ID", "af-1", "PLACEMENT_WAIT", "soon"), "PLACEMENT_WAIT", "soon");
        expectError(Map.of("CLIENT_ID", "af-1", "POOL_MAX_TENANTS", "0"), "POOL_MAX_TENANTS", "0");
        expectError(Map.of("CLIENT_ID", "af-1", "POOL_IDLE_EVICT", "0s"), "POOL_IDLE_EVICT", "0s");
    }

    private static void expectError(Map<String, String> env, String variable, String text) {
        assertThatThrownBy(() -> settings(env)).as(env.toString())
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.variable()).isEqualTo(variable))
                .hasMessageContaining(text);
    }

    private static WorkerSettings settings(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BROKERS", "127.0.0.1:9092"));
        env.putAll(extra);
        return WorkerSettings.fromEnv("event-normalizer", List.of("raw.k8s.events"), new Env(env));
    }
}
