package io.kgrca.agent.replay;

import io.kgrca.agent.config.AgentTopics;
import io.kgrca.agent.kafka.KafkaRecordPublisher;
import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.model.Heartbeat;
import io.kgrca.common.model.Registration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code agent replay FILE --tenant T [--speed N|max] [--cluster NAME] [--no-register]}: publishes a recorded
 * timeline for tenant {@code T} as the agent (and, for log lines, Vector) would have published it, through the
 * agent's own mapping ({@link Replayer}) with a virtual clock that keeps the recorded times, paced by the recorded
 * gaps divided by the speed. Unless {@code --no-register}, it first registers the tenant and heartbeats (wall clock,
 * {@code HEARTBEAT_INTERVAL}) while it runs, so the control plane starts the tenant's workers. Kafka from the
 * agent's {@code KAFKA_*} settings, topics from its {@code TOPIC_*} overrides. Exit codes: 0 every record
 * acknowledged, 1 failed, 2 bad usage, configuration or file.
 */
public final class ReplayCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayCommand.class);
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);

    private ReplayCommand() {
    }

    /** Runs the command with the arguments after {@code replay}. */
    public static int run(String[] args, Env env, Clock clock, PrintStream out, PrintStream err) {
        ReplayOptions options;
        KafkaSettings kafka;
        AgentTopics topics;
        Duration heartbeatEvery;
        List<TimelineEntry> entries;
        try {
            options = ReplayOptions.parse(args);
            kafka = KafkaSettings.fromEnv(env, null);
            topics = AgentTopics.fromEnv(env);
            heartbeatEvery = env.duration("HEARTBEAT_INTERVAL", Duration.ofSeconds(30));
            entries = new ArrayList<>(TimelineCodec.parseLines(Files.readString(options.file(), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | InvalidConfigurationException e) {
            err.println("replay: " + e.getMessage());
            err.println(ReplayOptions.USAGE);
            return 2;
        } catch (IOException e) {
            err.println("replay: cannot read the timeline: " + e);
            return 2;
        }
        entries.sort(Comparator.comparing(TimelineEntry::at));
        String tenant = options.tenant().value();
        Replayer replayer = new Replayer(options.tenant(), options.cluster(), topics);
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        Map<String, Object> props = KafkaRecordPublisher.producerProperties(kafka, "kg-replay-" + tenant, SEND_TIMEOUT,
                Duration.ofSeconds(30));
        Instant started = clock.instant();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            Sender sender = (topic, key, value) -> producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    value), (meta, error) -> {
                        if (error == null) {
                            acked.incrementAndGet();
                        } else if (failed.getAndIncrement() == 0) {
                            firstError.set(error);
                        }
                    });
            if (options.register()) {
                Registration registration = new Registration(tenant, options.cluster(), "replay", clock.instant(),
                        Map.of("source", "replay", "file", String.valueOf(options.file().getFileName())));
                sender.send(topics.registry(), tenant, JsonCodec.shared().encode(registration));
            }
            Instant lastHeartbeat = null;
            Pacer pacer = new Pacer(entries.isEmpty() ? started : entries.get(0).at(), started, options.speed());
            LOG.info("tenant={} replaying {} entries from {} at speed {}", tenant, entries.size(), options.file(),
                    options.speed() == 0 ? "max" : options.speed());
            for (TimelineEntry entry : entries) {
                if (options.register() && (lastHeartbeat == null
                        || !clock.instant().isBefore(lastHeartbeat.plus(heartbeatEvery)))) {
                    lastHeartbeat = clock.instant();
                    sender.send(topics.heartbeat(), tenant, heartbeat(tenant, lastHeartbeat, replayer, started));
                }
                sleepUntil(pacer.due(entry.at()), clock);
                for (ReplayRecord r : replayer.step(entry)) {
                    sender.send(r.topic(), r.key(), r.value());
                }
                if (failed.get() > 0) {
                    break;
                }
            }
            if (options.register()) {
                sender.send(topics.heartbeat(), tenant, heartbeat(tenant, clock.instant(), replayer, started));
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("replay: interrupted");
            return 1;
        } catch (RuntimeException e) {
            err.println("replay: failed: " + e);
            return 1;
        }
        Replayer.Stats s = replayer.stats();
        out.printf("replayed %s for tenant %s: %d objects, %d events, %d log lines, %d entries skipped (kinds the agent "
                        + "does not watch); %d records acknowledged, %d failed%n", options.file(), tenant, s.objects(),
                s.events(), s.logs(), s.skipped(), acked.get(), failed.get());
        if (failed.get() > 0) {
            err.println("replay: " + failed.get() + " records not acknowledged, first: " + firstError.get());
            return 1;
        }
        return 0;
    }

    private static byte[] heartbeat(String tenant, Instant now, Replayer replayer, Instant started) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("replayed_records", replayer.stats().records());
        metrics.put("uptime_seconds", Duration.between(started, now).toSeconds());
        return JsonCodec.shared().encode(new Heartbeat(tenant, now, "healthy", metrics));
    }

    private static void sleepUntil(Instant due, Clock clock) throws InterruptedException {
        long millis = Duration.between(clock.instant(), due).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    @FunctionalInterface
    private interface Sender {
        void send(String topic, String key, byte[] value);
    }
}
