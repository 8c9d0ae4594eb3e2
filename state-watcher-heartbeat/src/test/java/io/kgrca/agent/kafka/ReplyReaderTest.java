package io.kgrca.agent.kafka;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyReaderTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123456Z");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onlyTheAnswerToThisTenantsOwnRegistrationCounts() {
        String ours = "{\"tenant\":\"af-1\",\"verdict\":\"refused\",\"reason\":\"tenant not provisioned\","
                + "\"registered_at\":\"2026-11-25T10:00:00.123456Z\"}";
        String older = "{\"tenant\":\"af-1\",\"verdict\":\"accepted\",\"registered_at\":\"2026-11-24T10:00:00Z\"}";
        String noEcho = "{\"tenant\":\"af-1\",\"verdict\":\"refused\",\"reason\":\"rejected\"}";

        assertThat(ReplyReader.answer(b("af-1"), b(ours), "af-1", AT)).get()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("tenant not provisioned"));
        assertThat(ReplyReader.answer(b("af-1"), b(older), "af-1", AT)).isEmpty();
        assertThat(ReplyReader.answer(b("af-10"), b(ours), "af-1", AT)).isEmpty();
        assertThat(ReplyReader.answer(b("af-1"), b("garbage"), "af-1", AT)).isEmpty();
        assertThat(ReplyReader.answer(b("af-1"), null, "af-1", AT)).isEmpty();
        assertThat(ReplyReader.answer(b("af-1"), b(noEcho), "af-1", AT)).isPresent();
    }
}
