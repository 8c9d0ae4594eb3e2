package io.kgrca.testsupport.bench;

import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.Offsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Measures how fast a real worker (its real loop, consumer, producer and commits) gets through a pre-filled topic
 * on a real broker: records consumed per second from its first commit to the commit of the topic's end, so the
 * group join and the worker's start do not count. Each run uses a fresh consumer group, so every run reads the
 * same records. A benchmark is a program: it prints figures ({@link Report}), it never asserts on them.
 *
 * <p>The worker itself is started by the caller's {@link Starter}, which gets the environment a worker reads
 * ({@code CLIENT_ID}, {@code KAFKA_BROKERS}, {@code INPUT_TOPICS}); the consumer group must be
 * {@code <worker>-<client>}, as the design contract names them.
 */
public final class WorkerThroughput {

    /** The topic a pass-through worker writes to; created before every run. */
    public static final String PASS_THROUGH_TOPIC = "bench.passthrough";

    /** A run whose group commits nothing new for this long has failed (a missing topic, a stuck worker). */
    private static final Duration STALL = Duration.ofSeconds(120);

    /**
     * The outcome of one run.
     *
     * @param name    the configuration
     * @param records records consumed between the first and the last commit
     * @param seconds the time between them
     */
    public record Run(String name, long records, double seconds) {

        /** Records per second. */
        public double perSecond() {
            return records / seconds;
        }
    }

    /** Starts one worker from a worker environment; closing the handle stops it. */
    @FunctionalInterface
    public interface Starter {

        /** Starts worker {@code worker} with the environment {@code env}; its group is {@code <worker>-<client>}. */
        AutoCloseable start(String worker, Map<String, String> env) throws Exception;
    }

    /**
     * One configuration of a benchmark.
     *
     * @param name    how the report names it
     * @param topic   the pre-filled topic it reads
     * @param starter how its worker starts
     */
    public record Config(String name, String topic, Starter starter) {
    }

    private final KafkaBroker broker;
    private int runs;

    /** Runs workers against {@code broker}, creating the topics the workers write to (3 partitions each). */
    public WorkerThroughput(KafkaBroker broker, String... outputTopics) {
        this.broker = Objects.requireNonNull(broker);
        for (String topic : List.of(outputTopics)) {
            broker.createTopic(topic, 3, Map.of());
        }
    }

    /** Creates {@code topic} with 3 partitions, produces {@code records} to it and waits for the acknowledgements. */
    public void fill(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        broker.createTopic(topic, 3, Map.of());
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                p.send(new ProducerRecord<>(topic, r.key(), r.value()));
            }
            p.flush();
        }
    }

    /** Runs every configuration once per round, in order, for {@code tenant}; returns all runs. */
    public List<Run> rounds(int rounds, String tenant, List<Config> configs) throws Exception {
        List<Run> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Config c : configs) {
                Run r = run(c.name(), c.topic(), tenant, c.starter());
                System.out.printf(Locale.ROOT, "round %d  %-40s %10.0f records/s%n", round, c.name(),
                        r.perSecond());
                results.add(r);
            }
        }
        return results;
    }

    /** Runs a worker of {@code tenant} over {@code topic} until it has committed the topic's end. */
    public Run run(String name, String topic, String tenant, Starter starter) throws Exception {
        broker.createTopic(PASS_THROUGH_TOPIC, 3, Map.of());
        String worker = "bench" + (++runs);
        Map<String, String> env = new HashMap<>();
        env.put("CLIENT_ID", tenant);
        env.put("KAFKA_BROKERS", broker.bootstrapServers());
        env.put("INPUT_TOPICS", topic);
        String group = worker + "-" + tenant;
        long end = Offsets.end(broker.admin(), topic);
        try (AutoCloseable running = starter.start(worker, env)) {
            long startNanos = 0;
            long startCommitted = 0;
            long lastCommitted = -1;
            long lastProgress = System.nanoTime();
            while (true) {
                long committed = Offsets.committed(broker.admin(), group);
                if (startNanos == 0 && committed > 0) {
                    startNanos = System.nanoTime();
                    startCommitted = committed;
                }
                if (committed >= end) {
                    return new Run(name, end - startCommitted, (System.nanoTime() - startNanos) / 1e9);
                }
                if (committed != lastCommitted) {
                    lastCommitted = committed;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException(name + ": no commit progress for " + STALL + " at " + committed
                            + " of " + end + " (does the worker's output topic exist?)");
                }
                Thread.sleep(5);
            }
        }
    }
}
