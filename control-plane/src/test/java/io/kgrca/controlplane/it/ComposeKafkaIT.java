package io.kgrca.controlplane.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kgrca.common.config.Env;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.topic.TopicProvisioner;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.security.KafkaSecurityMain;
import io.kgrca.testsupport.FreePorts;
import io.kgrca.testsupport.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compose file's Kafka, run in-process: the certificate comes from {@code compose/kafka-certs.sh}, the broker's
 * properties from the {@code kafka} service's environment as {@code docker-compose config} renders it with
 * {@code .env.example} (converted by the apache/kafka image's rule), and the services' clients from their own
 * environments in the same output. Only the ports (9092-9094, possibly taken on a shared machine) and the
 * certificate folder's path inside the container are mapped. This covers the README's steps from the certificate to
 * a tenant's first record, except pulling and starting the images.
 */
class ComposeKafkaIT {

    private static final Path COMPOSE = Path.of("..", "compose");

    @TempDir
    static Path dir;

    private static KafkaBroker broker;
    private static JsonNode services;
    private static Map<String, String> portMap;
    private static Path certs;

    @BeforeAll
    static void startTheComposeBroker() throws Exception {
        Path bin = Path.of("/usr/bin/docker-compose");
        if (!Files.isExecutable(bin)) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("docker-compose is required in CI (Debian package docker-compose)");
            }
            Assumptions.abort("docker-compose is not installed");
        }
        // docs/remote-clusters.md step 2, as written there, with .env.example as the .env
        run(List.of("bash", "-c", "set -a; . \"$1\"; set +a; \"$2\" \"$3\" \"$KAFKA_EXTERNAL_HOST\" 127.0.0.1",
                "step2", COMPOSE.resolve(".env.example").toString(), COMPOSE.resolve("kafka-certs.sh").toString(),
                dir.toString()), Map.of());
        certs = dir.resolve("kafka");
        Path env = dir.resolve("test.env");
        List<String> lines = new ArrayList<>(Files.readAllLines(COMPOSE.resolve(".env.example")));
        lines.add("KAFKA_CERT_DIR=" + certs);
        Files.write(env, lines);
        String config = run(List.of(bin.toString(), "-f", COMPOSE.resolve("docker-compose.yml").toString(),
                "--env-file", env.toString(), "config"), Map.of());
        services = new ObjectMapper(new YAMLFactory()).readTree(config).path("services");
        portMap = Map.of("127.0.0.1:9092", "127.0.0.1:" + FreePorts.next(), "127.0.0.1:9093",
                "127.0.0.1:" + FreePorts.next(), "127.0.0.1:9094", "127.0.0.1:" + FreePorts.next());
        Properties props = brokerProperties(environment("kafka"));
        Map<String, String> admin = environment("kg-topics");
        broker = KafkaBroker.startWith(props, admin.get("KAFKA_BROKERS"),
                new HashMap<>(KafkaSettings.fromEnv(new Env(admin), null).security()));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theCertificateScriptKeepsTheCaKeyPrivateAndOutOfTheMountedFolder() throws Exception {
        assertThat(Files.getPosixFilePermissions(dir.resolve("kafka-ca/ca.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(certs)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("broker.p12", "ca.crt");
        }
    }

    @Test
    void theComposeStepsLetATenantProduceOverSaslSslAndTheControlPlaneReadWhatItNeeds() throws Exception {
        Map<String, String> admin = environment("kg-topics");
        try (var a = Admin.create(KafkaSettings.fromEnv(new Env(admin), null).clientProperties())) {
            new TopicProvisioner(a, (short) 1, Duration.ofSeconds(60)).provision(Topics.all());
        }
        assertThat(KafkaSecurityMain.run(new String[]{"service-acls"}, new Env(environment("kg-kafka-acls")),
                System.out, System.err)).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(KafkaSecurityMain.run(new String[]{"tenant-add", "compose-acme"},
                new Env(environment("kg-kafka-security")), new PrintStream(out, true), System.err)).isZero();
        Properties credentials = new Properties();
        credentials.load(new StringReader(out.toString(StandardCharsets.UTF_8)));

        Map<String, String> chart = new LinkedHashMap<>();
        chart.put("KAFKA_BROKERS", map(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")
                .replaceAll("^EXTERNAL://([^,]+),.*$", "$1")));
        chart.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        chart.put("KAFKA_SASL_MECHANISM", credentials.getProperty("mechanism"));
        chart.put("KAFKA_SASL_USERNAME", credentials.getProperty("username"));
        chart.put("KAFKA_SASL_PASSWORD", credentials.getProperty("password"));
        chart.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        chart.put("KAFKA_SSL_TRUSTSTORE_LOCATION", certs.resolve("ca.crt").toString());
        try (KafkaProducer<byte[], byte[]> p = producer(KafkaSettings.fromEnv(new Env(chart), null).clientProperties())) {
            p.send(new ProducerRecord<>(Topics.CLUSTER_REGISTRY, bytes("compose-acme"), bytes("{}"))).get(30, TimeUnit.SECONDS);
        }

        Map<String, Object> controlPlane = KafkaSettings.fromEnv(new Env(environment("control-plane")), null).clientProperties();
        assertThat(readAssigned(controlPlane, Topics.CLUSTER_REGISTRY)).isPositive();
        try (KafkaProducer<byte[], byte[]> p = producer(controlPlane)) {
            assertThatThrownBy(() -> p.send(new ProducerRecord<>(Topics.RAW_K8S_EVENTS, bytes("x"))).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> readAssigned(KafkaSettings.fromEnv(new Env(chart), null).clientProperties(),
                Topics.CLUSTER_REGISTRY)).isInstanceOf(TopicAuthorizationException.class);
    }

    /** apache/kafka's rule: KAFKA_ prefix, ___ is '-', __ is '_', _ is '.', lower case. */
    static Properties brokerProperties(Map<String, String> env) {
        Properties p = new Properties();
        env.forEach((k, v) -> {
            if (k.startsWith("KAFKA_")) {
                p.put(propertyName(k.substring("KAFKA_".length())), map(v).replace("/etc/kafka/secrets", certs.toString()));
            }
        });
        return p;
    }

    static String propertyName(String env) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < env.length()) {
            if (env.charAt(i) != '_') {
                b.append(Character.toLowerCase(env.charAt(i++)));
                continue;
            }
            int run = 0;
            while (i < env.length() && env.charAt(i) == '_') {
                run++;
                i++;
            }
            b.append(run == 3 ? "-" : run == 2 ? "_" : ".");
        }
        return b.toString();
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        services.path(service).path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), map(e.getValue().asText())));
        assertThat(env).as(service).isNotEmpty();
        return env;
    }

    private static String map(String value) {
        String v = value;
        for (Map.Entry<String, String> e : portMap.entrySet()) {
            v = v.replace(e.getKey(), e.getValue());
        }
        return v;
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> client) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    private static int readAssigned(Map<String, Object> client, String topic) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            int partitions = Topics.find(topic).orElseThrow().partitions();
            for (int i = 0; i < partitions; i++) {
                parts.add(new TopicPartition(topic, i));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                int n = c.poll(Duration.ofMillis(200)).count();
                if (n > 0) {
                    return n;
                }
            }
            return 0;
        }
    }

    private static String run(List<String> command, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
