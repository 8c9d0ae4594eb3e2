package io.kgrca.eventnormalizer.benchmark;

import io.kgrca.common.config.WorkerDefinitions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Isolation in a pool: one tenant floods a pool of event-normalizers as fast as its quota lets it, while 19 others
 * send a trickle. {@link FloodIsolationBenchmark} with small bounds: 20 tenants x 5 events/s, two instances, 15 s per
 * run, and a quota of 32 KiB/s: low enough that the broker, not the flooder's own CPU, is what holds the flood on this
 * 2-core machine (the quota counts lz4-compressed bytes: 1 MiB/s would be more than one producer can send here).
 *
 * <p>What holds today, and is checked on every run: the flood is held by its quota, the pool serves it, and no other
 * tenant's record is lost or left without output. <b>What does not hold yet</b>, issue 14's acceptance "the other
 * tenants' p99 stays within 2x of the no-flood run": the pool is first-come first-served within a partition, so a
 * flood the quota admits queues ahead of everyone (on a quiet machine p99 10 ms without the flood, 227 ms with it). That
 * check is {@link #theOtherTenantsP99StaysWithinTwiceTheNoFloodRun()}, run with {@code -Dkg.flood.acceptance=true};
 * it fails today, which the README's status and docs/benchmarks.md "Flood isolation in a pool" say.
 */
class FloodIsolationIT {

    private static FloodIsolation.Result run() throws Exception {
        FloodIsolation.Result r = FloodIsolation.run(new FloodIsolation.Options(20, 5, Duration.ofSeconds(15), 2,
                32_768, 6, Integer.getInteger("kg.flood.slice", WorkerDefinitions.POOL_TENANT_SLICE.defaultValue())));
        System.out.println(FloodIsolationBenchmark.report(r));
        return r;
    }

    @Test
    void theFloodIsHeldByItsQuotaAndNoOtherTenantLosesARecord() throws Exception {
        FloodIsolation.Result r = run();

        assertThat(r.flood().floodRecords()).as("the flooder got more records through the pool than all the others")
                .isGreaterThan(r.quiet().records());
        assertThat(r.quiet().late() + r.flood().late()).as("other tenants' records with no output after the drain")
                .isZero();
    }

    /** Issue 14's acceptance, not met yet: opt-in until the pool schedules tenants fairly within a partition. */
    @Test
    void theOtherTenantsP99StaysWithinTwiceTheNoFloodRun() throws Exception {
        assumeTrue(Boolean.getBoolean("kg.flood.acceptance"), "known to fail today (FIFO within a partition: "
                + "p99 ratio 22.7 on a quiet machine); run with -Dkg.flood.acceptance=true");
        FloodIsolation.Result r = run();

        assertThat(r.ratio()).as("p99 with the flood / p99 without").isLessThanOrEqualTo(2.0);
    }
}
