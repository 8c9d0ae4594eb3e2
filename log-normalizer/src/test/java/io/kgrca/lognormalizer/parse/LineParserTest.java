package io.kgrca.lognormalizer.parse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineParserTest {

    private final LineParser parser = new LineParser();

    @Test
    void aJsonLineGivesItsMessageLevelErrorAndEmbeddedStackTrace() {
        ParsedLine p = parser.parse("{\"ts\":\"2026-11-25T10:00:00Z\",\"level\":\"error\",\"msg\":\"payment failed\","
                + "\"error\":\"dial tcp 10.0.0.7:5432: connect: connection refused\",\"stack_trace\":\"a\\nb\"}");

        assertThat(p.format()).isEqualTo("json");
        assertThat(p.text()).isEqualTo("payment failed");
        assertThat(p.level()).isEqualTo("error");
        assertThat(p.errorText()).contains("connection refused");
        assertThat(p.stackTrace()).isEqualTo("a\nb");
    }

    @Test
    void anEcsJsonLineWithNestedLevelAndAPinoErrorObjectAreRead() {
        ParsedLine ecs = parser.parse("{\"@timestamp\":\"x\",\"log\":{\"level\":\"WARN\"},\"message\":\"slow\"}");
        ParsedLine pino = parser.parse("{\"level\":50,\"msg\":\"boom\",\"err\":{\"type\":\"TypeError\","
                + "\"message\":\"x is undefined\",\"stack\":\"TypeError: x\\n    at f (a.js:1:1)\"}}");

        assertThat(ecs.level()).isEqualTo("WARN");
        assertThat(ecs.text()).isEqualTo("slow");
        assertThat(pino.level()).isEqualTo("50");
        assertThat(pino.errorText()).isEqualTo("x is undefined");
        assertThat(pino.stackTrace()).startsWith("TypeError: x");
    }

    @Test
    void aLogfmtLineGivesItsMessageAndLevelWithQuotedValues() {
        ParsedLine p = parser.parse("time=\"2026-11-25T10:00:00Z\" level=warning msg=\"retrying \\\"db\\\" in 2s\" "
                + "attempt=3");

        assertThat(p.format()).isEqualTo("logfmt");
        assertThat(p.text()).isEqualTo("retrying \"db\" in 2s");
        assertThat(p.level()).isEqualTo("warning");
    }

    @Test
    void linesThatOnlyLookStructuredArePlain() {
        assertThat(parser.parse("{not json at all}").format()).isEqualTo("plain");
        assertThat(parser.parse("level=info msg=\"unterminated").format()).isEqualTo("plain");
        assertThat(parser.parse("x=1 y=2").format()).isEqualTo("plain");
        assertThat(parser.parse("[1, 2]").format()).isEqualTo("plain");
        assertThat(parser.parse("E1125 10:00:00.000000 1 controller.go:12] \"Failed\" err=\"x\"").format())
                .isEqualTo("plain");
    }

    @Test
    void aJsonLineWithARepeatedKeyIsStillJsonTheApplicationsTextIsNotTheWireProtocol() {
        ParsedLine p = parser.parse("{\"level\":\"info\",\"msg\":\"first\",\"level\":\"error\"}");

        assertThat(p.format()).isEqualTo("json");
        assertThat(p.level()).isEqualTo("error");
    }
}
