package io.kgrca.testsupport;

import io.kgrca.embedded.EmbeddedKafka;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running in this JVM on 127.0.0.1 with free
 * ports. Automatic topic creation is off, so tests create what they use.
 *
 * <p>In JUnit tests, resolve it with {@link KafkaBrokerExtension} (one broker per JVM). Elsewhere (benchmarks),
 * {@link #startStandalone()} starts one that the caller closes. The broker itself is the embedded module's
 * {@link EmbeddedKafka} (which the local mode runs); this class adds what tests need around it.
 */
public final class KafkaBroker implements AutoCloseable {

    private final EmbeddedKafka server;
    private final String bootstrap;
    private final Admin admin;
    private final Map<String, Object> clientSecurity;

    private KafkaBroker(EmbeddedKafka server) {
        this.server = server;
        this.bootstrap = server.bootstrapServers();
        this.admin = server.admin();
        this.clientSecurity = server.clientSecurity();
    }

    /**
     * What differs between the plain broker and a secured one: the server properties and how the test's own
     * clients (admin, {@link #newProducer()}, {@link #readAll}) authenticate (see {@link EmbeddedKafka.Layout}).
     */
    interface Layout extends EmbeddedKafka.Layout {
    }

    /**
     * Formats a fresh log directory and starts a broker; ready when it returns (about 2 s). The free ports are
     * chosen just before the start, so a port taken in between is retried with new ports.
     */
    public static KafkaBroker startStandalone() {
        return new KafkaBroker(EmbeddedKafka.startPlain());
    }

    /**
     * Starts a broker with exactly {@code serverProperties} (only {@code log.dirs} is replaced by a fresh folder),
     * as a compose file or an operator would configure it; the test's own clients reach it at {@code bootstrap}
     * with {@code clientSecurity}. One attempt: the ports are the caller's.
     */
    public static KafkaBroker startWith(Properties serverProperties, String bootstrap, Map<String, Object> clientSecurity) {
        Layout layout = new Layout() {
            @Override
            public Properties properties(Path dir) {
                Properties p = new Properties();
                p.putAll(serverProperties);
                p.put("log.dirs", dir.resolve("logs").toString());
                return p;
            }

            @Override
            public String bootstrap() {
                return bootstrap;
            }

            @Override
            public Map<String, Object> clientSecurity() {
                return clientSecurity;
            }
        };
        return new KafkaBroker(EmbeddedKafka.startOnce(layout));
    }

    static KafkaBroker start(Supplier<Layout> layouts) {
        return new KafkaBroker(EmbeddedKafka.start(layouts));
    }

    /** {@code 127.0.0.1:<port>} (for a secured broker: its internal listener, as the administrator). */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** A shared admin client; do not close it. */
    public Admin admin() {
        return admin;
    }

    /**
     * Client properties that reach this broker (a new mutable map: add serializers, group id...); on a secured
     * broker they authenticate as the administrator on the internal listener.
     */
    public Map<String, Object> clientProps() {
        Map<String, Object> p = new HashMap<>(clientSecurity);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    /**
     * Creates a topic with replication factor 1 and returns once the broker serves all its partitions; an
     * existing topic is left as it is (even with other partitions or configs).
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
        TopicLeaders.await(admin, name, Duration.ofSeconds(30));
    }

    /** A new idempotent {@code acks=all} byte producer; the caller closes it. */
    public KafkaProducer<byte[], byte[]> newProducer() {
        Map<String, Object> p = clientProps();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 5 * 1024 * 1024);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    /**
     * A new byte consumer in {@code groupId} (null: no group, for assign and seek only), earliest offset, no
     * auto-commit; the caller closes it.
     */
    public KafkaConsumer<byte[], byte[]> newConsumer(String groupId) {
        Map<String, Object> p = clientProps();
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    /**
     * Every record of {@code topic}, from the beginning to the end offsets at the time of the call, without a
     * consumer group (assign and seek). Records of a partition are in offset order; partitions follow each other
     * in partition order.
     *
     * @throws IllegalStateException when the topic does not exist or its end is not reached within {@code timeout}
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = newConsumer(null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (create it with createTopic)");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end
                            + " within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>())
                            .add(r);
                }
            }
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            partitions.forEach(tp -> all.addAll(byPartition.getOrDefault(tp, List.of())));
            return all;
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Stops the broker and deletes its data; a second call does nothing. */
    @Override
    public void close() {
        server.close();
    }
}
