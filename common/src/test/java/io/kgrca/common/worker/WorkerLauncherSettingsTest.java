package io.kgrca.common.worker;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerLauncherSettingsTest {

    private static WorkerSettings settings(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("CLIENT_ID", "af-1", "KAFKA_BROKERS", "127.0.0.1:9092"));
        env.putAll(extra);
        return WorkerSettings.fromEnv("graph-builder", List.of("events.normalized"), new Env(env));
    }

    @Test
    void aWorkerIsAStaticGroupMemberNamedAfterItsWorkerAndTenantByDefault() {
        Map<String, Object> props = WorkerLauncher.consumerProps(settings(Map.of()));

        assertThat(props).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "graph-builder-af-1")
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000)
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "graph-builder-af-1");
    }

    @Test
    void theInstanceIdAndSessionTimeoutAreSettableAndStaticMembershipCanBeTurnedOff() {
        assertThat(WorkerLauncher.consumerProps(settings(Map.of("GROUP_INSTANCE_ID", "kg-graph-builder-af-1",
                "SESSION_TIMEOUT", "30s"))))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "kg-graph-builder-af-1")
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
        assertThat(WorkerLauncher.consumerProps(settings(Map.of("GROUP_INSTANCE_ID", "none"))))
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        assertThatThrownBy(() -> settings(Map.of("GROUP_INSTANCE_ID", "a b")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("GROUP_INSTANCE_ID");
        assertThatThrownBy(() -> settings(Map.of("SESSION_TIMEOUT", "1s")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("SESSION_TIMEOUT");
    }

    @Test
    void theSinkBackoffNeverWaitsLongerThanFiveSecondsUnlessConfigured() {
        LoopOptions defaults = settings(Map.of()).loop();
        for (int attempt = 1; attempt <= 40; attempt++) {
            assertThat(defaults.sinkBackoff().delay(attempt, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(5));
        }
        assertThat(defaults.sinkBackoff().delay(1, 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(LoopOptions.defaults().sinkBackoff().delay(30, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(settings(Map.of("SINK_BACKOFF_MAX", "2s")).loop().sinkBackoff().delay(30, 0.999))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theTimeWindowDefaultsToTenMinutesAheadAndAYearBehindAndIsSettable() {
        assertThat(settings(Map.of()).timeWindow()).isEqualTo(TimeWindow.DEFAULT);
        assertThat(settings(Map.of("TIME_WINDOW_AHEAD", "1m", "TIME_WINDOW_BEHIND", "30d")).timeWindow())
                .isEqualTo(new TimeWindow(Duration.ofMinutes(1), Duration.ofDays(30)));
        assertThatThrownBy(() -> settings(Map.of("TIME_WINDOW_BEHIND", "soon")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("TIME_WINDOW_BEHIND");
    }
}
