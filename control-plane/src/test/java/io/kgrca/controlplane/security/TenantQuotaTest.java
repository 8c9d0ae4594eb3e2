package io.kgrca.controlplane.security;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantQuotaTest {

    @Test
    void aQuotaBecomesKafkasKeysAndAZeroRemovesThatKey() {
        Map<String, Double> both = new TenantQuota(1_048_576, 50).toBroker();
        Map<String, Double> rateOnly = new TenantQuota(2048, 0).toBroker();

        assertThat(both).containsEntry("producer_byte_rate", 1_048_576.0).containsEntry("request_percentage", 50.0);
        assertThat(rateOnly).containsEntry("producer_byte_rate", 2048.0).containsEntry("request_percentage", null);
        Map<String, Double> removeAll = new HashMap<>();
        removeAll.put("producer_byte_rate", null);
        removeAll.put("request_percentage", null);
        assertThat(TenantQuota.NONE.toBroker()).isEqualTo(removeAll);
    }

    @Test
    void whatTheBrokerDescribesReadsBackAsTheSameQuota() {
        assertThat(TenantQuota.fromBroker(Map.of("producer_byte_rate", 524_288.0, "request_percentage", 25.0)))
                .isEqualTo(new TenantQuota(524_288, 25));
        assertThat(TenantQuota.fromBroker(Map.of("consumer_byte_rate", 1e6))).isEqualTo(TenantQuota.NONE);
    }

    @Test
    void aRateBelow1024OrANegativeOrExcessivePercentageIsRefused() {
        assertThatThrownBy(() -> new TenantQuota(1023, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024");
        assertThatThrownBy(() -> new TenantQuota(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantQuota(0, 10_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantQuota(0, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TenantQuota(1024, 10_000).isNone()).isFalse();
    }

    @Test
    void theHumanLineNamesEachQuotaOrSaysNone() {
        assertThat(TenantQuota.NONE).hasToString("none");
        assertThat(new TenantQuota(1_048_576, 0)).hasToString("producer_byte_rate=1048576 B/s");
        assertThat(new TenantQuota(0, 50)).hasToString("request_percentage=50%");
        assertThat(new TenantQuota(4096, 50)).hasToString("producer_byte_rate=4096 B/s, request_percentage=50%");
    }

    @Test
    void entityNamesMapToTenantsByPrefixAndOthersAreSkipped() {
        Map<String, TenantQuota> byName = Map.of("kg-agent-acme", new TenantQuota(2048, 0),
                "kg-agent-Bad_Id", new TenantQuota(4096, 0), "tenant-acme", new TenantQuota(8192, 0),
                "kg-agent-replies-acme", new TenantQuota(1024, 0));

        assertThat(TenantQuota.byTenant(byName, TenantQuota.AGENT_CLIENT_PREFIX))
                .containsEntry(TenantId.of("acme"), new TenantQuota(2048, 0))
                .containsEntry(TenantId.of("replies-acme"), new TenantQuota(1024, 0)).hasSize(2);
        assertThat(TenantQuota.agentClientId(TenantId.of("acme"))).isEqualTo("kg-agent-acme");
    }
}
