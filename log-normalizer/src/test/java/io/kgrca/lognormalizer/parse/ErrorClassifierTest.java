package io.kgrca.lognormalizer.parse;

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
            "java.lang.IllegalStateException: boom|EXCEPTION",
            "HikariPool-1 - Connection is not available, request timed out after 30000ms.|RESOURCE_EXHAUSTED",
            "FATAL:  remaining connection slots are reserved for non-replication superuser connections|RESOURCE_EXHAUSTED",
            "FATAL:  sorry, too many clients already|RESOURCE_EXHAUSTED",
            "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out|RESOURCE_EXHAUSTED",
            "mysqli_connect(): (08004/1040): Too many connections|RESOURCE_EXHAUSTED",
            "ReplyError: ERR max number of clients reached|RESOURCE_EXHAUSTED",
            "Cannot get a connection, pool error Timeout waiting for idle object|RESOURCE_EXHAUSTED",
            "org.apache.tomcat.jdbc.pool.PoolExhaustedException: pool is exhausted|RESOURCE_EXHAUSTED",
            "rpc error: code = ResourceExhausted desc = grpc: received message larger than max|RESOURCE_EXHAUSTED",
            "Connection to node -1 (setest01/127.0.0.1:9092) could not be established. Broker may not be available.|NETWORK",
            "Disconnecting from node 1 due to socket connection setup timeout.|NETWORK",
            "[Producer clientId=producer-1] Disconnected from node 2 due to request timeout|NETWORK",
            "Cancelled in-flight FETCH request with correlation id 42 due to node 1 being disconnected|NETWORK",
            "Connection to broker lost. Trying to re-establish the connection...|NETWORK",
            "pika.exceptions.StreamLostError: ('Transport indicated EOF',)|NETWORK",
            "Lost connection to MySQL server during query|NETWORK",
            "[2024-01-09 13:24:39 +0000] [1637] [CRITICAL] WORKER TIMEOUT (pid:7214)|TIMEOUT",
            "ERROR:  canceling statement due to statement timeout|TIMEOUT",
            "ERROR:  canceling statement due to lock timeout|TIMEOUT",
            "Lock wait timeout exceeded; try restarting transaction|TIMEOUT",
            "'member_host' could not be resolved (110: Operation timed out)|DNS_FAILURE",
            "dial tcp: lookup api.shop.svc.cluster.local on 10.96.0.10:53: read udp 10.244.1.5:36521->10.96.0.10:53: i/o timeout|DNS_FAILURE",
            "read udp 10.244.0.3:53->8.8.8.8:53: i/o timeout|DNS_FAILURE",
            "read udp 10.xx.xx.xx:44940->172.xx.xx.xx:53: i/o timeout|DNS_FAILURE",
            "recv() failed (111: Connection refused) while resolving, resolver: 10.0.220.2:53|DNS_FAILURE",
            "nginx: [emerg] host not found in upstream \"node.deviceproof.org\"|DNS_FAILURE",
            "nginx: [emerg] unknown directive \"more_set_headers\" in /etc/nginx/nginx.conf:10|CONFIG",
            "nginx: configuration file /etc/nginx/nginx.conf test failed|CONFIG",
            "Failed to bind properties under 'spring.datasource' to javax.sql.DataSource:|CONFIG",
            "invalid configuration: no configuration has been provided|CONFIG",
            "FATAL:  unrecognized configuration parameter \"max_conections\"|CONFIG",
            "Could not resolve placeholder 'db.url' in value \"${db.url}\"|CONFIG",
            "error: missing required environment variable DATABASE_URL|CONFIG",
            "required key DATABASE_URL missing value|CONFIG",
            "LOG:  duration: 2345.678 ms  statement: SELECT * FROM orders|SLOW",
            "LOG:  checkpoints are occurring too frequently (8 seconds apart)|SLOW",
            "# Query_time: 15.000268  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0|SLOW",
            "* Asynchronous AOF fsync is taking too long (disk is busy?).|SLOW",
            "slow query detected on orders|SLOW",
            "GET /api/orders took 5.2s|SLOW",
            "reconcile took 1m3.5s|SLOW",
            "batch took 1500ms|SLOW",
            "apply request took too long|SLOW",
            "FATAL:  terminating connection due to administrator command|SHUTDOWN",
            "FATAL:  the database system is shutting down|SHUTDOWN",
            "LOG:  received fast shutdown request|SHUTDOWN",
            "Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB|OOM",
            "Task in /kubepods/burstable/pod0330b2c1/docker-b272 killed as a result of limit of /kubepods/burstable|OOM"})
    void errorsAreClassifiedMostSpecificFirst(String text, String type) {
        assertThat(ErrorClassifier.classify(text)).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"served 1500 requests in 500 ms", "user 5003 logged in",
            "Listening on :8080", "setting timeout to 30s", "order 502 shipped",
            "[ 7093.543728]  oom_kill_process.cold+0xb/0x10", "LOG:  duration: 12.345 ms  statement: SELECT 1",
            "request took 0.5s", "request took 250ms", "Client requested disconnect from node 1",
            "LOG:  database system was shut down at 2022-12-17 00:08:52 GMT", "Reading config file /data/config.yaml",
            "Update your application's configuration"})
    void ordinaryLinesHaveNoErrorClassEvenWithNumbersLike500(String text) {
        assertThat(ErrorClassifier.classify(text)).isNull();
    }

    @Test
    void shutdownIsRoutineAndSlowIsADegradation() {
        assertThat(ErrorClassifier.isRoutine("SHUTDOWN")).isTrue();
        assertThat(ErrorClassifier.isRoutine("TIMEOUT")).isFalse();
        assertThat(ErrorClassifier.isDegradation("SLOW")).isTrue();
        assertThat(ErrorClassifier.isDegradation(null)).isFalse();
        assertThat(ErrorClassifier.isSpecific("EXCEPTION")).isFalse();
        assertThat(ErrorClassifier.isSpecific("DNS_FAILURE")).isTrue();
    }

    @Test
    void onlyComponentFailuresAreCritical() {
        assertThat(ErrorClassifier.isCritical("OOM")).isTrue();
        assertThat(ErrorClassifier.isCritical("PANIC")).isTrue();
        assertThat(ErrorClassifier.isCritical("TIMEOUT")).isFalse();
    }
}
