package io.kgrca.lognormalizer;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.lognormalizer.config.LogSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two tenants through one pool instance's factory never share assembly state (MockProducer, no broker). */
class LogNormalizerPoolTest {

    private static final String HEAD = "java.lang.IllegalStateException: boom in tenant one";
    private static final String FRAME_ONE = "\tat com.one.Api.handle(Api.java:10)";
    private static final String FRAME_ONE_NEXT = "\tat com.one.Api.serve(Api.java:20)";
    private static final String FRAME_TWO = "\tat com.two.Worker.run(Worker.java:7)";

    private final Lines lines = new Lines();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LogNormalizerPool pool = new LogNormalizerPool(LogSettings.defaults().withMinLevel(Severity.DEBUG),
            TimeWindow.DEFAULT, producer, meters);

    /** A line of {@code tenant} from pod {@code api} (same pod uid, container and stream for every tenant). */
    private InboundRecord line(String tenant, String text, int millis) {
        return lines.record(tenant + "::log::uid-api", Lines.value(text, "api", "app", Lines.T0.plusMillis(millis),
                null));
    }

    private record Out(String key, NormalizedLog log) {
    }

    private List<Out> drain() throws Exception {
        List<Out> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            out.add(new Out(new String(r.key(), StandardCharsets.UTF_8),
                    JsonCodec.shared().decode(r.value(), NormalizedLog.class)));
        }
        producer.clear();
        return out;
    }

    @Test
    void linesOfTwoTenantsOnTheSamePodStreamNeverAssembleTogether() throws Exception {
        BatchProcessor one = pool.create(TenantId.of("af-1"));
        BatchProcessor two = pool.create(TenantId.of("af-2"));

        one.process(List.of(line("af-1", HEAD, 0), line("af-1", FRAME_ONE, 1)));
        List<Out> first = drain();
        two.process(List.of(line("af-2", FRAME_TWO, 2)));
        List<Out> second = drain();
        one.process(List.of(line("af-1", FRAME_ONE_NEXT, 3)));
        List<Out> third = drain();

        assertThat(first).singleElement().satisfies(o -> {
            assertThat(o.key()).startsWith("af-1::log::");
            assertThat(o.log().lineCount()).isEqualTo(2);
        });
        // Had the carry been shared, tenant two's frame would have continued tenant one's exception.
        assertThat(second).singleElement().satisfies(o -> {
            assertThat(o.key()).startsWith("af-2::log::");
            assertThat(o.log().lineCount()).isEqualTo(1);
            assertThat(o.log().message() + o.log().stackTrace()).doesNotContain("com.one", "boom");
        });
        // Tenant one's carry is intact: its trace is continued and emitted again, complete, with the same id.
        assertThat(third).singleElement().satisfies(o -> {
            assertThat(o.key()).startsWith("af-1::log::");
            assertThat(o.log().logId()).isEqualTo(first.get(0).log().logId());
            assertThat(o.log().lineCount()).isEqualTo(3);
            assertThat(o.log().stackTrace()).contains("com.one.Api.serve").doesNotContain("com.two");
        });
    }

    @Test
    void eachTenantCountsInItsOwnMeters() throws Exception {
        pool.create(TenantId.of("af-1")).process(List.of(line("af-1", "", 0)));
        pool.create(TenantId.of("af-2")).process(List.of(line("af-2", "INFO fine", 0)));

        assertThat(meters.get("kg.lognormalizer.records.blank").tag("tenant", "af-1").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get("kg.lognormalizer.records.blank").tag("tenant", "af-2").counter().count())
                .isEqualTo(0.0);
    }
}
