package io.kgrca.lognormalizer.parse;

import io.kgrca.common.model.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LevelDetectorTest {

    private final LineParser parser = new LineParser();

    private Severity level(String line) {
        ParsedLine p = parser.parse(line);
        return LevelDetector.detect(p, ErrorClassifier.classify(p.text())).severity();
    }

    @ParameterizedTest(name = "{1} <- {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"level\":\"info\",\"msg\":\"request failed with error\"}|INFO",
            "{\"level\":50,\"msg\":\"boom\"}|ERROR",
            "{\"level\":30,\"msg\":\"ok\"}|INFO",
            "{\"level_name\":\"CRITICAL\",\"level\":500,\"message\":\"down\"}|CRITICAL",
            "level=warn msg=\"slow query\"|WARNING",
            "E1125 10:00:00.123456       1 reflector.go:138] failed to list|ERROR",
            "W1125 10:00:00.123456       1 warnings.go:70] deprecated|WARNING",
            "I1125 10:00:00.123456       1 main.go:10] Starting, error budget fine|INFO",
            "F1125 10:00:00.123456       1 main.go:10] cannot start|CRITICAL",
            "2026/11/25 10:00:00 [error] 29#29: *1 connect() failed (111: Connection refused)|ERROR",
            "2026/11/25 10:00:00 [notice] 1#1: start worker processes|INFO",
            "[ERROR] plugin/errors: 2 example.com. A: read udp 10.244.0.3:53->8.8.8.8:53: i/o timeout|ERROR",
            "2026-11-25 10:00:00.123 UTC [42] ERROR:  relation \"users\" does not exist at character 15|ERROR",
            "2026-11-25 10:00:00.123 UTC [42] LOG:  checkpoint starting: time|INFO",
            "2026-11-25 10:00:00.123  WARN 1 --- [main] o.s.b.Foo : something odd|WARNING",
            "[2026-11-25 10:00:00,123] INFO [KafkaServer id=1] started (kafka.server.KafkaServer)|INFO",
            "ERROR:root:Something bad happened|ERROR",
            "error: unable to open file|ERROR",
            "panic: runtime error: index out of range [3] with length 3|CRITICAL",
            "java.lang.OutOfMemoryError: Java heap space|CRITICAL",
            "Listening on port 8080|INFO",
            "ERRO[0004] error=x509: certificate signed by unknown authority|ERROR",
            "2015-11-28T02:50:01.238745Z 3 [Note] Aborted connection 3 to db: 'x' (Got an error reading)|INFO",
            "2024-04-14T13:42:39.155+0200        warn        internal/transaction.go:123        Failed to scrape|WARNING",
            "completed with 0 errors|INFO",
            "could not connect to server|ERROR",
            "retrying in 5 seconds|WARNING",
            "10.1.2.3 - - [25/Nov/2026:10:00:00 +0000] \"GET /api HTTP/1.1\" 502 157 \"-\" \"curl/8.0\"|ERROR",
            "10.1.2.3 - - [25/Nov/2026:10:00:00 +0000] \"GET /api HTTP/1.1\" 200 1500 \"-\" \"curl/8.0\"|INFO",
            "1:M 29 Feb 2024 13:34:45.007 * Asynchronous AOF fsync is taking too long (disk is busy?).|INFO",
            "1:M 10 May 18:42:33.089 # Can't save in background: fork: Cannot allocate memory|WARNING",
            "15393:M 10 Jun 2021 21:48:27.738 - Accepted 127.0.0.1:57284|DEBUG",
            "1:S 03 Sep 2024 06:50:02.713 . Client closed connection|DEBUG",
            "[8401] 17 Mar 19:48:04 - Accepted 127.0.0.1:34389|DEBUG",
            "[1249] 05 May 14:40:16.963 # Server started, Redis version 2.8.4|WARNING",
            "psql: FATAL:  password authentication failed for user \"root\"|ERROR",
            "(psycopg2.OperationalError) FATAL: sorry, too many clients already|ERROR",
            "Error!: SQLSTATE[08006] [7] FATAL:  sorry, too many clients already<br/>|ERROR",
            "2026-11-25 10:00:00 ERROR db: pq: FATAL: password authentication failed|ERROR",
            "2025-09-17 20:50:46.605 UTC [253] FATAL:  sorry, too many clients already|CRITICAL",
            "2016-12-20 11:14:09 CST [25667-1] mqtt@test_mqtt FATAL:  remaining connection slots are reserved|CRITICAL",
            "2017-01-11 20:34:54 UTC:10.0.0.8(49636):bar@foo:[39592]:LOG: duration: 3511.178 ms|INFO",
            "level: ERROR: disk almost full|ERROR"})
    void theLevelComesFromTheFieldThenThePrefixThenTheContent(String line, Severity expected) {
        assertThat(level(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} <- {0}")
    @CsvSource(delimiter = '|', value = {
            "1:M 29 Feb 2024 13:34:45.007 * Asynchronous AOF fsync is taking too long|*",
            "1:M 10 May 18:42:33.089 # Can't save in background: fork: Cannot allocate memory|#",
            "psql: FATAL:  password authentication failed for user \"root\"|",
            "2026-11-25 10:00:00 ERROR db: pq: FATAL: password authentication failed|ERROR",
            "2024-07-16 14:13:12.528 UTC [1794] FATAL:  terminating connection due to administrator command|FATAL",
            "java.lang.OutOfMemoryError: Java heap space|"})
    void theWrittenLevelIsTheLinesOwnNeverAQuotedOneNorOneInferred(String line, String written) {
        ParsedLine p = parser.parse(line);
        assertThat(LevelDetector.detect(p, ErrorClassifier.classify(p.text())).written()).isEqualTo(written);
    }

    @ParameterizedTest
    @CsvSource({"warn,WARNING", "WARNING,WARNING", "Err,ERROR", "fatal,CRITICAL", "notice,INFO", "trace,DEBUG",
            "40,WARNING", "400,ERROR"})
    void levelWordsAndNumbersAreNormalized(String word, Severity expected) {
        assertThat(LevelDetector.fromWord(word)).isEqualTo(expected);
    }
}
