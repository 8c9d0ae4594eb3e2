package io.kgrca.graphbuilder;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.model.ResourceRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphBuilderSettingsTest {

    @Test
    void defaultsMatchTheOriginalWindowAndHops() {
        GraphBuilderSettings s = GraphBuilderSettings.fromEnv(new Env(Map.of()));

        assertThat(s.rca().window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.rca().maxHops()).isEqualTo(6);
        assertThat(s.rca().minConfidence()).isEqualTo(0.5);
        assertThat(s.clusterDns()).isEqualTo(ResourceRef.of("Service", "kube-system", "kube-dns"));
        assertThat(s.recentLogIds()).isEqualTo(64);
    }

    @Test
    void everySettingCanBeChanged() {
        GraphBuilderSettings s = GraphBuilderSettings.fromEnv(new Env(Map.of("RCA_WINDOW", "5m", "RCA_MAX_HOPS", "2",
                "RCA_MIN_CONFIDENCE", "0.6", "RCA_CLOCK_TOLERANCE", "1s", "RCA_DNS_SERVICE", "dns/coredns",
                "LOG_RECENT_IDS", "10")));

        assertThat(s.rca().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.rca().maxHops()).isEqualTo(2);
        assertThat(s.rca().minConfidence()).isEqualTo(0.6);
        assertThat(s.rca().clockTolerance()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.clusterDns()).isEqualTo(ResourceRef.of("Service", "dns", "coredns"));
        assertThat(s.recentLogIds()).isEqualTo(10);
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> GraphBuilderSettings.fromEnv(new Env(Map.of("RCA_MAX_HOPS", "9"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("RCA_MAX_HOPS");
        assertThatThrownBy(() -> GraphBuilderSettings.fromEnv(new Env(Map.of("RCA_DNS_SERVICE", "kube-dns"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("RCA_DNS_SERVICE");
        assertThatThrownBy(() -> GraphBuilderSettings.fromEnv(new Env(Map.of("RCA_WINDOW", "soon"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("RCA_WINDOW");
    }
}
