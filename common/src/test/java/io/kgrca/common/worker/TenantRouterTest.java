package io.kgrca.common.worker;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.key.KeyDecodeException;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.testsupport.MutableClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** A pool's per-tenant processors: split by tenant, bounded by count and idleness, a failure retries the poll. */
class TenantRouterTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final Factory factory = new Factory();
    private final PoolProgress progress = new PoolProgress("w.pool-0", "w.pool", 100, clock);

    @Test
    void splittingByTenantKeepsEachTenantsOrder() {
        List<InboundRecord> records = List.of(rec("a", 0), rec("b", 1), rec("a", 2), rec("c", 3), rec("b", 4),
                rec("a", 5));

        Map<TenantId, List<InboundRecord>> split = TenantRouter.split(records);

        assertThat(split.keySet()).extracting(TenantId::value).containsExactly("a", "b", "c");
        assertThat(split.get(TenantId.of("a"))).extracting(r -> r.raw().offset()).containsExactly(0L, 2L, 5L);
        assertThat(split.get(TenantId.of("b"))).extracting(r -> r.raw().offset()).containsExactly(1L, 4L);
    }

    @Test
    void aPollsQuietTenantsAreProcessedBeforeABurstingOne() throws Exception {
        TenantRouter router = router(10, Duration.ofMinutes(10));
        List<InboundRecord> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(rec("flood", i));
        }
        records.add(rec("q2", 6));
        records.add(rec("q1", 7));
        records.add(rec("q2", 8));
        records.add(rec("q3", 9));

        router.process(records);

        assertThat(factory.seen).containsExactly("q1@7", "q3@9", "q2@6", "q2@8",
                "flood@0", "flood@1", "flood@2", "flood@3", "flood@4", "flood@5");
    }

    @Test
    void eachTenantHasItsOwnProcessorAndTheOutcomesAreMerged() throws Exception {
        TenantRouter router = router(10, Duration.ofMinutes(10));

        BatchOutcome outcome = router.process(List.of(rec("a", 0), rec("b", 1), rec("a", 2)));

        assertThat(outcome.outputs()).isEqualTo(3);
        assertThat(factory.created).containsExactly("b", "a");
        assertThat(factory.seen).as("fewest records first, each tenant in its order").containsExactly("b@1", "a@0", "a@2");
        assertThat(progress.snapshot().tenants()).extracting(PoolProgress.TenantProgress::tenant,
                PoolProgress.TenantProgress::records).containsExactly(
                tuple("a", 2L), tuple("b", 1L));
    }

    @Test
    void theLeastRecentlyUsedProcessorIsClosedBeyondTheBound() throws Exception {
        TenantRouter router = router(2, Duration.ofMinutes(10));
        router.process(List.of(rec("a", 0)));
        router.process(List.of(rec("b", 1)));
        router.process(List.of(rec("a", 2)));

        router.process(List.of(rec("c", 3)));

        assertThat(factory.closed).containsExactly("b");
        assertThat(router.live()).extracting(TenantId::value).containsExactlyInAnyOrder("a", "c");
        router.process(List.of(rec("b", 4)));
        assertThat(factory.created).as("state rebuilt on demand").containsExactly("a", "b", "c", "b");
    }

    @Test
    void idleProcessorsAreClosedAfterTheIdleBound() throws Exception {
        TenantRouter router = router(10, Duration.ofMinutes(10));
        router.process(List.of(rec("a", 0)));
        clock.advance(Duration.ofMinutes(6));
        router.process(List.of(rec("b", 1)));
        clock.advance(Duration.ofMinutes(4).minusMillis(1));
        assertThat(router.evictIdle()).isZero();

        clock.advance(Duration.ofMillis(1));

        assertThat(router.evictIdle()).isEqualTo(1);
        assertThat(factory.closed).containsExactly("a");
        clock.advance(Duration.ofMinutes(6));
        assertThat(router.evictIdle()).isEqualTo(1);
        assertThat(router.live()).isEmpty();
    }

    @Test
    void aTombstoneClosesTheTenantsProcessorAndForgetsItsProgress() throws Exception {
        PlacementView view = new PlacementView();
        TenantRouter router = router(10, Duration.ofMinutes(10)).closeOnRemoval(view);
        router.process(List.of(rec("a", 0), rec("b", 1)));
        view.put(Placement.initial("a", PlacementMode.SHARED, NOW));

        view.remove("a");
        router.evictIdle();

        assertThat(factory.closed).containsExactly("a");
        assertThat(progress.snapshot().tenants()).extracting(PoolProgress.TenantProgress::tenant).containsExactly("b");
    }

    @Test
    void anyTenantsOutageFailsTheWholeBatchAndNothingCountsAsDone() throws Exception {
        TenantRouter router = router(10, Duration.ofMinutes(10));
        factory.failing = "b";

        assertThatThrownBy(() -> router.process(List.of(rec("a", 0), rec("b", 1))))
                .isInstanceOf(SinkUnavailableException.class);

        assertThat(progress.snapshot().tenants()).as("no progress of a retried poll").isEmpty();
        factory.failing = null;
        router.process(List.of(rec("a", 0), rec("b", 1)));
        assertThat(factory.seen).containsExactly("a@0", "a@0", "b@1");
    }

    @Test
    void closingClosesEveryProcessorThenTheFactory() throws Exception {
        TenantRouter router = router(10, Duration.ofMinutes(10));
        router.process(List.of(rec("a", 0), rec("b", 1)));

        router.close();

        assertThat(factory.closed).containsExactlyInAnyOrder("a", "b");
        assertThat(factory.factoryClosed).isTrue();
    }

    @Test
    void aTurnOfSeveralTenantsGoesToTheFactorysTurnProcessorWithTheirOwnProcessors() throws Exception {
        List<List<String>> turns = new ArrayList<>();
        TenantProcessorFactory together = new TenantProcessorFactory() {
            @Override
            public BatchProcessor create(TenantId tenant) {
                return factory.create(tenant);
            }

            @Override
            public Optional<TurnProcessor> turns() {
                return Optional.of(batches -> {
                    turns.add(batches.stream().map(b -> b.tenant().value() + ":" + b.records().size()).toList());
                    List<BatchOutcome> out = new ArrayList<>();
                    for (TurnProcessor.TenantBatch b : batches) {
                        out.add(b.processor().process(b.records()));
                    }
                    return out;
                });
            }
        };
        TenantRouter router = new TenantRouter(together, new PlacementOptions(Duration.ofSeconds(5),
                Duration.ofSeconds(15), 10, Duration.ofMinutes(10)), clock, progress, TenantMetrics.NOOP);

        BatchOutcome outcome = router.process(List.of(rec("a", 0), rec("b", 1), rec("a", 2)));
        router.process(List.of(rec("c", 3)));

        assertThat(turns).as("one call for the turn of two tenants, none for a turn of one")
                .containsExactly(List.of("b:1", "a:2"));
        assertThat(outcome.outputs()).isEqualTo(3);
        assertThat(factory.seen).containsExactly("b@1", "a@0", "a@2", "c@3");
        assertThat(progress.snapshot().tenants()).extracting(PoolProgress.TenantProgress::tenant)
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    private TenantRouter router(int max, Duration idle) {
        return new TenantRouter(factory, new PlacementOptions(Duration.ofSeconds(5), Duration.ofSeconds(15), max, idle),
                clock, progress, TenantMetrics.NOOP);
    }

    private static InboundRecord rec(String tenant, long offset) {
        String key = tenant + "::event::" + offset;
        ConsumerRecord<byte[], byte[]> raw = new ConsumerRecord<>("t", 0, offset,
                key.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        try {
            return new InboundRecord(raw, KeyCodec.decode(key));
        } catch (KeyDecodeException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Processors that record what they see; one tenant's may be unavailable. */
    private static final class Factory implements TenantProcessorFactory {
        final List<String> created = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        final List<String> seen = new ArrayList<>();
        String failing;
        boolean factoryClosed;

        @Override
        public BatchProcessor create(TenantId tenant) {
            created.add(tenant.value());
            return new BatchProcessor() {
                @Override
                public BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException {
                    if (tenant.value().equals(failing)) {
                        throw new SinkUnavailableException("down", null);
                    }
                    records.forEach(r -> seen.add(tenant.value() + "@" + r.raw().offset()));
                    return new BatchOutcome(records.size(), List.of());
                }

                @Override
                public void close() {
                    closed.add(tenant.value());
                }
            };
        }

        @Override
        public void close() {
            factoryClosed = true;
        }
    }
}
