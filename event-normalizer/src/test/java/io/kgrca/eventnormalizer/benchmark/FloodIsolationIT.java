package io.kgrca.eventnormalizer.benchmark;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance of issue 14's isolation in a pool: one tenant floods a pool of event-normalizers as fast as its quota
 * lets it, and the other tenants' p99 latency stays within 2x of the no-flood run measured in the same test (a
 * ratio, not an absolute time). {@link FloodIsolationBenchmark} with small bounds: 20 tenants x 5 events/s, two
 * instances, 15 s per run, and a quota of 32 KiB/s: low enough that the broker, not the flooder's own CPU, is what
 * holds the flood on this 2-core machine (the quota counts lz4-compressed bytes: 1 MiB/s would be more than one
 * producer can send here). It FAILS today on a quiet machine (p99 10 ms without the flood, 227 ms with it: the pool
 * is FIFO within a partition); it passed only when the machine's load had already inflated the baseline.
 * docs/benchmarks.md "Flood isolation in a pool" has every run.
 */
class FloodIsolationIT {

    @Test
    void theOtherTenantsP99StaysWithinTwiceTheNoFloodRunWhileOneTenantFloods() throws Exception {
        FloodIsolation.Result r = FloodIsolation.run(new FloodIsolation.Options(20, 5, Duration.ofSeconds(15), 2,
                32_768, 6));
        System.out.println(FloodIsolationBenchmark.report(r));

        assertThat(r.flood().floodRecords()).as("the flooder got more records through the pool than all the others")
                .isGreaterThan(r.quiet().records());
        assertThat(r.quiet().late() + r.flood().late()).as("other tenants' records with no output after the drain")
                .isZero();
        assertThat(r.ratio()).as("p99 with the flood / p99 without").isLessThanOrEqualTo(2.0);
    }
}
