package io.kgrca.lognormalizer;

import io.kgrca.common.model.Severity;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.lognormalizer.config.LogSettings;
import io.kgrca.lognormalizer.parse.ErrorClassifier;
import io.kgrca.lognormalizer.trace.AssembledLog;
import io.kgrca.lognormalizer.trace.LogLine;
import io.kgrca.lognormalizer.trace.TraceAssembler;
import io.kgrca.lognormalizer.trace.TraceMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link LogNormalizer#assess} makes of whole records: the class of a chained trace is that of its root cause,
 * the level is what the line wrote (a quoted server level is not the client line's), and the severity is a separate
 * judgement. The lines are from public reports (sources in the golden README) unless said otherwise.
 */
class VerdictTest {

    /** HikariCP's timeout wraps the failure that made the pool empty (HikariCP#1027 head, Griefed/ServerPackCreator#588 cause). */
    static final String HIKARI_OVER_REFUSED = """
            java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30004ms.
            \tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:666)
            \tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:182)
            Caused by: org.postgresql.util.PSQLException: Connection to localhost:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.
            \tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:346)
            \t... 28 more""";

    /** A root cause that says nothing more specific than an exception (HikariCP#1855). */
    static final String HIKARI_OVER_GENERIC = """
            java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
            \tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:162)
            Caused by: java.sql.SQLRecoverableException: IO Error: Invalid Operation, NOT Connected
            \tat oracle.jdbc.driver.T4CConnection.doSetNetworkTimeout(T4CConnection.java:7689)
            Caused by: oracle.net.ns.NetException: Invalid Operation, NOT Connected
            \tat oracle.net.nt.TcpNTAdapter.setOption(TcpNTAdapter.java:344)""";

    /** Composed from real final lines: the first traceback is the cause the later one was raised while handling. */
    static final String PYTHON_CHAIN = """
            Traceback (most recent call last):
              File "/usr/lib/python3/dist-packages/urllib3/connection.py", line 174, in _new_conn
                conn = connection.create_connection(
            ConnectionRefusedError: [Errno 111] Connection refused

            During handling of the above exception, another exception occurred:

            Traceback (most recent call last):
              File "/app/worker.py", line 12, in <module>
                session.execute(query)
            sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30""";

    private final LogSettings settings = LogSettings.defaults();
    private final LogNormalizer normalizer = new LogNormalizer(settings);
    private final TraceAssembler assembler = new TraceAssembler(settings);

    private List<AssembledLog> assemble(String text) throws Exception {
        TraceAssembler.Pass pass = assembler.begin();
        List<AssembledLog> out = new ArrayList<>();
        for (InboundRecord r : new Lines().records("api", "app", text)) {
            for (LogLine l : normalizer.lines(r)) {
                out.addAll(pass.feed(l));
            }
        }
        out.addAll(pass.finish());
        return out;
    }

    private LogNormalizer.Verdict only(String text) throws Exception {
        List<AssembledLog> logs = assemble(text);
        assertThat(logs).hasSize(1);
        return normalizer.assess(logs.get(0));
    }

    @Test
    void aJavaChainTakesTheClassOfItsRootCauseNotOfTheWrapperThatTimedOut() throws Exception {
        AssembledLog log = assemble(HIKARI_OVER_REFUSED).get(0);

        assertThat(normalizer.assess(log).errorType()).isEqualTo("CONNECTION_REFUSED");
        // the outer line alone, or all summary lines at once, say RESOURCE_EXHAUSTED: the order is what decides
        assertThat(ErrorClassifier.classify(String.join("\n", log.summary()))).isEqualTo("RESOURCE_EXHAUSTED");
    }

    @Test
    void aRootCauseWithNoSpecificClassLetsTheNextCauseOutwardDecide() throws Exception {
        assertThat(only(HIKARI_OVER_GENERIC).errorType()).isEqualTo("RESOURCE_EXHAUSTED");
    }

    @Test
    void aPythonChainTakesTheClassOfItsFirstTraceback() throws Exception {
        AssembledLog log = assemble(PYTHON_CHAIN).get(0);

        assertThat(log.mode()).isEqualTo(TraceMode.PYTHON);
        assertThat(normalizer.assess(log).errorType()).isEqualTo("CONNECTION_REFUSED");
        assertThat(ErrorClassifier.classify(String.join("\n", log.summary()))).isEqualTo("RESOURCE_EXHAUSTED");
    }

    @Test
    void theLevelIsTheWrittenOneAndOnlyTheSeverityIsRaisedByAComponentFailure() throws Exception {
        LogNormalizer.Verdict redis = only("1:M 10 May 18:42:33.089 # Can't save in background: fork: Cannot allocate memory");
        LogNormalizer.Verdict jvm = only("java.lang.OutOfMemoryError: Java heap space");
        LogNormalizer.Verdict pg = only("2025-09-17 20:50:46.605 UTC [253] FATAL:  sorry, too many clients already");

        assertThat(redis).isEqualTo(new LogNormalizer.Verdict(Severity.WARNING, "#", "OOM"));
        assertThat(jvm).isEqualTo(new LogNormalizer.Verdict(Severity.CRITICAL, null, "OOM"));
        assertThat(pg).isEqualTo(new LogNormalizer.Verdict(Severity.CRITICAL, "FATAL", "RESOURCE_EXHAUSTED"));
    }

    @Test
    void aClientLineQuotingAServersFatalHasTheClientsLevel() throws Exception {
        assertThat(only("psql: FATAL:  password authentication failed for user \"root\""))
                .isEqualTo(new LogNormalizer.Verdict(Severity.ERROR, null, "AUTH_FAILURE"));
        assertThat(only("(psycopg2.OperationalError) FATAL: sorry, too many clients already (Background on this error "
                + "at: http://sqlalche.me/e/e3q8)")).isEqualTo(
                new LogNormalizer.Verdict(Severity.ERROR, null, "RESOURCE_EXHAUSTED"));
        // composed: a Go client's own ERROR line around lib/pq's quote of the server
        assertThat(only("2026-11-25T10:00:00Z ERROR failed to connect: pq: FATAL: password authentication failed"))
                .isEqualTo(new LogNormalizer.Verdict(Severity.ERROR, "ERROR", "AUTH_FAILURE"));
        assertThat(only("time=\"2026-11-25T10:00:00Z\" level=error msg=\"db: server said: FATAL: too many connections\""))
                .isEqualTo(new LogNormalizer.Verdict(Severity.ERROR, "error", "RESOURCE_EXHAUSTED"));
    }

    @Test
    void routineShutdownFatalsAreMarkedAndAtMostWarnings() throws Exception {
        assertThat(only("2024-07-16 14:13:12.528 UTC [1794] FATAL:  terminating connection due to administrator command"))
                .isEqualTo(new LogNormalizer.Verdict(Severity.WARNING, "FATAL", "SHUTDOWN"));
        assertThat(only("FATAL:  the database system is shutting down"))
                .isEqualTo(new LogNormalizer.Verdict(Severity.WARNING, "FATAL", "SHUTDOWN"));
        assertThat(only("2024-07-16 14:13:12.520 UTC [140] LOG:  received fast shutdown request"))
                .isEqualTo(new LogNormalizer.Verdict(Severity.INFO, "LOG", "SHUTDOWN"));
    }

    @Test
    void aSlowOperationWithoutAWrittenLevelIsAWarning() throws Exception {
        assertThat(only("# Query_time: 15.000268  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0"))
                .isEqualTo(new LogNormalizer.Verdict(Severity.WARNING, null, "SLOW"));
    }
}
