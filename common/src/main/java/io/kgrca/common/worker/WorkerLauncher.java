package io.kgrca.common.worker;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.topic.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a running worker from its settings: consumer, producer, loop, metrics and the health endpoint, and in
 * {@link #main(String, List, ProcessorFactory, String[])} the SIGTERM handling of a container's process.
 */
public final class WorkerLauncher {

    /**
     * The SLF4J MDC key under which every log line of a worker carries its tenant; the logback patterns of the
     * workers and the local mode show it ({@code tenant=%X{tenant}}).
     */
    public static final String TENANT_KEY = "tenant";
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLauncher.class);
    private static final String LOOP_CHECK = "loop";

    private WorkerLauncher() {
    }

    /** Builds the sink of a worker. */
    @FunctionalInterface
    public interface ProcessorFactory {
        /** Creates the processor; it may register health checks and meters in {@code context}. */
        BatchProcessor create(WorkerContext context) throws Exception;
    }

    /** A started worker. Closing it stops the loop, commits what was processed and releases everything. */
    public static final class Running implements AutoCloseable {
        private final WorkerSettings settings;
        private final WorkerLoop loop;
        private final Thread thread;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final BatchProcessor processor;
        private final HealthHttpServer http;

        private Running(WorkerSettings settings, WorkerLoop loop, Thread thread, KafkaConsumer<byte[], byte[]> consumer,
                        KafkaProducer<byte[], byte[]> producer, BatchProcessor processor, HealthHttpServer http) {
            this.settings = settings;
            this.loop = loop;
            this.thread = thread;
            this.consumer = consumer;
            this.producer = producer;
            this.processor = processor;
            this.http = http;
        }

        /** The loop. */
        public WorkerLoop loop() {
            return loop;
        }

        /** The port of the health and metrics endpoint. */
        public int httpPort() {
            return http.port();
        }

        /** Stops within the settings' shutdown timeout. */
        @Override
        public void close() throws InterruptedException {
            loop.stop();
            if (!loop.awaitStopped(settings.shutdownTimeout())) {
                try (MDC.MDCCloseable t = MDC.putCloseable(TENANT_KEY, settings.tenant().value())) {
                    LOG.warn("{} loop did not stop within {}; closing anyway", settings.worker(),
                            settings.shutdownTimeout());
                }
                thread.interrupt();
            }
            // A static member does not leave its group on close unless told to: leave, so that a stopped tenant's
            // group empties now and can be deleted, and a successor starts from a clean assignment.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
            producer.close(Duration.ofSeconds(5));
            processor.close();
            http.close();
        }
    }

    /** Starts a worker on its own thread. */
    public static Running start(WorkerSettings settings, ProcessorFactory factory) throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HealthCheckRegistry health = new HealthCheckRegistry();
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(settings));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(settings));
        HealthHttpServer http = new HealthHttpServer(
                new InetSocketAddress(settings.httpBindAddress(), settings.httpPort()), meters, health,
                Set.of(LOOP_CHECK));
        BatchProcessor processor;
        try {
            processor = factory.create(new WorkerContext(settings, producer, meters, health, http));
        } catch (Exception e) {
            http.close();
            producer.close();
            consumer.close();
            throw e;
        }
        WorkerLoop loop = new WorkerLoop(settings.tenant(), settings.worker(), consumer, settings.topics(), processor,
                new DeadLetterPublisher(producer, settings.worker(), settings.tenant().value()),
                new MicrometerWorkerMetrics(meters, settings.tenant().value(), settings.worker()),
                settings.loop(), Clock.systemUTC());
        registerChecks(health, loop, settings);
        http.start();
        Thread thread = new Thread(loop, settings.worker() + "-" + settings.tenant());
        thread.start();
        try (MDC.MDCCloseable t = MDC.putCloseable(TENANT_KEY, settings.tenant().value())) {
            LOG.info("{} started, group {} (instance {}), health and metrics on {}:{}, settings {}", settings.worker(),
                    settings.groupId(), settings.groupInstanceId().orElse("dynamic"), settings.httpBindAddress(),
                    http.port(), settings.effective());
        }
        return new Running(settings, loop, thread, consumer, producer, processor, http);
    }

    /**
     * The body of a worker's {@code main}: reads the environment, starts, and on SIGTERM stops within the
     * shutdown timeout, committing what was processed. A configuration error exits with status 2 and a message
     * naming the variable.
     */
    public static void main(String worker, List<String> defaultTopics, ProcessorFactory factory, String[] args) {
        WorkerSettings settings;
        try {
            settings = WorkerSettings.fromEnv(worker, defaultTopics, Env.system());
        } catch (InvalidConfigurationException e) {
            LOG.error("{}: invalid configuration: {}", worker, e.getMessage());
            System.exit(2);
            return;
        }
        // A worker process serves one tenant: every line of its main thread carries it (the loop sets its own).
        MDC.put(TENANT_KEY, settings.tenant().value());
        try {
            Running running = start(settings, factory);
            Thread hook = new Thread(() -> {
                MDC.put(TENANT_KEY, settings.tenant().value());
                LOG.info("{} received shutdown signal", worker);
                try {
                    running.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            running.loop().awaitStopped(Duration.ofDays(36500));
        } catch (Exception e) {
            LOG.error("{} failed to start", worker, e);
            System.exit(1);
        }
    }

    static Map<String, Object> consumerProps(WorkerSettings s) {
        Map<String, Object> p = s.kafka().clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, s.groupId());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, s.maxPollRecords());
        // Static membership: a replacement with the same instance id takes the dead member's place at once. The
        // session timeout (15 s by default, Kafka's is 45 s) only bounds how long the partitions of a worker that
        // died and was not replaced stay idle. Heartbeats go every 3 s.
        s.groupInstanceId().ifPresent(id -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) s.sessionTimeout().toMillis());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    static Map<String, Object> producerProps(WorkerSettings s) {
        Map<String, Object> p = s.kafka().clientProperties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, s.groupId());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.DLQ_MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    private static void registerChecks(HealthCheckRegistry health, WorkerLoop loop, WorkerSettings settings) {
        Duration staleAfter = Duration.ofSeconds(120).plus(settings.loop().pollTimeout().multipliedBy(10));
        health.register(LOOP_CHECK, new HealthCheck() {
            @Override
            protected Result check() {
                LoopStatus s = loop.status();
                if (!s.running()) {
                    return Result.unhealthy("loop is not running");
                }
                if (s.lastPoll() != null && s.lastPoll().isBefore(Instant.now().minus(staleAfter))) {
                    return Result.unhealthy("no poll since " + s.lastPoll());
                }
                return Result.healthy("polling, " + s.assignedPartitions() + " partitions assigned");
            }
        });
        health.register("sink", new HealthCheck() {
            @Override
            protected Result check() {
                LoopStatus s = loop.status();
                return s.sinkAvailable() ? Result.healthy() : Result.unhealthy("sink unavailable: " + s.lastError());
            }
        });
        health.register("polled", new HealthCheck() {
            @Override
            protected Result check() {
                return loop.status().lastPoll() != null ? Result.healthy() : Result.unhealthy("not polled yet");
            }
        });
    }
}
