package io.kgrca.eventnormalizer.benchmark;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.eventnormalizer.EventNormalizerPool;
import io.kgrca.testsupport.bench.TenantMemory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Marginal heap per idle tenant of a pool event-normalizer ({@link EventNormalizerPool}): N tenants' processors,
 * each fed one event. Prints figures, asserts nothing. Run: {@code ./mvnw -o -q -pl event-normalizer test-compile
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.kgrca.eventnormalizer.benchmark.PoolMemoryBenchmark
 * [-Dexec.args="0 100 1000"]}.
 */
public final class PoolMemoryBenchmark {

    private static final String EVENT = """
            {"metadata":{"name":"web-0.17f3","namespace":"shop","uid":"e-1","creationTimestamp":"2026-11-25T10:00:00Z"},
             "involvedObject":{"kind":"Pod","namespace":"shop","name":"web-0"},
             "reason":"BackOff","message":"Back-off restarting failed container","type":"Warning","count":1}""";

    private PoolMemoryBenchmark() {
    }

    /** Arguments: the tenant counts (default 0 100 1000). */
    public static void main(String[] args) throws Exception {
        TenantMemory.print("event-normalizer", TenantMemory.counts(args), PoolMemoryBenchmark::populate);
    }

    private static AutoCloseable populate(int tenants) throws Exception {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        EventNormalizerPool pool = new EventNormalizerPool(TimeWindow.DEFAULT, producer);
        List<BatchProcessor> processors = new ArrayList<>(tenants);
        for (int i = 0; i < tenants; i++) {
            String key = "bench-" + i + "::event::e-1";
            BatchProcessor p = pool.create(TenantId.of("bench-" + i));
            p.process(List.of(new InboundRecord(new ConsumerRecord<>("raw.k8s.events", 0, i,
                    key.getBytes(StandardCharsets.UTF_8), EVENT.getBytes(StandardCharsets.UTF_8)),
                    KeyCodec.decode(key))));
            producer.clear();
            processors.add(p);
        }
        return () -> {
            processors.forEach(BatchProcessor::close);
            pool.close();
        };
    }
}
