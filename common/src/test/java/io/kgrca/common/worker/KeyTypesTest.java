package io.kgrca.common.worker;

import io.kgrca.common.key.KeyCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyTypesTest {

    private final KeyTypes types = KeyTypes.of(Map.of("raw.k8s.events", "event", "state.k8s.topology", "edge"));

    private static InboundRecord record(String topic, String key) throws Exception {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return new InboundRecord(new ConsumerRecord<>(topic, 0, 0L, k, new byte[]{'{', '}'}), KeyCodec.decode(k));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({
            "raw.k8s.events, af-1::event::uid-1, event",
            "raw.k8s.events, af-1::uid-1, event",
            "raw.k8s.events, af-1::event::a::b, event",
            "state.k8s.topology, af-1::edge::RUNS_ON:a->b, edge"})
    void aKeyOfItsTopicsTypeOrWithoutATypeIsAccepted(String topic, String key, String type) throws Exception {
        assertThat(types.require(record(topic, key))).isEqualTo(type);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({
            "raw.k8s.events, af-1::anything::x",
            "raw.k8s.events, af-1::log::x",
            "raw.k8s.events, af-1::edge::x",
            "raw.k8s.events, af-1",
            "state.k8s.topology, af-1::event::x",
            "raw.k8s.logs, af-1::log::x",
            "raw.k8s.logs, af-1::x"})
    void anyOtherKeyIsRejectedAsAnUnexpectedKeyType(String topic, String key) {
        assertThatThrownBy(() -> types.require(record(topic, key)))
                .isInstanceOf(RecordRejectedException.class)
                .satisfies(e -> assertThat(((RecordRejectedException) e).reason())
                        .isEqualTo(KeyTypes.UNEXPECTED_KEY_TYPE));
    }
}
