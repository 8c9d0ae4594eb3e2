package io.kgrca.e2e;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.local.demo.DemoScenario;
import io.kgrca.local.demo.TenantFeed;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A continuous feed of numbered records of one tenant, as a cluster under load sends them: warning event number
 * {@code i} ({@link DemoScenario#numberedEvent}) every {@code 1/rate} seconds and, every {@code logEvery}-th tick,
 * log line number {@code i / logEvery} ({@link DemoScenario#numberedLog}). Sends are asynchronous through an
 * idempotent {@code acks=all} producer; every acknowledgement keeps the broker's timestamp of the record (the raw
 * topics are {@code LogAppendTime}), so a test can tell on which side of a handoff each record fell.
 */
final class NumberedFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NumberedFeed.class);

    private final TenantId tenant;
    private final DemoScenario scenario;
    private final String prefix;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService timer;
    private final AtomicInteger ticks = new AtomicInteger();
    private final Map<Integer, Long> events = new ConcurrentHashMap<>();
    private final Map<Integer, Long> logs = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Clock clock = Clock.systemUTC();
    private int logEvery = 1;

    /** A feed of {@code tenant}'s records numbered under {@code prefix} to the broker at {@code bootstrap}. */
    NumberedFeed(TenantId tenant, DemoScenario scenario, String prefix, String bootstrap) {
        this.tenant = tenant;
        this.scenario = scenario;
        this.prefix = prefix;
        this.producer = TenantFeed.producer(bootstrap, "kg-e2e-feed-" + tenant.value());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "feed-" + tenant.value());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sending {@code eventsPerSecond} events per second and a log line every {@code logEvery} events. */
    void start(int eventsPerSecond, int logEvery) {
        this.logEvery = logEvery;
        long period = 1_000_000L / eventsPerSecond;
        timer.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MICROSECONDS);
        LOG.info("tenant {}: numbered feed '{}' started: {} events/s, a log line every {} events", tenant, prefix,
                eventsPerSecond, logEvery);
    }

    private void tick() {
        int i = ticks.getAndIncrement();
        List<ProducerRecord<byte[], byte[]>> records = records(scenario, prefix, i, logEvery, clock.instant());
        send(records.get(0), i, events, "event");
        if (records.size() > 1) {
            send(records.get(1), i / logEvery, logs, "log");
        }
    }

    /**
     * Pure: the records of tick {@code i} made at {@code at}: event number {@code i} and, every {@code logEvery}-th
     * tick, log line number {@code i / logEvery}, both stamped {@code at}. Their own times must follow the clock: a
     * time that ran ahead of it (one second per number, as before) left the normalizers' window
     * ({@code TIME_WINDOW_AHEAD}, 10 min) after a minute of load, and every later record was dead-lettered
     * ({@code time-out-of-window}), which looked like records lost across a placement move.
     */
    static List<ProducerRecord<byte[], byte[]>> records(DemoScenario scenario, String prefix, int i, int logEvery,
                                                        Instant at) {
        ProducerRecord<byte[], byte[]> event = scenario.numberedEvent(prefix, i, at);
        if (i % logEvery != 0) {
            return List.of(event);
        }
        return List.of(event, scenario.numberedLog(prefix, i / logEvery, at));
    }

    private void send(ProducerRecord<byte[], byte[]> record, int n, Map<Integer, Long> acked, String what) {
        try {
            producer.send(record, (RecordMetadata m, Exception e) -> {
                if (e == null) {
                    acked.put(n, m.timestamp());
                } else {
                    failed.add(what + " " + n + ": " + e);
                }
            });
        } catch (RuntimeException e) {
            failed.add(what + " " + n + ": " + e);
        }
    }

    /** Stops the feed and waits until every record sent is acknowledged (or failed). */
    void stop() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("tenant " + tenant + ": the feed did not stop");
        }
        producer.flush();
        LOG.info("tenant {}: numbered feed '{}' stopped: {} events and {} log lines acknowledged, {} failed", tenant,
                prefix, events.size(), logs.size(), failed.size());
    }

    /** The prefix of the numbers in messages ({@code (<prefix> <i>)}). */
    String prefix() {
        return prefix;
    }

    /** Event number → the broker's timestamp (ms) of its raw record, for every acknowledged event. */
    TreeMap<Integer, Long> events() {
        return new TreeMap<>(events);
    }

    /** Log line number → the broker's timestamp (ms) of its raw record, for every acknowledged log line. */
    TreeMap<Integer, Long> logs() {
        return new TreeMap<>(logs);
    }

    /** How many sends the broker refused or that timed out (with why). */
    Set<String> failed() {
        return Set.copyOf(failed);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
