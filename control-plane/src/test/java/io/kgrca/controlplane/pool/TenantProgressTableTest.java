package io.kgrca.controlplane.pool;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantProgressTableTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private static InstanceReport report(String instance, String tenant, long records) throws Exception {
        return InstanceReport.parse(("{\"instance\":\"" + instance + "\",\"group\":\"graph-builder.pool\","
                + "\"assigned\":[\"events.normalized-0\"],\"tenants\":[{\"tenant\":\"" + tenant + "\",\"records\":"
                + records + ",\"lastBrokerTimestamp\":1765108800000,\"lastProcessedAt\":\"2026-12-07T12:00:00Z\","
                + "\"skipped\":{\"unplaced\":2}}]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesAnInstancesReport() throws Exception {
        InstanceReport r = report("graph-builder.pool-0", "af1", 42);
        assertThat(r.instance()).isEqualTo("graph-builder.pool-0");
        assertThat(r.assigned()).containsExactly("events.normalized-0");
        assertThat(r.tenants()).singleElement().satisfies(t -> {
            assertThat(t.tenant()).isEqualTo("af1");
            assertThat(t.records()).isEqualTo(42);
            assertThat(t.skipped()).isEqualTo(Map.of("unplaced", 2));
        });
        assertThatThrownBy(() -> InstanceReport.parse("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratesAreTheDifferenceOfTheCountsSummedOverInstances() throws Exception {
        TenantProgressTable t = new TenantProgressTable();
        t.update(Map.of("graph-builder", List.of(report("graph-builder.pool-0", "af1", 100),
                report("graph-builder.pool-1", "af1", 50)), "log-normalizer", List.of(report("log-normalizer.pool-0",
                "af2", 10))), T0);
        assertThat(t.recordsPerSecond()).as("one pass: no rate yet").isEmpty();
        assertThat(t.of(TenantId.of("af1")).orElseThrow()).hasSize(2);

        t.update(Map.of("graph-builder", List.of(report("graph-builder.pool-0", "af1", 200),
                report("graph-builder.pool-1", "af1", 150)), "log-normalizer", List.of(report("log-normalizer.pool-0",
                "af2", 5))), T0.plusSeconds(10));
        assertThat(t.recordsPerSecond(TenantId.of("af1"))).isEqualTo(20.0);
        assertThat(t.recordsPerSecond()).as("a count that went down (restart) gives no rate").doesNotContainKey(TenantId.of("af2"));
        assertThat(t.recordsPerSecond(TenantId.of("zz9"))).isZero();
        assertThat(t.of(TenantId.of("zz9"))).isEmpty();
    }
}
