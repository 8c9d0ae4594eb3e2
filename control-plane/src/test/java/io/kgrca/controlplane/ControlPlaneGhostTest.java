package io.kgrca.controlplane;

import io.kgrca.testsupport.MutableClock;
import io.kgrca.common.config.Env;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.registry.RecordParser;
import io.kgrca.controlplane.runtime.InMemoryWorkerRuntime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Heartbeats and tombstones of ids nobody registered, through the parser and the store, without a broker. */
class ControlPlaneGhostTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final Map<String, Integer> rejected = new ConcurrentHashMap<>();
    private final ControlPlaneMetrics metrics = new ControlPlaneMetrics() {
        @Override
        public void rejected(String source, String reason) {
            rejected.merge(source + "/" + reason, 1, Integer::sum);
        }
    };

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, TimestampType type) {
        return new ConsumerRecord<>("t", 0, 0, NOW.toEpochMilli(), type, -1, -1, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
    }

    @Test
    void fiveThousandHeartbeatsAndTombstonesFromUnknownIdsLeaveNoTenantAndAreCountedByReason() throws Exception {
        ControlPlaneConfig config = ControlPlaneConfig.fromEnv(new Env(Map.of("ADMISSION", "open")));
        RecordParser parser = new RecordParser(clock);
        try (ControlPlane plane = new ControlPlane(config, new InMemoryWorkerRuntime(clock), GroupCleaner.NONE,
                metrics, clock)) {
            plane.apply(parser.registry(record("real", "{\"client_id\":\"real\"}", TimestampType.CREATE_TIME)));
            for (int i = 0; i < 5000; i++) {
                String id = "ghost-" + i;
                plane.apply(parser.heartbeat(record(id, "{\"client_id\":\"" + id + "\",\"timestamp\":\"" + NOW
                        + "\",\"status\":\"healthy\"}", TimestampType.LOG_APPEND_TIME)));
                plane.apply(parser.registry(record(id, null, TimestampType.CREATE_TIME)));
            }

            assertThat(plane.tenantViews()).hasSize(1);
            assertThat(plane.views().countByState().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
            assertThat(rejected).containsEntry("heartbeat/unknown-tenant", 5000)
                    .containsEntry("registry/unknown-tenant", 5000);
        }
    }
}
