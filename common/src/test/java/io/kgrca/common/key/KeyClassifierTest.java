package io.kgrca.common.key;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class KeyClassifierTest {

    private final KeyClassifier af1 = KeyClassifier.forTenant(TenantId.of("af-1"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "af-1::event::x|MINE",
            "af-1|MINE",
            "af-1::|MINE",
            "af-1::::x|MINE",
            "af-1::event::|MINE",
            "af-10::x|FOREIGN",
            "af-10|FOREIGN",
            "b::event::x|FOREIGN",
            "b::|FOREIGN",
            "AF-1::event::x|INVALID_KEY",
            "../x|INVALID_KEY",
            "::event::x|INVALID_KEY",
            "-a::x|INVALID_KEY",
            "a-::x|INVALID_KEY",
            "af_1::x|INVALID_KEY",
            "af-1:x|INVALID_KEY",
            "ä::event::x|INVALID_KEY",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa::x|INVALID_KEY",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa::x|FOREIGN"})
    void classifiesKeys(String key, KeyClassifier.Verdict verdict) {
        assertThat(af1.classify(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(verdict);
    }

    @Test
    void aMissingKeyAndAnEmptyKeyAreNoOnesButCountedApart() {
        assertThat(af1.classify(null)).isEqualTo(KeyClassifier.Verdict.NO_KEY);
        assertThat(af1.classify(new byte[0])).isEqualTo(KeyClassifier.Verdict.INVALID_KEY);
    }

    @Test
    void theByteGrammarAgreesWithTheTenantIdRules() {
        Random random = new Random(12);
        String alphabet = "ab09-_A:é./";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(44);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String tenantPart = s.toString().contains("::") ? s.substring(0, s.indexOf("::")) : s.toString();
            boolean valid = TenantId.firstBrokenRule(tenantPart).isEmpty();
            assertThat(KeyClassifier.validTenantPart(s.toString().getBytes(StandardCharsets.UTF_8)))
                    .as(s.toString()).isEqualTo(valid);
        }
    }
}
