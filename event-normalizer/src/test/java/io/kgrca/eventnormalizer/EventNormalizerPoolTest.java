package io.kgrca.eventnormalizer;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.TimeWindow;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two tenants through one pool instance's factory: each output keeps its own tenant (MockProducer, no broker). */
class EventNormalizerPoolTest {

    private static final String EVENT = """
            {"metadata":{"name":"web-0.17f3","namespace":"shop","uid":"same-uid","creationTimestamp":"2026-11-25T10:00:00Z"},
             "involvedObject":{"kind":"Pod","namespace":"shop","name":"web-0"},
             "reason":"BackOff","message":"Back-off","type":"Warning","count":2%s}""";

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    private static InboundRecord record(String key, String value) throws Exception {
        return new InboundRecord(new ConsumerRecord<>("raw.k8s.events", 0, 7L, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)), KeyCodec.decode(key));
    }

    @Test
    void theSameEventOfTwoTenantsIsNormalizedUnderEachTenantsOwnKey() throws Exception {
        EventNormalizerPool pool = new EventNormalizerPool(TimeWindow.DEFAULT, producer);
        BatchProcessor one = pool.create(TenantId.of("af-1"));
        BatchProcessor two = pool.create(TenantId.of("af-2"));

        BatchOutcome a = one.process(List.of(record("af-1::event::same-uid", EVENT.formatted(""))));
        BatchOutcome b = two.process(List.of(record("af-2::event::same-uid", EVENT.formatted(""))));

        assertThat(a.outputs()).isEqualTo(1);
        assertThat(b.outputs()).isEqualTo(1);
        List<String> keys = producer.history().stream().map(ProducerRecord::key)
                .map(k -> new String(k, StandardCharsets.UTF_8)).toList();
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0)).startsWith("af-1::event::evt-");
        assertThat(keys.get(1)).isEqualTo("af-2" + keys.get(0).substring("af-1".length()));
    }

    @Test
    void aRecordWhoseClientIdNamesAnotherTenantIsRejectedAndTheTenantsOtherRecordsGoOn() throws Exception {
        BatchProcessor one = new EventNormalizerPool(TimeWindow.DEFAULT, producer).create(TenantId.of("af-1"));

        BatchOutcome outcome = one.process(List.of(
                record("af-1::event::same-uid", EVENT.formatted(",\"client_id\":\"af-2\"")),
                record("af-1::event::same-uid", EVENT.formatted(""))));

        assertThat(outcome.outputs()).isEqualTo(1);
        assertThat(outcome.rejections()).singleElement().satisfies(r -> assertThat(r.reason())
                .isEqualTo("tenant-mismatch"));
    }
}
