package io.kgrca.agent.run;

import io.kgrca.agent.state.Channel;
import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AgentStatsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void theHeartbeatReportsRealCountsUptimeAndTheLastError() {
        AgentStats stats = new AgentStats(clock);
        stats.acked(Channel.RESOURCE, false);
        stats.acked(Channel.RESOURCE, true);
        stats.acked(Channel.TOPOLOGY, false);
        stats.acked(Channel.EVENT, false);
        clock.advance(Duration.ofSeconds(90));
        stats.failed("send to resource failed: timeout");

        var m = stats.heartbeatMetrics(12, 3);

        assertThat(m).containsEntry("resources_sent", 2L).containsEntry("edges_sent", 1L)
                .containsEntry("events_sent", 1L).containsEntry("tombstones_sent", 1L)
                .containsEntry("uptime_seconds", 90L).containsEntry("objects_known", 12)
                .containsEntry("send_failures", 1L).containsEntry("last_error", "send to resource failed: timeout");
        assertThat(stats.status()).isEqualTo("degraded");
        clock.advance(Duration.ofMinutes(6));
        assertThat(stats.status()).isEqualTo("healthy");
    }

    @Test
    void forbiddenAndUnservedKindsAreCountedOnceEach() {
        AgentStats stats = new AgentStats(clock);
        stats.kindForbidden("Secret (v1)");
        stats.kindForbidden("Secret (v1)");
        stats.kindUnserved("Certificate (cert-manager.io/v1)");

        var m = stats.heartbeatMetrics(0, 0);

        assertThat(m).containsEntry("kinds_forbidden", 1).containsEntry("kinds_unserved", 1)
                .containsEntry("forbidden_kinds", "Secret (v1)");
        assertThat(stats.forbiddenKinds()).containsExactly("Secret (v1)");
        assertThat(stats.status()).isEqualTo("healthy");
    }
}
