package io.kgrca.common.tenant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "af-1", "af-10", "a-b-c", "abcdefghij0123456789abcdefghij0123456789"})
    void acceptsIdsOfTheGrammar(String value) {
        assertThat(TenantId.of(value).value()).isEqualTo(value);
        assertThat(TenantId.isValid(value)).isTrue();
    }

    @ParameterizedTest(name = "''{0}'' breaks {1}")
    @CsvSource(delimiter = '|', value = {
            "''|NOT_EMPTY",
            "UPPER|ONLY_LOWERCASE_LETTERS_DIGITS_AND_HYPHENS",
            "../x|ONLY_LOWERCASE_LETTERS_DIGITS_AND_HYPHENS",
            "a;b|ONLY_LOWERCASE_LETTERS_DIGITS_AND_HYPHENS",
            "a b|ONLY_LOWERCASE_LETTERS_DIGITS_AND_HYPHENS",
            "a_b|ONLY_LOWERCASE_LETTERS_DIGITS_AND_HYPHENS",
            "ünï|ONLY_LOWERCASE_LETTERS_DIGITS_AND_HYPHENS",
            "-ab|STARTS_WITH_LETTER_OR_DIGIT",
            "ab-|ENDS_WITH_LETTER_OR_DIGIT",
            "-|STARTS_WITH_LETTER_OR_DIGIT",
            "abcdefghij0123456789abcdefghij0123456789x|AT_MOST_40_CHARACTERS"})
    void rejectsIdsNamingTheRuleThatFailed(String value, TenantIdRule rule) {
        assertThat(TenantId.firstBrokenRule(value)).contains(rule);
        assertThatThrownBy(() -> TenantId.of(value))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining(rule.description())
                .satisfies(e -> assertThat(((InvalidTenantIdException) e).rule()).isEqualTo(rule));
    }

    @Test
    void rejectsNullAndA64CharacterId() {
        assertThat(TenantId.firstBrokenRule(null)).contains(TenantIdRule.NOT_NULL);
        assertThat(TenantId.firstBrokenRule("a".repeat(64))).contains(TenantIdRule.AT_MOST_40_CHARACTERS);
    }

    @Test
    void errorMessagesDoNotEchoControlCharactersOrHugeValues() {
        assertThatThrownBy(() -> TenantId.of("a\nb" + "x".repeat(10_000)))
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }

    @Test
    void reasonCodesAreMetricFriendly() {
        assertThat(TenantIdRule.AT_MOST_40_CHARACTERS.reasonCode()).isEqualTo("tenant-id-at-most-40-characters");
    }
}
