package io.kgrca.common.placement;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The follower on Kafka's in-memory consumer: bad records are counted and skipped, tombstones remove. */
class PlacementFollowerTest {

    private static final TopicPartition TP = new TopicPartition(Topics.CLUSTER_PLACEMENT, 0);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void withoutTheTopicNothingIsPlacedAndTheViewIsCaughtUp() throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        PlacementView view = new PlacementView();
        try (PlacementFollower f = new PlacementFollower(consumer, view, "test", Duration.ofMillis(50)).start()) {
            assertThat(view.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(view.snapshot()).isEmpty();
        }
    }

    @Test
    void badRecordsAreCountedByReasonAndTheFollowerGoesOn() throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(Topics.CLUSTER_PLACEMENT, List.of(new PartitionInfo(Topics.CLUSTER_PLACEMENT, 0,
                null, null, null)));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(Map.of(TP, 5L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(0, "a", json(Placement.initial("a", PlacementMode.SHARED, NOW))));
            consumer.addRecord(record(1, "b", "{".getBytes(StandardCharsets.UTF_8)));
            consumer.addRecord(record(2, "c", json(Placement.initial("x", PlacementMode.SHARED, NOW))));
            consumer.addRecord(record(3, "d", json(Placement.initial("d", PlacementMode.DEDICATED, NOW))));
            consumer.addRecord(record(4, "a", null));
        });
        PlacementView view = new PlacementView();
        try (PlacementFollower f = new PlacementFollower(consumer, view, "test", Duration.ofMillis(50)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(view::caughtUp);

            assertThat(view.snapshot()).containsOnlyKeys("d");
            assertThat(view.removed("a")).isTrue();
            assertThat(f.invalid()).isEqualTo(Map.of("malformed", 1L, "key-mismatch", 1L));
        }
    }

    private static byte[] json(Placement p) {
        return JsonCodec.shared().encode(p);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(Topics.CLUSTER_PLACEMENT, 0, offset, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
