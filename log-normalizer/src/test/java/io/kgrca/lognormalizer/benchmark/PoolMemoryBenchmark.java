package io.kgrca.lognormalizer.benchmark;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.BatchProcessor;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.lognormalizer.Lines;
import io.kgrca.lognormalizer.LogNormalizerPool;
import io.kgrca.lognormalizer.config.LogSettings;
import io.kgrca.testsupport.bench.TenantMemory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.List;

/**
 * Marginal heap per idle tenant of a pool log-normalizer ({@link LogNormalizerPool}): N tenants' processors, each
 * fed one warning line (which leaves one carried stream), with their Prometheus meters. Prints figures, asserts
 * nothing. Run: {@code ./mvnw -o -q -pl log-normalizer test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kgrca.lognormalizer.benchmark.PoolMemoryBenchmark [-Dexec.args="0 100 1000"]}.
 */
public final class PoolMemoryBenchmark {

    private PoolMemoryBenchmark() {
    }

    /** Arguments: the tenant counts (default 0 100 1000). */
    public static void main(String[] args) throws Exception {
        TenantMemory.print("log-normalizer", TenantMemory.counts(args), PoolMemoryBenchmark::populate);
    }

    private static AutoCloseable populate(int tenants) throws Exception {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LogNormalizerPool pool = new LogNormalizerPool(LogSettings.defaults(), TimeWindow.DEFAULT, producer, meters);
        Lines lines = new Lines();
        List<BatchProcessor> processors = new ArrayList<>(tenants);
        for (int i = 0; i < tenants; i++) {
            String tenant = "bench-" + i;
            BatchProcessor p = pool.create(TenantId.of(tenant));
            p.process(List.of(lines.record(tenant + "::log::uid-api", Lines.value(
                    "WARN connection pool exhausted, waiting for a free connection", "api", "app", Lines.T0, null))));
            producer.clear();
            processors.add(p);
        }
        return () -> {
            processors.forEach(BatchProcessor::close);
            pool.close();
            meters.close();
        };
    }
}
