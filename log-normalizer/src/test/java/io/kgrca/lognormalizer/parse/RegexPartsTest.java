package io.kgrca.lognormalizer.parse;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RegexPartsTest {

    @Test
    void splitsOnlyAtTheTopLevel() {
        assertThat(RegexParts.alternatives("a(?:b|c)|[|x]d|e\\|f", 0)).containsExactly("a(?:b|c)", "[|x]d", "e\\|f");
        assertThat(RegexParts.alternatives("a|b", Pattern.COMMENTS)).containsExactly("a|b");
        assertThat(RegexParts.alternatives("(a)\\1|b", 0)).containsExactly("(a)\\1|b");
        assertThat(RegexParts.alternatives("(?i)a|b", 0)).containsExactly("(?i)a|b");
        assertThat(RegexParts.alternatives("[]|]x|y", 0)).containsExactly("[]|]x", "y");
    }

    @Test
    void theRequiredLiteralIsTheLongestPlainRun() {
        assertThat(RegexParts.requiredLiteral("memory limit (?:exceeded|reached)")).isEqualTo("memory limit ");
        assertThat(RegexParts.requiredLiteral("\\bHTTP/[\\d.]+\"? 5\\d\\d\\b")).isEqualTo("http/");
        assertThat(RegexParts.requiredLiteral("Aborted \\(core")).isEqualTo("aborted (core");
        assertThat(RegexParts.requiredLiteral("abcd?")).isEqualTo("abc");
        assertThat(RegexParts.requiredLiteral("ab{2}")).isNull();
        assertThat(RegexParts.requiredLiteral("xy+z")).isEqualTo("xy");
        assertThat(RegexParts.requiredLiteral("\\b[A-Z]\\w*(?:Exception|Error)\\b")).isNull();
        assertThat(RegexParts.requiredLiteral("thread '[^']*' panicked at")).isEqualTo("' panicked at");
        assertThat(RegexParts.requiredLiteral("\\x41bc")).isNull();
    }

    @Test
    void theTailIsWhatStandsBeforeTheDollar() {
        assertThat(RegexParts.tailLiteral("\\b[A-Z]\\w*Error$", 0)).isEqualTo("error");
        assertThat(RegexParts.tailLiteral("\\b[A-Z]\\w*Error$", Pattern.MULTILINE)).isNull();
        assertThat(RegexParts.tailLiteral("Errors?$", 0)).isNull();
        assertThat(RegexParts.tailLiteral("\\(.*\\)$", 0)).isNull();
        assertThat(RegexParts.tailLiteral("Error", 0)).isNull();
    }
}
