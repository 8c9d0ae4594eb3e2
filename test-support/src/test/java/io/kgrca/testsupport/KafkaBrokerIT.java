package io.kgrca.testsupport;

import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The embedded broker behaves like a real one for what the project uses. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerIT {

    @Test
    void producesAndReadsBackEveryRecordInOrder(KafkaBroker broker) throws Exception {
        broker.createTopic("kb-plain", 2, Map.of());
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>("kb-plain", i % 2, bytes("k" + i), bytes("v" + i))).get();
            }
        }

        List<ConsumerRecord<byte[], byte[]>> all = broker.readAll("kb-plain", Duration.ofSeconds(20));

        assertThat(all).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("v0", "v2", "v4", "v6", "v8", "v1", "v3", "v5", "v7", "v9");
    }

    @Test
    void aCompactedTopicAcceptsTombstones(KafkaBroker broker) throws Exception {
        broker.createTopic("kb-compacted", 1, Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            p.send(new ProducerRecord<>("kb-compacted", bytes("a"), bytes("1"))).get();
            p.send(new ProducerRecord<>("kb-compacted", bytes("a"), null)).get();
        }

        List<ConsumerRecord<byte[], byte[]>> all = broker.readAll("kb-compacted", Duration.ofSeconds(20));

        assertThat(all).hasSize(2);
        assertThat(all.get(1).value()).isNull();
    }

    @Test
    void consumerGroupsCanBeListedAndDeleted(KafkaBroker broker) throws Exception {
        broker.createTopic("kb-groups", 1, Map.of());
        try (KafkaConsumer<byte[], byte[]> c = broker.newConsumer("kb-group-1")) {
            c.assign(List.of(new TopicPartition("kb-groups", 0)));
            c.commitSync(Map.of(new TopicPartition("kb-groups", 0), new OffsetAndMetadata(0)));
        }

        Set<String> before = groupIds(broker);
        broker.admin().deleteConsumerGroups(List.of("kb-group-1")).all().get();

        assertThat(before).contains("kb-group-1");
        assertThat(groupIds(broker)).doesNotContain("kb-group-1");
    }

    @Test
    void aCompactedTopicKeepsOnlyTheLatestValueOfAKeyOnceCleaned(KafkaBroker broker) throws Exception {
        broker.createTopic("kb-cleaned", 1, Map.of("cleanup.policy", "compact", "segment.ms", "100",
                "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "0"));
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            p.send(new ProducerRecord<>("kb-cleaned", bytes("a"), bytes("old"))).get();
            p.send(new ProducerRecord<>("kb-cleaned", bytes("a"), bytes("new"))).get();
            // a later record rolls the segment so that the cleaner may compact the first one
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                p.send(new ProducerRecord<>("kb-cleaned", bytes("b"), bytes("roll"))).get();
                assertThat(broker.readAll("kb-cleaned", Duration.ofSeconds(10)))
                        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                        .doesNotContain("old").contains("new");
            });
        }
    }

    @Test
    void creatingAnExistingTopicIsHarmless(KafkaBroker broker) {
        broker.createTopic("kb-twice", 1, Map.of());

        assertThatCode(() -> broker.createTopic("kb-twice", 3, Map.of())).doesNotThrowAnyException();
    }

    @Test
    void topicsAreNotCreatedAutomatically(KafkaBroker broker) {
        assertThatThrownBy(() -> broker.readAll("kb-never-created", Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not exist");
    }

    @Test
    void clientPropertiesReachTheBrokerOnLoopback(KafkaBroker broker) throws Exception {
        assertThat(broker.clientProps()).containsEntry("bootstrap.servers", broker.bootstrapServers());
        assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(broker.admin().describeCluster().nodes().get()).hasSize(1);
    }

    private static Set<String> groupIds(KafkaBroker broker) throws Exception {
        return broker.admin().listGroups().all().get().stream().map(GroupListing::groupId)
                .collect(Collectors.toSet());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
