package io.kgrca.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker and Neo4j share one JVM in every module's integration tests; their libraries (Netty, Jackson,
 * Scala...) must not fight, and each extension hands out one instance per JVM.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class SharedInfrastructureIT {

    private static KafkaBroker firstBroker;
    private static Neo4jServer firstNeo4j;

    @Test
    void aBrokerAndANeo4jServerRunSideBySideInOneJvm(KafkaBroker broker, Neo4jServer neo4j) throws Exception {
        remember(broker, neo4j);
        broker.createTopic("shared-probe", 1, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            producer.send(new ProducerRecord<>("shared-probe", bytes("pod-a"), bytes("Running"))).get();
        }

        List<ConsumerRecord<byte[], byte[]>> records = broker.readAll("shared-probe", Duration.ofSeconds(20));
        try (Session s = neo4j.driver().session()) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                s.run("MERGE (p:SharedProbe {name: $name}) SET p.phase = $phase",
                        Map.of("name", text(r.key()), "phase", text(r.value()))).consume();
            }
            assertThat(s.run("MATCH (p:SharedProbe {name: 'pod-a'}) RETURN p.phase AS phase").single()
                    .get("phase").asString()).isEqualTo("Running");
        }
    }

    @Test
    void everyTestOfTheJvmGetsTheSameBrokerAndTheSameNeo4j(KafkaBroker broker, Neo4jServer neo4j) {
        remember(broker, neo4j);

        assertThat(broker).isSameAs(firstBroker);
        assertThat(neo4j).isSameAs(firstNeo4j);
        assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(neo4j.boltUri()).startsWith("bolt://127.0.0.1:");
    }

    private static synchronized void remember(KafkaBroker broker, Neo4jServer neo4j) {
        if (firstBroker == null) {
            firstBroker = broker;
            firstNeo4j = neo4j;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
