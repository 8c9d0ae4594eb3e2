package io.kgrca.controlplane.it;

import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.pool.KafkaPoolLoad;
import io.kgrca.controlplane.pool.PoolMembers;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.testsupport.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The pools' lag and partition count read from a real broker, and the removal of a member that is not there. */
class KafkaPoolLoadIT {

    @Test
    void lagIsEndMinusCommittedOverCommittedPartitionsAndPartitionsAreTheLargestInputTopics() throws Exception {
        // A broker of its own: the module's shared broker holds the pools' groups of the tests that ran before.
        try (KafkaBroker broker = KafkaBroker.startStandalone()) {
            measure(broker);
        }
    }

    private static void measure(KafkaBroker broker) throws Exception {
        Admin admin = broker.admin();
        for (WorkerKind kind : WorkerKind.values()) {
            for (String topic : kind.inputTopics()) {
                broker.createTopic(topic, Topics.find(topic).orElseThrow().partitions(), Map.of());
            }
        }
        KafkaPoolLoad load = new KafkaPoolLoad(admin, Duration.ofSeconds(10));
        assertThat(load.lag(WorkerKind.LOG_NORMALIZER)).as("no committed offset: nothing to measure").isZero();

        TopicPartition p0 = new TopicPartition(Topics.RAW_K8S_LOGS, 0);
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            for (int i = 0; i < 7; i++) {
                producer.send(new ProducerRecord<>(p0.topic(), 0, "af1".getBytes(StandardCharsets.UTF_8),
                        ("r" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        long end = admin.listOffsets(Map.of(p0, OffsetSpec.latest())).partitionResult(p0).get().offset();
        admin.alterConsumerGroupOffsets("log-normalizer.pool", Map.of(p0, new OffsetAndMetadata(end - 5))).all()
                .get(30, TimeUnit.SECONDS);

        assertThat(load.lag(WorkerKind.LOG_NORMALIZER)).isEqualTo(5);
        assertThat(load.lag(WorkerKind.EVENT_NORMALIZER)).as("another kind's group").isZero();
        int gbMax = 0;
        for (String topic : WorkerKind.GRAPH_BUILDER.inputTopics()) {
            gbMax = Math.max(gbMax, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().size());
        }
        assertThat(load.partitions(WorkerKind.GRAPH_BUILDER)).isEqualTo(gbMax).isPositive();

        assertThatCode(() -> PoolMembers.kafka(admin, Duration.ofSeconds(10)).stopped(WorkerKind.LOG_NORMALIZER, 3))
                .as("an absent member is not an error").doesNotThrowAnyException();
    }
}
