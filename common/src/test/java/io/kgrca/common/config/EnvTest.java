package io.kgrca.common.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"30s,30000", "2m,120000", "1h,3600000", "500ms,500", "45,45000", "PT1M30S,90000", "pt5s,5000", "1d,86400000"})
    void readsDurationsInTheUsualSpellings(String text, long millis) {
        assertThat(new Env(Map.of("X", text)).duration("X", Duration.ZERO)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void aBadValueNamesItsVariable() {
        Env env = new Env(Map.of("HEARTBEAT_TIMEOUT", "soon", "N", "ten", "B", "maybe", "Z", "0s"));

        assertThatThrownBy(() -> env.duration("HEARTBEAT_TIMEOUT", Duration.ZERO))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("HEARTBEAT_TIMEOUT: 'soon' is not a duration");
        assertThatThrownBy(() -> env.integer("N", 1, 0, 10)).hasMessageStartingWith("N: ");
        assertThatThrownBy(() -> env.bool("B", false)).hasMessageStartingWith("B: ");
        assertThatThrownBy(() -> env.duration("Z", Duration.ofSeconds(1))).hasMessageContaining("positive");
        assertThatThrownBy(() -> env.required("MISSING"))
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).variable()).isEqualTo("MISSING"));
    }

    @Test
    void blankValuesCountAsUnset() {
        Env env = new Env(Map.of("X", "  "));

        assertThat(env.optional("X")).isEmpty();
        assertThat(env.integer("X", 7, 0, 10)).isEqualTo(7);
    }

    @Test
    void integersAreBounded() {
        assertThatThrownBy(() -> new Env(Map.of("P", "70000")).integer("P", 0, 0, 65535))
                .hasMessageContaining("outside [0, 65535]");
    }
}
