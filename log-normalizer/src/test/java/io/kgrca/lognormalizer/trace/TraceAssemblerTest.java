package io.kgrca.lognormalizer.trace;

import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.Severity;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.lognormalizer.Lines;
import io.kgrca.lognormalizer.LogNormalizer;
import io.kgrca.lognormalizer.config.LogSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Trace assembly cases; its sample traces ({@link #JAVA}, {@link #GO}) are shared with LogBatchProcessorTest. */
public class TraceAssemblerTest {

    public static final String JAVA = """
            2026-11-25 10:00:00.123 ERROR 1 --- [nio-8080-exec-1] o.a.c.c.C.[dispatcherServlet] : Servlet failed
            org.springframework.dao.DataAccessResourceFailureException: could not get connection
            \tat org.springframework.jdbc.Foo.bar(Foo.java:42)
            \tat org.springframework.jdbc.Foo.baz(Foo.java:12)
            Caused by: java.net.ConnectException: Connection refused
            \tat java.base/sun.nio.ch.Net.connect0(Native Method)
            \t... 12 more
            2026-11-25 10:00:01.000  INFO 1 --- [main] c.e.App : next request""";

    static final String PYTHON = """
            ERROR:root:Failed to process order
            Traceback (most recent call last):
              File "/app/main.py", line 10, in <module>
                process()
              File "/app/main.py", line 6, in process
                int("abc")
            ValueError: invalid literal for int() with base 10: 'abc'

            During handling of the above exception, another exception occurred:

            Traceback (most recent call last):
              File "/app/main.py", line 12, in <module>
                raise RuntimeError("order failed")
            RuntimeError: order failed
            INFO:root:continuing""";

    public static final String GO = """
            panic: runtime error: invalid memory address or nil pointer dereference
            [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f4b6]

            goroutine 1 [running]:
            main.(*Server).handle(0x0, {0x4c1b2e, 0x3})
            \t/app/server.go:42 +0x16
            main.main()
            \t/app/main.go:12 +0x25
            exit status 2
            starting again""";

    private final Lines lines = new Lines();
    private final LogSettings settings = LogSettings.defaults();
    private final LogNormalizer normalizer = new LogNormalizer(settings);
    private final TraceAssembler assembler = new TraceAssembler(settings);

    private List<NormalizedLog> run(List<InboundRecord> records) throws Exception {
        TraceAssembler.Pass pass = assembler.begin();
        List<AssembledLog> out = new ArrayList<>();
        for (InboundRecord r : records) {
            for (LogLine l : normalizer.lines(r)) {
                out.addAll(pass.feed(l));
            }
        }
        out.addAll(pass.finish());
        assembler.commit(pass);
        return out.stream().map(normalizer::normalize).toList();
    }

    @Test
    void aJavaTraceWithItsLoggerLineAndCausesIsOneErrorRecord() throws Exception {
        List<NormalizedLog> out = run(lines.records("api", "app", JAVA));

        assertThat(out).hasSize(2);
        NormalizedLog trace = out.get(0);
        assertThat(trace.lineCount()).isEqualTo(7);
        assertThat(trace.severity()).isEqualTo(Severity.ERROR);
        assertThat(trace.errorType()).isEqualTo("CONNECTION_REFUSED");
        assertThat(trace.message()).contains("Servlet failed").contains("Caused by: java.net.ConnectException");
        assertThat(trace.stackTrace()).startsWith("2026-11-25 10:00:00.123 ERROR").endsWith("\t... 12 more");
        assertThat(out.get(1).lineCount()).isEqualTo(1);
        assertThat(out.get(1).severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void aChainedPythonTracebackIsOneRecordEndingAtItsFinalExceptionLine() throws Exception {
        List<NormalizedLog> out = run(lines.records("worker", "py", PYTHON));

        assertThat(out).hasSize(2);
        assertThat(out.get(0).lineCount()).isEqualTo(14);
        assertThat(out.get(0).message()).isEqualTo("ERROR:root:Failed to process order | RuntimeError: order failed");
        assertThat(out.get(0).errorType()).isEqualTo("EXCEPTION");
        assertThat(out.get(1).message()).isEqualTo("INFO:root:continuing");
    }

    @Test
    void aGoPanicWithItsGoroutineDumpIsOneCriticalRecord() throws Exception {
        List<NormalizedLog> out = run(lines.records("gw", "go", GO));

        assertThat(out).hasSize(2);
        assertThat(out.get(0).lineCount()).isEqualTo(9);
        assertThat(out.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(out.get(0).errorType()).isEqualTo("PANIC");
        assertThat(out.get(0).stackTrace()).contains("goroutine 1 [running]:").contains("/app/main.go:12");
    }

    @Test
    void interleavedContainersKeepTheirTracesApart() throws Exception {
        List<InboundRecord> a = lines.records("api", "app", JAVA);
        List<InboundRecord> b = lines.records("gw", "go", GO);
        List<InboundRecord> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                mixed.add(a.get(i));
            }
            if (i < b.size()) {
                mixed.add(b.get(i));
            }
        }

        List<NormalizedLog> out = run(mixed);

        assertThat(out).extracting(NormalizedLog::lineCount).containsExactlyInAnyOrder(7, 1, 9, 1);
    }

    @Test
    void aTraceCutByAPollBoundaryIsEmittedAgainCompleteUnderTheSameId() throws Exception {
        List<InboundRecord> records = lines.records("api", "app", JAVA);

        List<NormalizedLog> first = run(records.subList(0, 3));
        List<NormalizedLog> second = run(records.subList(3, records.size()));

        assertThat(first).hasSize(1);
        assertThat(first.get(0).lineCount()).isEqualTo(3);
        assertThat(second).hasSize(2);
        assertThat(second.get(0).logId()).isEqualTo(first.get(0).logId());
        assertThat(second.get(0).lineCount()).isEqualTo(7);
        assertThat(second.get(0).errorType()).isEqualTo("CONNECTION_REFUSED");
    }

    @Test
    void aPassThatIsNotCommittedLeavesTheCarryAsItWas() throws Exception {
        List<InboundRecord> records = lines.records("api", "app", JAVA);
        run(records.subList(0, 3));

        TraceAssembler.Pass failed = assembler.begin();
        for (LogLine l : normalizer.lines(records.get(3))) {
            failed.feed(l);
        }
        failed.finish();
        List<NormalizedLog> retried = run(records.subList(3, records.size()));

        assertThat(retried.get(0).lineCount()).isEqualTo(7);
    }

    @Test
    void afterARestartAContinuationBecomesARecordOfItsOwnAndNoLineIsLost() throws Exception {
        List<InboundRecord> records = lines.records("api", "app", JAVA);

        List<NormalizedLog> out = run(records.subList(4, records.size()));

        assertThat(out).hasSize(2);
        assertThat(out.get(0).message()).startsWith("Caused by: java.net.ConnectException");
        assertThat(out.get(0).lineCount()).isEqualTo(3);
        assertThat(out.get(0).severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void anInfoLineIsNotTakenAsTheAnnouncementOfAnException() throws Exception {
        List<NormalizedLog> out = run(lines.records("api", "app", """
                INFO starting request
                java.lang.IllegalStateException: boom
                \tat com.example.A.b(A.java:1)"""));

        assertThat(out).extracting(NormalizedLog::lineCount).containsExactly(1, 2);
        assertThat(out.get(1).severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void aPostgresErrorKeepsItsStatementLine() throws Exception {
        List<NormalizedLog> out = run(lines.records("db", "postgres", """
                2026-11-25 10:00:00.123 UTC [42] ERROR:  relation "orders" does not exist at character 15
                2026-11-25 10:00:00.123 UTC [42] STATEMENT:  SELECT * FROM orders WHERE id = 7
                2026-11-25 10:00:01.000 UTC [43] LOG:  checkpoint starting: time"""));

        assertThat(out).extracting(NormalizedLog::lineCount).containsExactly(2, 1);
        assertThat(out.get(0).message()).contains("STATEMENT:  SELECT");
        assertThat(out.get(0).errorType()).isEqualTo("DATABASE_ERROR");
        assertThat(out.get(0).template()).contains("relation \"<STR>\" does not exist");
    }

    @Test
    void aVeryLongTraceIsBoundedButCountsAllItsLines() throws Exception {
        StringBuilder b = new StringBuilder("java.lang.StackOverflowError: deep");
        for (int i = 0; i < 1000; i++) {
            b.append("\n\tat com.example.R.recurse(R.java:").append(i).append(')');
        }

        NormalizedLog out = run(lines.records("api", "app", b.toString())).get(0);

        assertThat(out.lineCount()).isEqualTo(1001);
        assertThat(out.stackTrace().split("\n")).hasSize(settings.maxTraceLines() + 1);
        assertThat(out.stackTrace()).endsWith("(801 more lines left out)");
    }
}
