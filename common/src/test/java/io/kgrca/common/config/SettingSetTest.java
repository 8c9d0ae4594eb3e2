package io.kgrca.common.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tables of a {@link SettingSet} and the boolean {@link Setting}. */
class SettingSetTest {

    private static final Setting<Boolean> FLAG = Setting.bool("FLAG", true, "a flag | with a bar");
    private static final Setting<Integer> COUNT = Setting.integer("COUNT", 3, 1, 9, "how many")
            .from(Setting.Source.BY_HAND);

    @Test
    void anOwnTableHasNoSourceColumn() {
        SettingSet set = new SettingSet("x", List.of(FLAG, COUNT));
        assertThat(set.ownTable()).isEqualTo("| variable | default | type | meaning |\n|---|---|---|---|\n"
                + "| `FLAG` | `true` | boolean | a flag \\| with a bar |\n| `COUNT` | `3` | integer 1–9 | how many |\n");
        assertThat(set.markdownTable()).contains("| `COUNT` | `3` | integer 1–9 | never (by hand only) | how many |");
    }

    @Test
    void aBooleanIsReadLikeEnvBoolAndNamesItsVariableWhenInvalid() {
        assertThat(FLAG.read(new Env(Map.of()))).isTrue();
        assertThat(FLAG.read(new Env(Map.of("FLAG", "off")))).isFalse();
        assertThatThrownBy(() -> FLAG.read(new Env(Map.of("FLAG", "maybe")))).hasMessageStartingWith("FLAG");
    }
}
