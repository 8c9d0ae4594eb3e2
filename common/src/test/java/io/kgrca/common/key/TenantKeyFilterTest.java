package io.kgrca.common.key;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TenantKeyFilterTest {

    private final TenantKeyFilter af1 = TenantKeyFilter.forTenant(TenantId.of("af-1"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "af-1::event::x|true",
            "af-1::x|true",
            "af-1|true",
            "af-1::a::b::c|true",
            "af-10::x|false",
            "af-10|false",
            "af-1x::y|false",
            "af-|false",
            "af-1:x|false",
            "af-1::|false",
            "AF-1::event::x|false",
            "af-11::event::af-1::x|false",
            "xaf-1::event::x|false",
            "af|false"})
    void matchesExactlyTheTenantWithItsSeparator(String key, boolean expected) {
        assertThat(af1.matches(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @Test
    void neverMatchesANullOrEmptyKey() {
        assertThat(af1.matches(null)).isFalse();
        assertThat(af1.matches(new byte[0])).isFalse();
    }

    @Test
    void aShortTenantDoesNotMatchLongerTenantsThatStartTheSame() {
        TenantKeyFilter a = TenantKeyFilter.forTenant(TenantId.of("a"));

        assertThat(a.matches("a::x".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(a.matches("ab::x".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(a.matches("a-b::x".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
