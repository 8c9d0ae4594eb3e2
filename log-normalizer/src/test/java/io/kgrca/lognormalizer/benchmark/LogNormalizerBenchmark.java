package io.kgrca.lognormalizer.benchmark;

import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.RawLogRecord;
import io.kgrca.common.model.Severity;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.TransformingProcessor;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.lognormalizer.LogBatchProcessor;
import io.kgrca.lognormalizer.LogMetrics;
import io.kgrca.lognormalizer.config.LogSettings;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.bench.Report;
import io.kgrca.testsupport.bench.WorkerThroughput;
import io.kgrca.testsupport.bench.WorkerThroughput.Config;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Records per second of the log-normalizer against a pass-through worker (consume, produce unchanged) in the
 * same run, on the real-world lines of the golden set (709 lines of 19 programs, replayed as Vector records of
 * many pods, stack traces included), through the real worker loop on a real broker: with the default
 * {@code LOG_MIN_LEVEL=WARNING} and with every record forwarded ({@code DEBUG}); then the same with the tenant's
 * records being 1 in 50 on the topic.
 *
 * <p>Run: {@code ./mvnw -o -q -pl log-normalizer test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.lognormalizer.benchmark.LogNormalizerBenchmark [-Dexec.args="100000 2"]}
 * (records, rounds).
 */
public final class LogNormalizerBenchmark {

    private static final String TENANT = "bench";

    private LogNormalizerBenchmark() {
    }

    /** Arguments: records per topic (default 100000), rounds (default 2). */
    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<List<String>> files = files();
        try (KafkaBroker broker = KafkaBroker.startStandalone()) {
            WorkerThroughput bench = new WorkerThroughput(broker, Topics.LOGS_NORMALIZED, Topics.DLQ_RAW);
            bench.fill("bench.own", traffic(files, records, 1));
            bench.fill("bench.mixed", traffic(files, records, 50));
            WorkerThroughput.Starter passThrough = worker(ctx -> new TransformingProcessor(r -> List.of(
                    new OutboundRecord(WorkerThroughput.PASS_THROUGH_TOPIC, r.raw().key(), r.value())), ctx.producer()));
            WorkerThroughput.Starter normalizer = worker(ctx -> new LogBatchProcessor(LogSettings.defaults(),
                    ctx.producer(), LogMetrics.NOOP));
            WorkerThroughput.Starter everything = worker(ctx -> new LogBatchProcessor(
                    LogSettings.defaults().withMinLevel(Severity.DEBUG), ctx.producer(), LogMetrics.NOOP));
            List<WorkerThroughput.Run> results = bench.rounds(rounds, TENANT, List.of(
                    new Config("pass-through, own records", "bench.own", passThrough),
                    new Config("log-normalizer, own records", "bench.own", normalizer),
                    new Config("log-normalizer DEBUG, own records", "bench.own", everything),
                    new Config("pass-through, 1 in 50 own", "bench.mixed", passThrough),
                    new Config("log-normalizer, 1 in 50 own", "bench.mixed", normalizer)));
            int lines = files.stream().mapToInt(List::size).sum();
            Report.print("log-normalizer", records, lines, results);
        }
    }

    private static WorkerThroughput.Starter worker(WorkerLauncher.ProcessorFactory factory) {
        return (worker, env) -> WorkerLauncher.start(WorkerSettings.fromEnv(worker, List.of(), new Env(env)), factory);
    }

    /** The golden files, each a list of lines. */
    static List<List<String>> files() throws Exception {
        Path dir = Path.of(LogNormalizerBenchmark.class.getResource("/golden/logs/input").toURI());
        try (Stream<Path> list = Files.list(dir)) {
            List<List<String>> out = new ArrayList<>();
            for (Path p : list.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                out.add(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /**
     * {@code count} records: the files replayed in turn, each replay by a new pod (so traces stay consecutive per
     * container), one in {@code oneIn} replays for the tenant, the others for 49 other tenants.
     */
    static List<ProducerRecord<byte[], byte[]>> traffic(List<List<String>> files, int count, int oneIn) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(count);
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        for (int replay = 0; out.size() < count; replay++) {
            List<String> lines = files.get(replay % files.size());
            String tenant = replay % oneIn == 0 ? TENANT : "other-" + (replay % oneIn);
            String pod = "app-" + replay;
            String uid = "0b8a6e2c-" + String.format("%04x", replay % 65536) + "-4c1e-9f7a-5d2e8b1c" + replay % 10_000;
            RawLogRecord.KubernetesMeta meta = new RawLogRecord.KubernetesMeta(pod, "shop", uid, "app",
                    "registry.example.com/shop/app:1.4.2", "ip-10-0-3-17.eu-west-1.compute.internal",
                    Map.of("app", "shop", "pod-template-hash", "5d78c9869d"));
            for (String line : lines) {
                if (out.size() == count) {
                    break;
                }
                t = t.plusMillis(1);
                RawLogRecord r = new RawLogRecord(line, t, "stdout", "/var/log/pods/shop_" + pod + "_" + uid
                        + "/app/0.log", meta, null);
                out.add(new ProducerRecord<>("unused", (tenant + "::log::" + uid).getBytes(StandardCharsets.UTF_8),
                        JsonCodec.shared().encode(r)));
            }
        }
        return out;
    }
}
