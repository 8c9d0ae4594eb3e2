package io.kgrca.graphbuilder.signal;

import io.kgrca.common.model.Severity;
import org.junit.jupiter.api.Test;

import static io.kgrca.graphbuilder.signal.SignalClassifier.classifyEvent;
import static io.kgrca.graphbuilder.signal.SignalClassifier.classifyLog;
import static org.assertj.core.api.Assertions.assertThat;

class SignalClassifierTest {

    @Test
    void eventReasonsDecideBeforeSeverity() {
        assertThat(classifyEvent("NodeNotReady", null, "Node n1 status is now: NodeNotReady", Severity.INFO))
                .isEqualTo(SignalType.NODE_NOT_READY);
        assertThat(classifyEvent("OOMKilling", null, "Memory cgroup out of memory", Severity.WARNING))
                .isEqualTo(SignalType.OOM_KILLED);
        assertThat(classifyEvent("FailedScheduling", null, "0/3 nodes are available: 3 Insufficient cpu.",
                Severity.WARNING)).isEqualTo(SignalType.SCHEDULING_FAILED);
    }

    @Test
    void ambiguousReasonsAreRefinedByTheirMessage() {
        assertThat(classifyEvent("BackOff", null, "Back-off restarting failed container app", Severity.WARNING))
                .isEqualTo(SignalType.CRASH_LOOP);
        assertThat(classifyEvent("BackOff", null, "Back-off pulling image \"shop/api:v2\"", Severity.WARNING))
                .isEqualTo(SignalType.IMAGE_PULL_BACKOFF);
        assertThat(classifyEvent("Failed", null, "Failed to pull image \"shop/api:v2\": not found",
                Severity.WARNING)).isEqualTo(SignalType.IMAGE_PULL_FAILED);
        assertThat(classifyEvent("Failed", null, "Error: configmap \"api-config\" not found", Severity.WARNING))
                .isEqualTo(SignalType.CONFIG_ERROR);
        assertThat(classifyEvent("Unhealthy", null, "Liveness probe failed: context deadline exceeded",
                Severity.WARNING)).isEqualTo(SignalType.LIVENESS_FAILED);
        assertThat(classifyEvent("Unhealthy", null, "Readiness probe failed: HTTP probe failed with statuscode: 503",
                Severity.WARNING)).isEqualTo(SignalType.READINESS_FAILED);
    }

    @Test
    void normalEventsOfUnknownReasonAreNotTrouble() {
        assertThat(classifyEvent("Pulled", "POD_IMAGE_PULLED", "Successfully pulled image", Severity.INFO))
                .isEqualTo(SignalType.NORMAL);
        assertThat(classifyEvent("Killing", null, "Stopping container app", Severity.INFO))
                .isEqualTo(SignalType.NORMAL);
        assertThat(classifyEvent("SomethingOdd", null, "weird", Severity.WARNING))
                .isEqualTo(SignalType.OTHER_WARNING);
    }

    @Test
    void aNumberContaining500IsNotAServerError() {
        assertThat(classifyLog(null, "processed 500 items in 1500ms, batch 5001 failed", Severity.ERROR))
                .isEqualTo(SignalType.APPLICATION_ERROR);
        assertThat(classifyLog(null, "upstream returned 503 for GET /orders", Severity.ERROR))
                .isEqualTo(SignalType.HTTP_5XX);
        assertThat(classifyLog(null, "request failed: status=502", Severity.ERROR)).isEqualTo(SignalType.HTTP_5XX);
        assertThat(classifyLog(null, "HTTP/1.1 504 Gateway Timeout", Severity.WARNING)).isEqualTo(SignalType.HTTP_5XX);
    }

    @Test
    void specificLogFailuresWinOverGeneralOnes() {
        assertThat(classifyLog("TIMEOUT", "dial tcp: lookup api.shop.svc.cluster.local on 10.96.0.10:53: i/o timeout",
                Severity.ERROR)).isEqualTo(SignalType.DNS_FAILURE);
        assertThat(classifyLog("TIMEOUT", "timeout waiting for db.shop.svc:5432 after 5000ms", Severity.ERROR))
                .isEqualTo(SignalType.TIMEOUT);
        assertThat(classifyLog(null, "slow query: SELECT took 12000 ms (threshold 1000 ms)", Severity.WARNING))
                .isEqualTo(SignalType.DEPENDENCY_SLOW);
        assertThat(classifyLog(null, "FATAL: invalid configuration: missing required key DATABASE_URL",
                Severity.CRITICAL)).isEqualTo(SignalType.CONFIG_ERROR);
        assertThat(classifyLog("CONNECTION_REFUSED", "dial tcp 10.1.2.3:8080: connect: connection refused",
                Severity.ERROR)).isEqualTo(SignalType.CONNECTION_REFUSED);
    }

    @Test
    void quietLogsAreNormalAndUnrecognisedErrorsFallBackToTheirSeverity() {
        assertThat(classifyLog(null, "GET /healthz 200", Severity.INFO)).isEqualTo(SignalType.NORMAL);
        assertThat(classifyLog(null, "cache is warming up", Severity.WARNING)).isEqualTo(SignalType.NORMAL);
        assertThat(classifyLog(null, "something broke", Severity.CRITICAL)).isEqualTo(SignalType.FATAL_ERROR);
        assertThat(classifyLog("NULL_POINTER", "NPE in handler", Severity.ERROR))
                .isEqualTo(SignalType.APPLICATION_ERROR);
    }

    @Test
    void degradationCountsAtAnyLevelAndRoutineOrQuotedLinesAreNotFaults() {
        assertThat(classifyLog(null, "duration: 5234.117 ms  statement: SELECT * FROM orders", Severity.INFO))
                .isEqualTo(SignalType.DEPENDENCY_SLOW);
        assertThat(classifyLog(null, "Asynchronous AOF fsync is taking too long (disk is busy?)", Severity.INFO))
                .isEqualTo(SignalType.DEPENDENCY_SLOW);
        assertThat(classifyLog(null, "GET /api/orders took 12ms", Severity.INFO)).isEqualTo(SignalType.NORMAL);
        assertThat(classifyLog(null, "FATAL:  terminating connection due to administrator command",
                Severity.CRITICAL)).isEqualTo(SignalType.NORMAL);
        assertThat(classifyLog("SHUTDOWN", "received fast shutdown request", Severity.WARNING))
                .isEqualTo(SignalType.NORMAL);
        // A client quoting the server's FATAL is the client's error, not a fatal error of the client.
        assertThat(classifyLog(null, "ERROR: pq: FATAL: password authentication failed for user \"app\"",
                Severity.ERROR)).isEqualTo(SignalType.APPLICATION_ERROR);
    }

    @Test
    void theNewerClassesAreRecognisedFromTextAndFromTheNormalizersErrorClass() {
        assertThat(classifyLog(null, "FATAL: sorry, too many clients already", Severity.CRITICAL))
                .isEqualTo(SignalType.RESOURCE_EXHAUSTED);
        assertThat(classifyLog(null, "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
                Severity.ERROR)).isEqualTo(SignalType.RESOURCE_EXHAUSTED);
        assertThat(classifyLog(null, "x509: certificate has expired or is not yet valid", Severity.ERROR))
                .isEqualTo(SignalType.CERTIFICATE_INVALID);
        assertThat(classifyLog(null, "write /data/wal: no space left on device", Severity.ERROR))
                .isEqualTo(SignalType.DISK_FULL);
        assertThat(classifyLog(null, "upstream server.cluster could not be resolved (110: Operation timed out)",
                Severity.ERROR)).isEqualTo(SignalType.DNS_FAILURE);
        assertThat(classifyLog("NETWORK", "peer went away", Severity.WARNING)).isEqualTo(SignalType.CONNECTION_REFUSED);
        assertThat(classifyEvent("BackoffLimitExceeded", null, "Job has reached the specified backoff limit",
                Severity.WARNING)).isEqualTo(SignalType.JOB_FAILED);
        assertThat(classifyEvent("NodeNotSchedulable", null, "Node n1 status is now: NodeNotSchedulable",
                Severity.INFO)).isEqualTo(SignalType.CHANGE_NODE);
    }
}
