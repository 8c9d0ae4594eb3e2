package io.kgrca.lognormalizer.benchmark;

import com.sun.management.OperatingSystemMXBean;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.Severity;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.lognormalizer.LogBatchProcessor;
import io.kgrca.lognormalizer.LogMetrics;
import io.kgrca.lognormalizer.config.LogSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The log-normalizer's own cost without a broker: {@link LogBatchProcessor} over the benchmark's records in polls
 * of 500, producing to Kafka's in-memory {@code MockProducer}. For profiling (attach JFR) and quick before/after
 * comparisons; it prints records per second of wall time, of the thread's CPU time (steadier on a loaded
 * machine) and of the whole process's CPU time (the processor runs its pure steps on both cores, so the thread's
 * figure alone overstates it; the process's includes the JIT and GC), and asserts nothing.
 *
 * <p>Run: {@code ./mvnw -o -q -pl log-normalizer test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.lognormalizer.benchmark.ProcessorMicroBenchmark [-Dexec.args="50000 10 WARNING"]}
 * (records, rounds, minimum level).
 */
public final class ProcessorMicroBenchmark {

    private static final int POLL = 500;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessorMicroBenchmark() {
    }

    /** Arguments: records (default 50000), rounds (default 10), minimum level (default WARNING). */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Severity level = args.length > 2 ? Severity.valueOf(args[2]) : Severity.WARNING;
        List<InboundRecord> records = new ArrayList<>(count);
        long offset = 0;
        for (ProducerRecord<byte[], byte[]> r : LogNormalizerBenchmark.traffic(LogNormalizerBenchmark.files(),
                count, 1)) {
            ConsumerRecord<byte[], byte[]> c = new ConsumerRecord<>("bench.own", 0, offset++, r.key(), r.value());
            records.add(new InboundRecord(c, KeyCodec.decode(r.key())));
        }
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        for (int round = 1; round <= rounds; round++) {
            LogBatchProcessor processor = new LogBatchProcessor(LogSettings.defaults().withMinLevel(level), producer,
                    LogMetrics.NOOP);
            long start = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long processCpuStart = PROCESS.getProcessCpuTime();
            long outputs = 0;
            for (int i = 0; i < records.size(); i += POLL) {
                outputs += processor.process(records.subList(i, Math.min(records.size(), i + POLL))).outputs();
                producer.clear();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double processCpu = (PROCESS.getProcessCpuTime() - processCpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %d records, %d outputs in %.3f s = %.0f records/s; "
                    + "%.3f s of CPU = %.0f records per CPU second; all threads %.3f s of CPU = %.0f records per "
                    + "CPU second%n", round, records.size(), outputs, seconds, records.size() / seconds, cpu,
                    records.size() / cpu, processCpu, records.size() / processCpu);
        }
    }
}
