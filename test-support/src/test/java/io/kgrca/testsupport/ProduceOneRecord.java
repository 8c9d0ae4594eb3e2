package io.kgrca.testsupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/** Runs inside a container in {@link DockerHostNetworkIT}: produces one record and exits 0. */
public final class ProduceOneRecord {

    private ProduceOneRecord() {
    }

    /** Arguments: bootstrap servers, topic, key, value. */
    public static void main(String[] args) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", args[0], "acks", "all",
                "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class))) {
            p.send(new ProducerRecord<>(args[1], args[2], args[3])).get();
        }
    }
}
