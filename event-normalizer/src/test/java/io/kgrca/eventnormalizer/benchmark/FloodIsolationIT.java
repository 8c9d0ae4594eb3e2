package io.kgrca.eventnormalizer.benchmark;

import io.kgrca.common.config.WorkerDefinitions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolation in a pool (issue 14's acceptance): one tenant floods a pool of event-normalizers as fast as its quota lets
 * it, while 19 others send a trickle; the other tenants' p99 latency with the flood stays within 2x of the no-flood
 * run. {@link FloodIsolationBenchmark} with small bounds: 20 tenants x 5 events/s, two instances, a quota of 32 KiB/s
 * (low enough that the broker, not the flooder's own CPU, holds the flood on this 2-core machine: the quota counts
 * lz4-compressed bytes), after an unmeasured flood and trickle (JIT, rebalances), two rounds of a 15 s run without and
 * a 15 s run with the flood, their records pooled per kind. What makes it hold is the pool's fair turns
 * ({@code POOL_TENANT_SLICE}: a tenant's burst delays the others by one slice) and its read-ahead
 * ({@code POOL_BACKLOG_MIB}: the others' records behind a burst are read before the burst is processed);
 * {@code -Dkg.flood.slice=0} runs it with whole polls in offset order, as before, for comparison.
 */
class FloodIsolationIT {

    @Test
    void theFloodIsHeldByItsQuotaNoRecordIsLostAndTheOthersP99StaysWithinTwiceTheNoFloodRun() throws Exception {
        FloodIsolation.Result r = FloodIsolation.run(new FloodIsolation.Options(20, 5, Duration.ofSeconds(15), 2,
                32_768, 6, Integer.getInteger("kg.flood.slice", WorkerDefinitions.POOL_TENANT_SLICE.defaultValue()),
                2));
        System.out.println(FloodIsolationBenchmark.report(r));

        assertThat(r.flood().floodRecords()).as("the flooder got more records through the pool than all the others")
                .isGreaterThan(r.quiet().records() / 2);
        assertThat(r.quiet().late() + r.flood().late()).as("other tenants' records with no output after the drain")
                .isZero();
        assertThat(r.ratio()).as("p99 with the flood / p99 without").isLessThanOrEqualTo(2.0);
    }
}
