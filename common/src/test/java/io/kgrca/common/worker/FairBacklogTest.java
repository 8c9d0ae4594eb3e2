package io.kgrca.common.worker;

import io.kgrca.common.key.KeyCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-tenant backlog of a pool instance: fair turns, and commits that never pass a queued record. */
class FairBacklogTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final FairBacklog backlog = new FairBacklog();

    @Test
    void aTurnTakesASliceOfEachTenantTheQuietestFirst() {
        backlog.addAll(List.of(rec("f", 0, 0), rec("f", 0, 1), rec("f", 0, 2), rec("q", 0, 3), rec("r", 1, 0),
                rec("r", 1, 1)));

        List<InboundRecord> turn = backlog.next(2, 0);

        assertThat(turn).extracting(FairBacklogTest::shown)
                .containsExactly("q@0:3", "r@1:0", "r@1:1", "f@0:0", "f@0:1");
        assertThat(backlog.size()).as("still queued until done").isEqualTo(6);
        backlog.done(turn);
        assertThat(backlog.size()).isEqualTo(1);
        assertThat(backlog.next(2, 0)).extracting(FairBacklogTest::shown).containsExactly("f@0:2");
        assertThat(backlog.next(0, 0)).as("0: everything").hasSize(1);
    }

    @Test
    void aTenantAloneInTheBacklogGetsMoreThanASliceSinceNobodyWaitsBehindIt() {
        for (int i = 0; i < 10; i++) {
            backlog.addAll(List.of(rec("f", 0, i)));
        }

        assertThat(backlog.next(2, 6)).hasSize(6);
        backlog.addAll(List.of(rec("q", 1, 0)));
        assertThat(backlog.next(2, 6)).as("someone waits: a slice each").extracting(FairBacklogTest::shown)
                .containsExactly("q@1:0", "f@0:0", "f@0:1");
    }

    @Test
    void theCommittableOffsetIsTheLowestStillQueuedInEachPartition() {
        backlog.addAll(List.of(rec("f", 0, 0), rec("f", 0, 1), rec("q", 0, 2), rec("q", 1, 5)));
        backlog.done(backlog.next(1, 0));   // f@0, q@2 and... q's first is @0:2

        Map<TopicPartition, Long> c = backlog.committable(Map.of(P0, 3L, P1, 6L));

        assertThat(c).isEqualTo(Map.of(P0, 1L, P1, 5L));
        backlog.done(backlog.next(5, 0));
        assertThat(backlog.committable(Map.of(P0, 3L, P1, 6L))).as("nothing queued: what was read")
                .isEqualTo(Map.of(P0, 3L, P1, 6L));
    }

    @Test
    void droppingAPartitionForgetsOnlyItsRecords() {
        backlog.addAll(List.of(rec("a", 0, 0), rec("a", 1, 0), rec("b", 1, 1)));

        backlog.drop(List.of(P1));

        assertThat(backlog.size()).isEqualTo(1);
        assertThat(backlog.next(10, 0)).extracting(FairBacklogTest::shown).containsExactly("a@0:0");
    }

    @Test
    void onlyATurnsOwnRecordsCanBeDone() {
        backlog.addAll(List.of(rec("a", 0, 0), rec("a", 0, 1)));
        List<InboundRecord> whole = backlog.next(0, 0);

        assertThatThrownBy(() -> backlog.done(List.of(whole.get(1)))).isInstanceOf(IllegalStateException.class);
    }

    private static String shown(InboundRecord r) {
        return r.key().tenant().value() + "@" + r.raw().partition() + ":" + r.raw().offset();
    }

    private static InboundRecord rec(String tenant, int partition, long offset) {
        byte[] key = (tenant + "::event::" + partition + "-" + offset).getBytes(StandardCharsets.UTF_8);
        try {
            return new InboundRecord(new ConsumerRecord<>("t", partition, offset, key, new byte[0]),
                    KeyCodec.decode(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
