package io.kgrca.common.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FieldLimitsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private static Registration reg(String name, String version, Map<String, String> metadata, Instant at) {
        return new Registration("af-1", name, version, at, metadata);
    }

    private static Map<String, String> entries(int n) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, "v");
        }
        return m;
    }

    static Stream<Object[]> badRegistrations() {
        return Stream.of(
                new Object[]{reg("x".repeat(1_100_000), "1", null, null), "cluster-name-invalid"},
                new Object[]{reg("x".repeat(254), "1", null, null), "cluster-name-invalid"},
                new Object[]{reg("prod\u0000", "1", null, null), "cluster-name-invalid"},
                new Object[]{reg("prod", "v".repeat(65), null, null), "version-invalid"},
                new Object[]{reg("prod", "1\n2", null, null), "version-invalid"},
                new Object[]{reg("prod", "1", entries(33), null), "metadata-invalid"},
                new Object[]{reg("prod", "1", Map.of("k".repeat(64), "v"), null), "metadata-invalid"},
                new Object[]{reg("prod", "1", Map.of("bad key", "v"), null), "metadata-invalid"},
                new Object[]{reg("prod", "1", Map.of("k", "v".repeat(1025)), null), "metadata-invalid"},
                new Object[]{reg("prod", "1", null, Instant.parse("+99999-01-01T00:00:00Z")), "time-out-of-window"},
                new Object[]{reg("prod", "1", null, Instant.EPOCH), "time-out-of-window"},
                new Object[]{reg("prod", "1", null, NOW.plusSeconds(601)), "time-out-of-window"});
    }

    @ParameterizedTest
    @MethodSource("badRegistrations")
    void aRegistrationBeyondALimitIsRefusedWithItsReason(Registration r, String reason) {
        assertThat(FieldLimits.registration(r, NOW)).map(FieldLimits.Violation::reason).contains(reason);
    }

    @Test
    void aRegistrationAtTheLimitsPasses() {
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < FieldLimits.MAX_METADATA_ENTRIES; i++) {
            metadata.put("app.kubernetes.io/k" + i, "v".repeat(FieldLimits.MAX_METADATA_VALUE));
        }
        Registration r = reg("n".repeat(FieldLimits.MAX_CLUSTER_NAME), "v".repeat(FieldLimits.MAX_VERSION), metadata,
                NOW.plusSeconds(600));

        assertThat(FieldLimits.registration(r, NOW)).isEmpty();
        assertThat(FieldLimits.registration(new Registration("af-1", null, null, null, null), NOW)).isEmpty();
    }

    static Stream<Object[]> badHeartbeats() {
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("m" + i, i);
        }
        return Stream.of(
                new Object[]{new Heartbeat("af-1", NOW, "on fire", null), "status-invalid"},
                new Object[]{new Heartbeat("af-1", NOW, "healthy".repeat(10), null), "status-invalid"},
                new Object[]{new Heartbeat("af-1", NOW, "healthy", many), "metrics-invalid"},
                new Object[]{new Heartbeat("af-1", NOW, "healthy", Map.of("resources_sent", -1)), "metrics-invalid"},
                new Object[]{new Heartbeat("af-1", NOW, "healthy", Map.of("nested", Map.of("a", 1))), "metrics-invalid"},
                new Object[]{new Heartbeat("af-1", NOW, "healthy", Map.of("list", List.of(1))), "metrics-invalid"},
                new Object[]{new Heartbeat("af-1", NOW, "healthy", Map.of("t", "x".repeat(4097))), "metrics-invalid"},
                new Object[]{new Heartbeat("af-1", NOW.plusSeconds(601), "healthy", null), "time-out-of-window"},
                new Object[]{new Heartbeat("af-1", NOW.minusSeconds(86_401), "healthy", null), "time-out-of-window"},
                new Object[]{new Heartbeat("af-1", Instant.parse("+99999-01-01T00:00:00Z"), "healthy", null),
                        "time-out-of-window"});
    }

    @ParameterizedTest
    @MethodSource("badHeartbeats")
    void aHeartbeatBeyondALimitIsRefusedWithItsReason(Heartbeat h, String reason) {
        assertThat(FieldLimits.heartbeat(h, NOW)).map(FieldLimits.Violation::reason).contains(reason);
    }

    @Test
    void anAgentsHeartbeatPassesAndARecordTooLargeIsRefusedBeforeParsing() {
        Heartbeat h = new Heartbeat("af-1", NOW.minusSeconds(86_400), "degraded", Map.of("resources_sent", 12,
                "uptime_seconds", 3.5, "last_error", "timeout", "leader", true));

        assertThat(FieldLimits.heartbeat(h, NOW)).isEmpty();
        assertThat(FieldLimits.size(new byte[FieldLimits.MAX_RECORD_BYTES])).isEmpty();
        assertThat(FieldLimits.size(new byte[FieldLimits.MAX_RECORD_BYTES + 1])).map(FieldLimits.Violation::reason)
                .isEqualTo(Optional.of("record-too-large"));
    }
}
