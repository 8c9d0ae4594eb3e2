package io.kgrca.common.key;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyCodecTest {

    private static final String TEN_KB = "a".repeat(10 * 1024);

    /** Keys that decode: the input, then the expected tenant, type, id and form. */
    static Stream<Arguments> acceptedKeys() {
        return Stream.of(
                Arguments.of("af-1::event::abc", "af-1", "event", "abc", KeyForm.FULL),
                Arguments.of("af-10::x", "af-10", null, "x", KeyForm.LEGACY_ID),
                Arguments.of("af-1", "af-1", null, null, KeyForm.TENANT_ONLY),
                Arguments.of("af-1::edge::RUNS_ON:pod/ns/a->node//n", "af-1", "edge", "RUNS_ON:pod/ns/a->node//n", KeyForm.FULL),
                Arguments.of("af-1::event::a::b::c", "af-1", "event", "a::b::c", KeyForm.FULL),
                Arguments.of("af-1::event::x::", "af-1", "event", "x::", KeyForm.FULL),
                Arguments.of("af-1::af-1", "af-1", null, "af-1", KeyForm.LEGACY_ID),
                Arguments.of("af-1::pod:1234-uid", "af-1", null, "pod:1234-uid", KeyForm.LEGACY_ID),
                Arguments.of("a::k8s.event-v2::id", "a", "k8s.event-v2", "id", KeyForm.FULL),
                Arguments.of("0::log::é-ü-日本", "0", "log", "é-ü-日本", KeyForm.FULL),
                Arguments.of("af-1::event::" + TEN_KB.substring(0, 4000), "af-1", "event", TEN_KB.substring(0, 4000), KeyForm.FULL));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("acceptedKeys")
    void decodesValidKeysIntoTheirParts(String key, String tenant, String type, String id, KeyForm form) throws Exception {
        RecordKey decoded = KeyCodec.decode(key.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.tenant().value()).isEqualTo(tenant);
        assertThat(decoded.type()).isEqualTo(type);
        assertThat(decoded.id()).isEqualTo(id);
        assertThat(decoded.form()).isEqualTo(form);
        assertThat(decoded.encode()).isEqualTo(key);
    }

    /** Keys that are rejected: the input, then the expected reason. */
    static Stream<Arguments> rejectedKeys() {
        return Stream.of(
                Arguments.of(null, KeyDecodeException.Reason.NULL_KEY),
                Arguments.of("", KeyDecodeException.Reason.EMPTY_KEY),
                Arguments.of("::", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("::event::x", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("AF-1::event::x", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("Af-1", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("ä-1::event::x", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("../x::event::y", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("a;b::event::y", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("-af::event::y", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("af-::event::y", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("a".repeat(41) + "::event::y", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of(" af-1::event::y", KeyDecodeException.Reason.INVALID_TENANT),
                Arguments.of("af-1::", KeyDecodeException.Reason.INVALID_ID),
                Arguments.of("af-1::event::", KeyDecodeException.Reason.INVALID_ID),
                Arguments.of("af-1::::", KeyDecodeException.Reason.INVALID_TYPE),
                Arguments.of("af-1::EVENT::x", KeyDecodeException.Reason.INVALID_TYPE),
                Arguments.of("af-1::1event::x", KeyDecodeException.Reason.INVALID_TYPE),
                Arguments.of("af-1::" + "t".repeat(33) + "::x", KeyDecodeException.Reason.INVALID_TYPE),
                Arguments.of("af-1::event::line\nbreak", KeyDecodeException.Reason.INVALID_ID),
                Arguments.of("af-1::event::nul\u0000", KeyDecodeException.Reason.INVALID_ID),
                Arguments.of("af-1::event::" + TEN_KB, KeyDecodeException.Reason.KEY_TOO_LONG));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("rejectedKeys")
    void rejectsAdversarialKeysNamingTheRule(String key, KeyDecodeException.Reason reason) {
        byte[] bytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> KeyCodec.decode(bytes))
                .isInstanceOf(KeyDecodeException.class)
                .satisfies(e -> assertThat(((KeyDecodeException) e).reason()).isEqualTo(reason))
                .hasMessageNotContaining("\n");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] bad = {'a', 'f', ':', ':', 'e', ':', ':', (byte) 0xC3, (byte) 0x28};

        assertThatThrownBy(() -> KeyCodec.decode(bad))
                .isInstanceOf(KeyDecodeException.class)
                .satisfies(e -> assertThat(((KeyDecodeException) e).reason()).isEqualTo(KeyDecodeException.Reason.NOT_UTF8));
    }

    @Test
    void encodesOnlyTheFullFormAndRoundTrips() throws Exception {
        TenantId tenant = TenantId.of("af-1");
        byte[] key = KeyCodec.encode(tenant, "event", "id::with::separators");

        assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("af-1::event::id::with::separators");
        assertThat(KeyCodec.decode(key)).isEqualTo(RecordKey.of(tenant, "event", "id::with::separators"));
    }

    @Test
    void refusesToEncodeAnInvalidTypeOrAnEmptyId() {
        TenantId tenant = TenantId.of("af-1");

        assertThatIllegalArgumentException().isThrownBy(() -> KeyCodec.encode(tenant, "Event", "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> KeyCodec.encode(tenant, "event", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> KeyCodec.encode(tenant, "event", null));
        assertThatIllegalArgumentException().isThrownBy(() -> KeyCodec.encode(tenant, "event", "a\nb"));
    }

    @Test
    void tryDecodeReturnsEmptyInsteadOfThrowing() {
        assertThat(KeyCodec.tryDecode("UPPER::x".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(KeyCodec.tryDecode("af-1::x".getBytes(StandardCharsets.UTF_8))).isPresent();
    }
}
