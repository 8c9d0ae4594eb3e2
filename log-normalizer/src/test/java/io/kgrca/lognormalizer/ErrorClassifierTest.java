package io.kgrca.lognormalizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTest {

    @ParameterizedTest(name = "{1} <- {0}")
    @CsvSource(delimiter = '|', value = {
            "java.lang.OutOfMemoryError: Java heap space|OOM",
            "Memory cgroup out of memory: Killed process 1234 (java)|OOM",
            "panic: runtime error: invalid memory address or nil pointer dereference|PANIC",
            "ERROR: could not extend file \"base/16384/2619\": No space left on device|DISK_FULL",
            "x509: certificate has expired or is not yet valid|TLS",
            "javax.net.ssl.SSLHandshakeException: PKIX path building failed|TLS",
            "dial tcp: lookup postgres on 10.96.0.10:53: no such host|DNS_FAILURE",
            "java.net.UnknownHostException: kafka-0.kafka|DNS_FAILURE",
            "java.net.ConnectException: Connection refused|CONNECTION_REFUSED",
            "connect() failed (111: Connection refused) while connecting to upstream|CONNECTION_REFUSED",
            "read: connection reset by peer|CONNECTION_RESET",
            "upstream timed out (110: Connection timed out) while reading response header|TIMEOUT",
            "context deadline exceeded|TIMEOUT",
            "\"GET /api HTTP/1.1\" 503 0 \"-\"|HTTP_5XX",
            "\"GET /v1/status HTTP/1.1\" 503 UC upstream_reset_before_response_started|HTTP_5XX",
            "connect() failed (113: No route to host) while connecting to upstream|NETWORK_UNREACHABLE",
            "request finished status=500 path=/pay|HTTP_5XX",
            "pq: password authentication failed for user \"app\"|AUTH_FAILURE",
            "ERROR:  deadlock detected|DATABASE_ERROR",
            "java.lang.NullPointerException: Cannot invoke \"String.length()\"|NULL_POINTER",
            "Segmentation fault (core dumped)|CRASH",
            "ValueError: invalid literal for int() with base 10: 'abc'|EXCEPTION",
            "java.lang.IllegalStateException: boom|EXCEPTION"})
    void errorsAreClassifiedMostSpecificFirst(String text, String type) {
        assertThat(ErrorClassifier.classify(text)).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"served 1500 requests in 500 ms", "user 5003 logged in",
            "Listening on :8080", "setting timeout to 30s", "order 502 shipped",
            "[ 7093.543728]  oom_kill_process.cold+0xb/0x10"})
    void ordinaryLinesHaveNoErrorClassEvenWithNumbersLike500(String text) {
        assertThat(ErrorClassifier.classify(text)).isNull();
    }

    @Test
    void onlyComponentFailuresAreCritical() {
        assertThat(ErrorClassifier.isCritical("OOM")).isTrue();
        assertThat(ErrorClassifier.isCritical("PANIC")).isTrue();
        assertThat(ErrorClassifier.isCritical("TIMEOUT")).isFalse();
    }
}
