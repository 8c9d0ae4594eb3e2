package io.kgrca.eventnormalizer.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.TransformingProcessor;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.eventnormalizer.EventNormalizer;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.bench.Report;
import io.kgrca.testsupport.bench.WorkerThroughput;
import io.kgrca.testsupport.bench.WorkerThroughput.Config;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Records per second of the event-normalizer against a pass-through worker (consume, produce unchanged) in the
 * same run, on the real-world events of the golden set (88 objects, cycled with unique uids), through the real
 * worker loop on a real broker; then the same with the tenant's records being 1 in 50 on the topic.
 *
 * <p>Run: {@code ./mvnw -o -q -pl event-normalizer test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.eventnormalizer.benchmark.EventNormalizerBenchmark [-Dexec.args="60000 2"]}
 * (records, rounds).
 */
public final class EventNormalizerBenchmark {

    private static final String TENANT = "bench";

    private EventNormalizerBenchmark() {
    }

    /** Arguments: records per topic (default 60000), rounds (default 2). */
    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<byte[]> events = events();
        try (KafkaBroker broker = KafkaBroker.startStandalone()) {
            WorkerThroughput bench = new WorkerThroughput(broker, Topics.EVENTS_NORMALIZED, Topics.DLQ_RAW);
            bench.fill("bench.own", traffic(events, records, 1));
            bench.fill("bench.mixed", traffic(events, records, 50));
            WorkerThroughput.Starter passThrough = worker(ctx -> new TransformingProcessor(r -> List.of(
                    new OutboundRecord(WorkerThroughput.PASS_THROUGH_TOPIC, r.raw().key(), r.value())), ctx.producer()));
            WorkerThroughput.Starter normalizer = worker(ctx -> new TransformingProcessor(new EventNormalizer(),
                    ctx.producer()));
            List<WorkerThroughput.Run> results = bench.rounds(rounds, TENANT, List.of(
                    new Config("pass-through, own records", "bench.own", passThrough),
                    new Config("event-normalizer, own records", "bench.own", normalizer),
                    new Config("pass-through, 1 in 50 own", "bench.mixed", passThrough),
                    new Config("event-normalizer, 1 in 50 own", "bench.mixed", normalizer)));
            Report.print("event-normalizer", records, events.size(), results);
        }
    }

    private static WorkerThroughput.Starter worker(WorkerLauncher.ProcessorFactory factory) {
        return (worker, env) -> WorkerLauncher.start(WorkerSettings.fromEnv(worker, List.of(), new Env(env)), factory);
    }

    /** The golden events, as exporters send them. */
    static List<byte[]> events() throws Exception {
        Path dir = Path.of(EventNormalizerBenchmark.class.getResource("/golden/events/input").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        }
    }

    /** {@code count} records; one in {@code oneIn} is the tenant's, the others belong to 49 other tenants. */
    static List<ProducerRecord<byte[], byte[]>> traffic(List<byte[]> events, int count, int oneIn) throws Exception {
        ObjectMapper mapper = JsonCodec.shared().mapper();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode e = (ObjectNode) mapper.readTree(events.get(i % events.size()));
            String uid = "bench-" + i;
            ((ObjectNode) e.get("metadata")).put("uid", uid);
            String tenant = i % oneIn == 0 ? TENANT : "other-" + (i % oneIn);
            out.add(new ProducerRecord<>("unused", (tenant + "::event::" + uid).getBytes(StandardCharsets.UTF_8),
                    mapper.writeValueAsBytes(e)));
        }
        return out;
    }
}
