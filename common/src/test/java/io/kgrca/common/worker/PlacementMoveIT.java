package io.kgrca.common.worker;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The acceptance's "a tenant moved back and forth under load loses no record": a steady numbered stream of tenant T
 * (and of two others) for about a minute; T moves from the pool to its dedicated worker and back, each handoff at
 * {@code now + lead} with a 5 s overlap, as the control plane does; the drained dedicated worker is stopped once
 * {@link Placement#drainedBy} holds on its committed offsets. Every sequence number of every tenant must be output;
 * duplicates (the overlaps) are counted and reported.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PlacementMoveIT {

    private static final Duration OVERLAP = Duration.ofSeconds(5);
    private static final Duration LEAD = Duration.ofSeconds(3);
    private static final int PARTITIONS = 3;

    @Test
    void aTenantMovedFromThePoolToItsOwnWorkerAndBackUnderLoadLosesNoRecord(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String worker = "move-it-" + run;
        String in = "raw.move-it-" + run;
        String out = "out.move-it-" + run;
        PoolTestKit.createLogAppendTopic(broker, in, PARTITIONS);
        broker.createTopic(out, 1, Map.of());
        String moved = "t-" + run;
        List<String> tenants = List.of(moved, "o1-" + run, "o2-" + run);
        Placement placement = Placement.initial(moved, PlacementMode.SHARED, Instant.now());
        for (String t : tenants) {
            PoolTestKit.place(broker, Placement.initial(t, PlacementMode.SHARED, Instant.now()));
        }
        Map<String, String> extra = Map.of("PLACEMENT_OVERLAP", OVERLAP.toSeconds() + "s");

        List<WorkerLauncher.Running> pool = new ArrayList<>();
        WorkerLauncher.Running dedicated = null;
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread producer = new Thread(() -> produce(broker, in, tenants, producing, sent), "move-it-producer");
        try {
            for (int n = 0; n < 2; n++) {
                pool.add(WorkerLauncher.startPool(PoolTestKit.poolSettings(broker, worker, n, in, extra),
                        PoolTestKit.poolCopy(out)));
            }
            producer.start();
            Thread.sleep(10_000);

            // pool -> dedicated: the handoff ahead of now; the dedicated worker starts fresh at since - overlap
            placement = placement.moveTo(PlacementMode.DEDICATED, Instant.now().plus(LEAD), Instant.now());
            PoolTestKit.place(broker, placement);
            dedicated = WorkerLauncher.start(PoolTestKit.dedicatedSettings(broker, worker, moved, in, extra),
                    PoolTestKit.dedicatedCopy(out));
            awaitDrained(broker, PoolNames.group(worker), in, placement, PlacementMode.SHARED);
            System.out.printf("pool drained of %s after the handoff to its dedicated worker%n", moved);
            Thread.sleep(10_000);

            // dedicated -> pool, then the drained dedicated worker is stopped
            placement = placement.moveTo(PlacementMode.SHARED, Instant.now().plus(LEAD), Instant.now());
            PoolTestKit.place(broker, placement);
            awaitDrained(broker, worker + "-" + moved, in, placement, PlacementMode.DEDICATED);
            dedicated.close();
            dedicated = null;
            Thread.sleep(15_000);
        } finally {
            producing.set(false);
            producer.join(10_000);
        }
        try {
            int perTenant = sent.get() / tenants.size();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> missing(broker, out, tenants, perTenant).isEmpty());
            Map<String, Integer> copies = new HashMap<>();
            Map<String, Integer> bySide = new HashMap<>();
            for (String[] v : PoolTestKit.outputs(broker, out)) {
                copies.merge(v[0] + "|" + v[1], 1, Integer::sum);
                if (v[0].equals(moved)) {
                    bySide.merge(v[2], 1, Integer::sum);
                }
            }
            long duplicates = copies.values().stream().filter(c -> c > 1).mapToInt(c -> c - 1).sum();
            long movedDuplicates = copies.entrySet().stream().filter(e -> e.getKey().startsWith(moved + "|"))
                    .mapToInt(e -> e.getValue() - 1).sum();
            System.out.printf("moved tenant %s: %d records, outputs by side %s, %d duplicates (overlaps); all "
                    + "tenants: %d records, %d duplicates, 0 missing%n", moved, perTenant, bySide, movedDuplicates,
                    perTenant * tenants.size(), duplicates);
            assertThat(missing(broker, out, tenants, perTenant)).isEmpty();
            assertThat(bySide.getOrDefault("dedicated", 0)).as("the dedicated worker took its share")
                    .isGreaterThan(0);
            assertThat(bySide.getOrDefault("pool", 0)).isGreaterThan(0);
            assertThat(copies.keySet().stream().filter(k -> !k.startsWith(moved + "|"))
                    .mapToInt(copies::get).max().orElse(1)).as("other tenants: processed once each").isEqualTo(1);
        } finally {
            if (dedicated != null) {
                dedicated.close();
            }
            for (WorkerLauncher.Running r : pool) {
                r.close();
            }
        }
    }

    private static void awaitDrained(KafkaBroker broker, String group, String in, Placement placement,
                                     PlacementMode side) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long reached = PoolTestKit.reachedMs(broker, group, in, PARTITIONS, System.currentTimeMillis());
            return reached >= 0 && placement.drainedBy(side, reached, OVERLAP);
        });
    }

    private static Set<String> missing(KafkaBroker broker, String out, List<String> tenants, int perTenant) {
        Set<String> want = new TreeSet<>();
        for (String t : tenants) {
            for (int i = 0; i < perTenant; i++) {
                want.add(t + "|" + i);
            }
        }
        for (String[] v : PoolTestKit.outputs(broker, out)) {
            want.remove(v[0] + "|" + v[1]);
        }
        return want;
    }

    /** Every 20 ms one record per tenant, numbered from 0, until told to stop; counts what was acknowledged. */
    private static void produce(KafkaBroker broker, String in, List<String> tenants, AtomicBoolean producing,
                                AtomicInteger sent) {
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (int i = 0; producing.get(); i++) {
                for (String t : tenants) {
                    p.send(new ProducerRecord<>(in, (t + "::event::" + i).getBytes(StandardCharsets.UTF_8),
                            "{}".getBytes(StandardCharsets.UTF_8))).get();
                    sent.incrementAndGet();
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
