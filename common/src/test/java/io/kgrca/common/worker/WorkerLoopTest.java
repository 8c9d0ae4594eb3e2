package io.kgrca.common.worker;

import io.kgrca.common.retry.ExponentialBackoff;
import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop's decisions on Kafka's in-memory consumer and producer: no broker, no sleeps worth the name. */
class WorkerLoopTest {

    private static final String TOPIC = "raw.k8s.events";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final CountingMetrics metrics = new CountingMetrics();
    private final LoopOptions options = LoopOptions.defaults().withMaxRecordBytes(64)
            .withSinkBackoff(new ExponentialBackoff(Duration.ofMillis(1), 2, Duration.ofMillis(2), 0));

    @Test
    void skipsForeignRecordsByKeyAndCommitsPastThem() {
        RecordingProcessor processor = new RecordingProcessor(0);
        WorkerLoop loop = loop(processor);
        schedule(loop, record(0, "af-10::event::a", "{}"), record(1, "af-1::event::b", "{}"),
                record(2, "af-1x::event::c", "{}"), record(3, null, "{}"), record(4, "af-1::event::d", "{}"));

        loop.run();

        assertThat(processor.seen).containsExactly("af-1::event::b", "af-1::event::d");
        assertThat(metrics.foreign).isEqualTo(3);
        assertThat(metrics.in).isEqualTo(5);
        assertThat(committed()).isEqualTo(5);
    }

    @Test
    void aSinkOutageRewindsTheBatchAndCommitsOnlyAfterItSucceeds() {
        RecordingProcessor processor = new RecordingProcessor(2);
        WorkerLoop loop = loop(processor);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.addRecord(record(0, "af-1::event::a", "{}"));
            consumer.addRecord(record(1, "af-1::event::b", "{}"));
        });
        // MockConsumer forgets polled records, so after checking the rewind we redeliver them as a broker would.
        consumer.schedulePollTask(this::expectRewoundAndRedeliver);
        consumer.schedulePollTask(this::expectRewoundAndRedeliver);
        consumer.schedulePollTask(loop::stop);

        loop.run();

        assertThat(processor.seen).containsExactly("af-1::event::a", "af-1::event::b", "af-1::event::a",
                "af-1::event::b", "af-1::event::a", "af-1::event::b");
        assertThat(metrics.sinkUnavailable).isEqualTo(2);
        assertThat(committed()).isEqualTo(2);
        assertThat(loop.status().sinkAvailable()).isTrue();
    }

    @Test
    void badKeysOversizedValuesAndRejectionsAreDeadLetteredInOffsetOrder() {
        RecordingProcessor processor = new RecordingProcessor(0);
        processor.reject = "af-1::event::bad-json";
        WorkerLoop loop = loop(processor);
        schedule(loop, record(0, "af-1::event::bad-json", "{"), record(1, "af-1::Nope::x", "{}"),
                record(2, "af-1::event::big", "x".repeat(100)), record(3, "af-1::event::ok", "{}"));

        loop.run();

        List<ProducerRecord<byte[], byte[]>> dead = producer.history();
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetterPublisher.REASON).value(),
                StandardCharsets.UTF_8)).containsExactly("not-json", "invalid-type", "oversized");
        assertThat(dead).allSatisfy(r -> assertThat(r.topic()).isEqualTo("dlq.raw"));
        assertThat(dead.get(2).value()).hasSize(100);
        assertThat(metrics.deadLettered).containsEntry("oversized", 1).containsEntry("invalid-type", 1);
        assertThat(processor.seen).containsExactly("af-1::event::bad-json", "af-1::event::ok");
        assertThat(committed()).isEqualTo(4);
    }

    @Test
    void aKeyThatIsExactlyTheTenantAndItsSeparatorIsDeadLetteredNotDropped() {
        RecordingProcessor processor = new RecordingProcessor(0);
        WorkerLoop loop = loop(processor);
        schedule(loop, record(0, "af-1::", "{}"), record(1, "af-1::event::", "{}"), record(2, "af-1::event::ok", "{}"));

        loop.run();

        assertThat(producer.history()).extracting(r -> new String(r.headers().lastHeader(DeadLetterPublisher.REASON)
                .value(), StandardCharsets.UTF_8)).containsExactly("invalid-id", "invalid-id");
        assertThat(processor.seen).containsExactly("af-1::event::ok");
        assertThat(metrics.foreign).isZero();
        assertThat(committed()).isEqualTo(3);
    }

    @Test
    void keysNoTenantOwnsAreCountedByReasonNotDeadLetteredInEveryTenantsLoop() {
        RecordingProcessor processor = new RecordingProcessor(0);
        WorkerLoop loop = loop(processor);
        schedule(loop, record(0, null, "{}"), record(1, "", "{}"), record(2, "AF-1::event::x", "{}"),
                record(3, "../x", "{}"), record(4, "\u00e4::event::x", "{}"), record(5, "a".repeat(41) + "::event::x", "{}"),
                record(6, "af-2::event::x", "{}"), record(7, "af-1::event::ok", "{}"));

        loop.run();

        assertThat(producer.history()).isEmpty();
        assertThat(metrics.skipped).containsExactlyInAnyOrderEntriesOf(
                Map.of("no-key", 1, "invalid-key", 5, "foreign", 1));
        assertThat(metrics.skipped.values().stream().mapToInt(Integer::intValue).sum() + processor.seen.size())
                .as("every record accounted for").isEqualTo(metrics.in);
        assertThat(committed()).isEqualTo(8);
    }

    @Test
    void aProcessorBugIsRetriedNotFatal() {
        RecordingProcessor processor = new RecordingProcessor(0);
        processor.bugs = 1;
        WorkerLoop loop = loop(processor);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.addRecord(record(0, "af-1::event::a", "{}"));
        });
        consumer.schedulePollTask(() -> {
            assertThat(consumer.position(TP)).isZero();
            consumer.addRecord(record(0, "af-1::event::a", "{}"));
        });
        consumer.schedulePollTask(loop::stop);

        loop.run();

        assertThat(processor.seen).containsExactly("af-1::event::a", "af-1::event::a");
        assertThat(committed()).isEqualTo(1);
    }

    private WorkerLoop loop(BatchProcessor processor) {
        return new WorkerLoop(TenantId.of("af-1"), "test-worker", consumer, List.of(TOPIC), processor,
                new DeadLetterPublisher(producer, "test-worker", "af-1"), metrics, options, Clock.systemUTC());
    }

    private void schedule(WorkerLoop loop, ConsumerRecord<byte[], byte[]>... records) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            for (ConsumerRecord<byte[], byte[]> r : records) {
                consumer.addRecord(r);
            }
        });
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(loop::stop);
    }

    private void expectRewoundAndRedeliver() {
        assertThat(committed()).as("nothing committed during the outage").isZero();
        assertThat(consumer.position(TP)).as("rewound to the batch start").isZero();
        consumer.addRecord(record(0, "af-1::event::a", "{}"));
        consumer.addRecord(record(1, "af-1::event::b", "{}"));
    }

    private long committed() {
        OffsetAndMetadata o = consumer.committed(Set.of(TP)).get(TP);
        return o == null ? 0 : o.offset();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    /** Records what it was given; fails the first {@code outages} calls as an unavailable sink. */
    private static final class RecordingProcessor implements BatchProcessor {
        final List<String> seen = new ArrayList<>();
        int outages;
        int bugs;
        String reject;

        RecordingProcessor(int outages) {
            this.outages = outages;
        }

        @Override
        public BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException {
            List<Rejection> rejections = new ArrayList<>();
            for (InboundRecord r : records) {
                String key = new String(r.raw().key(), StandardCharsets.UTF_8);
                seen.add(key);
                if (key.equals(reject)) {
                    rejections.add(new Rejection(r, "not-json", "bad", "Test"));
                }
            }
            if (outages > 0) {
                outages--;
                throw new SinkUnavailableException("down", null);
            }
            if (bugs > 0) {
                bugs--;
                throw new IllegalStateException("bug");
            }
            return new BatchOutcome(records.size() - rejections.size(), rejections);
        }
    }

    private static final class CountingMetrics implements WorkerMetrics {
        int in;
        int foreign;
        int sinkUnavailable;
        final Map<String, Integer> skipped = new HashMap<>();

        @Override
        public void recordsSkipped(String reason, int count) {
            skipped.merge(reason, count, Integer::sum);
        }
        final Map<String, Integer> deadLettered = new HashMap<>();

        @Override
        public void recordsIn(String topic, int count) {
            in += count;
        }

        @Override
        public void recordsForeign(String topic, int count) {
            foreign += count;
        }

        @Override
        public void deadLettered(String reason) {
            deadLettered.merge(reason, 1, Integer::sum);
        }

        @Override
        public void sinkUnavailable() {
            sinkUnavailable++;
        }
    }
}
