package io.kgrca.eventnormalizer.benchmark;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.security.PrincipalAdmin;
import io.kgrca.controlplane.security.TenantAccess;
import io.kgrca.controlplane.security.TenantCredentials;
import io.kgrca.controlplane.security.TenantPrincipals;
import io.kgrca.controlplane.security.TenantQuota;
import io.kgrca.testsupport.SecuredKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The flood test: on a real secured broker (SASL_SSL, SCRAM, one principal per tenant with its produce quota set at
 * provisioning by {@link TenantPrincipals}), a pool of event-normalizer instances in this process serves
 * {@code tenants} tenants that each send a trickle of events. Run 1: only the trickles. Run 2: the same, and one
 * tenant floods as fast as its producer can (the broker holds it to its quota). Per record of the other tenants:
 * latency = broker timestamp of the output on {@code events.normalized} minus broker timestamp of the input on
 * {@code raw.k8s.events} (both LogAppendTime). A record whose output did not come within the drain time counts with
 * the time waited (a lower bound), so a stuck tenant raises p99 instead of vanishing from it.
 */
final class FloodIsolation {

    static final String FLOODER = "flood-0";
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(120);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);
    private static final Duration WARM_FLOOD = Duration.ofSeconds(5);

    /**
     * @param tenants         tenants in the pool, the flooder included
     * @param eventsPerSecond each tenant's trickle
     * @param run             length of each run (≤ 60 s)
     * @param instances       pool instances
     * @param quota           each tenant's {@code producer_byte_rate}
     * @param partitions      partitions of the raw and normalized topics
     * @param slice           the pool's {@code POOL_TENANT_SLICE} (0: whole polls in offset order)
     * @param rounds          measured rounds (each a no-flood run, then a flood run); the figures pool their records
     */
    record Options(int tenants, int eventsPerSecond, Duration run, int instances, long quota, int partitions,
                   int slice, int rounds) {
    }

    /** One run's figures over the other tenants' records. */
    record Figures(String name, int records, int late, long p50, long p99, long max, long floodRecords,
                   double floodBytesPerSecond) {
    }

    /** Both runs. */
    record Result(Options options, Figures quiet, Figures flood) {
        /** p99 with the flood over p99 without. */
        double ratio() {
            return (double) flood.p99() / Math.max(1, quiet.p99());
        }
    }

    private FloodIsolation() {
    }

    static Result run(Options o) throws Exception {
        try (SecuredKafkaBroker secured = SecuredKafkaBroker.startStandalone()) {
            createTopics(secured, o.partitions());
            List<String> tenants = new ArrayList<>();
            tenants.add(FLOODER);
            for (int i = 1; i < o.tenants(); i++) {
                tenants.add(String.format("quiet-%02d", i));
            }
            Map<String, TenantCredentials> credentials = provision(secured, tenants, o.quota());
            place(secured, tenants);
            Map<String, Object> admin = secured.internalClientProps(SecuredKafkaBroker.ADMIN,
                    secured.internalPassword(SecuredKafkaBroker.ADMIN));
            List<TenantTraffic> traffic = new ArrayList<>();
            try (InProcessPool pool = new InProcessPool(secured.internalClientEnv(SecuredKafkaBroker.ADMIN),
                    o.instances(), o.slice());
                 LatencyProbe probe = new LatencyProbe(admin, FLOODER)) {
                for (String t : tenants) {
                    traffic.add(new TenantTraffic(t, client(secured, credentials.get(t)), 1 << 20));
                }
                        // A new flooding producer per flood, dropped at its end with what it still buffers. Its buffer
                // (1 MiB, as the others') is always full, so it sends as fast as its quota lets it; a larger one only
                // made this JVM spend CPU filling it, a cost of the harness on the pool's two cores, not of the pool.
                Supplier<TenantTraffic> flood = () -> new TenantTraffic(FLOODER,
                        client(secured, credentials.get(FLOODER)), 1 << 20);
                warmUp(traffic.subList(0, tenants.size()), probe);
                // Unmeasured first: a short flood (the JIT compiles the flood's path: decompression, the quota's
                // throttling, the pool's turns) and a trickle, so that neither start-up cost lands in a measured run.
                warmFlood(flood.get().connected(), probe);
                measure("settle", o, traffic, null, probe);
                List<Sample> quiet = new ArrayList<>();
                List<Sample> flooded = new ArrayList<>();
                for (int round = 0; round < o.rounds(); round++) {
                    quiet.add(measure("no flood", o, traffic, null, probe));
                    flooded.add(measure("flood", o, traffic, flood.get().connected(), probe));
                }
                return new Result(o, figures("no flood", o, quiet), figures("flood", o, flooded));
            } finally {
                traffic.forEach(TenantTraffic::close);
            }
        }
    }

    private static void createTopics(SecuredKafkaBroker secured, int partitions) {
        Map<String, String> appendTime = Map.of("message.timestamp.type", "LogAppendTime");
        secured.broker().createTopic(Topics.RAW_K8S_EVENTS, partitions, appendTime);
        secured.broker().createTopic(Topics.EVENTS_NORMALIZED, partitions, appendTime);
        secured.broker().createTopic(Topics.DLQ_RAW, 1,
                Map.of("max.message.bytes", String.valueOf(Topics.DLQ_MAX_MESSAGE_BYTES)));
        secured.broker().createTopic(Topics.CLUSTER_PLACEMENT, 1, Map.of("cleanup.policy", "compact"));
    }

    /** Each tenant's principal with the quota, as {@code tenant add} makes it; waits until the broker serves it. */
    private static Map<String, TenantCredentials> provision(SecuredKafkaBroker secured, List<String> tenants, long quota)
            throws InterruptedException {
        PrincipalAdmin admin = new PrincipalAdmin(secured.broker().admin());
        TenantPrincipals principals = new TenantPrincipals(admin, TenantAccess.agent(), new TenantQuota(quota, 0));
        Map<String, TenantCredentials> out = new HashMap<>();
        for (String t : tenants) {
            out.put(t, principals.provision(TenantId.of(t)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (principals.quotas().size() < tenants.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker does not serve the quotas: " + principals.quotas());
            }
            Thread.sleep(200);
        }
        return out;
    }

    private static void place(SecuredKafkaBroker secured, List<String> tenants) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = secured.broker().newProducer()) {
            for (String t : tenants) {
                Placement placement = Placement.initial(t, PlacementMode.SHARED, Instant.now());
                p.send(new ProducerRecord<>(Topics.CLUSTER_PLACEMENT, t.getBytes(StandardCharsets.UTF_8),
                        JsonCodec.shared().encode(placement))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, Object> client(SecuredKafkaBroker secured, TenantCredentials c) {
        return secured.externalClientProps(c.username(), c.password());
    }

    /** One event per tenant until each has an output: the pool is assigned and every processor exists. */
    private static void warmUp(List<TenantTraffic> traffic, LatencyProbe probe) throws InterruptedException {
        traffic.forEach(t -> t.send("warm"));
        long deadline = System.nanoTime() + WARM_UP_LIMIT.toNanos();
        while (!probe.sawAll(acked(traffic, FLOODER)) || probe.floodOutputs() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool did not serve every tenant within " + WARM_UP_LIMIT);
            }
            Thread.sleep(100);
        }
    }

    /** Floods for {@link #WARM_FLOOD}, then waits until the pool's output of the flood stops growing. */
    private static void warmFlood(TenantTraffic flood, LatencyProbe probe) throws InterruptedException {
        long end = System.nanoTime() + WARM_FLOOD.toNanos();
        while (System.nanoTime() < end) {
            flood.send("warm-flood");
        }
        flood.abort();
        drainFlood(probe);
    }

    /** One run's raw figures: the other tenants' latencies, those still without output, the flood's volume. */
    private record Sample(List<Long> latencies, int late, long floodRecords, double floodBytesPerSecond) {
    }

    private static Sample measure(String name, Options o, List<TenantTraffic> traffic, TenantTraffic flood,
                                  LatencyProbe probe) throws InterruptedException {
        traffic.forEach(TenantTraffic::reset);
        long floodOutputsBefore = probe.floodOutputs();
        List<TenantTraffic> trickles = traffic.subList(0, o.tenants());
        // several threads: a producer that blocks (metadata after a reconnect) must not delay the other tenants
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
        long periodUs = 1_000_000L / o.eventsPerSecond();
        for (int i = 0; i < trickles.size(); i++) {
            TenantTraffic t = trickles.get(i);
            scheduler.scheduleAtFixedRate(() -> t.send(name.replace(' ', '-')), i * periodUs / trickles.size(),
                    periodUs, TimeUnit.MICROSECONDS);
        }
        long end = System.nanoTime() + o.run().toNanos();
        Thread flooder = null;
        if (flood != null) {
            flooder = new Thread(() -> {
                while (System.nanoTime() < end) {
                    flood.send("flood");
                }
            }, "flooder");
            flooder.start();
        }
        Thread.sleep(o.run().toMillis());
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        if (flooder != null) {
            flooder.join(70_000);
            flood.abort();
        }
        Thread.sleep(500);
        Map<String, Long> inputs = acked(traffic, FLOODER);
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (!probe.sawAll(inputs) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long floodBytes = flood == null ? 0 : flood.ackedBytes();
        long floodOut = probe.floodOutputs() - floodOutputsBefore;
        List<Long> latencies = probe.latencies(inputs, System.currentTimeMillis());
        int late = probe.missing(inputs);
        if (flood != null) {
            // the next run starts once the pool has worked off what the flood left in the topic
            drainFlood(probe);
        }
        return new Sample(latencies, late, floodOut, floodBytes / (o.run().toMillis() / 1000.0));
    }

    /** Waits (at most the drain limit) until the pool's output of the flood stops growing for 2 s. */
    private static void drainFlood(LatencyProbe probe) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        long seen = -1;
        while (probe.floodOutputs() != seen && System.nanoTime() < deadline) {
            seen = probe.floodOutputs();
            Thread.sleep(2_000);
        }
    }

    /** The figures of the runs of one kind, their records pooled; the flood's volume per run on average. */
    private static Figures figures(String name, Options o, List<Sample> samples) {
        List<Long> all = new ArrayList<>();
        samples.forEach(x -> all.addAll(x.latencies()));
        all.sort(null);
        int late = samples.stream().mapToInt(Sample::late).sum();
        long floodRecords = samples.stream().mapToLong(Sample::floodRecords).sum() / samples.size();
        double floodBytes = samples.stream().mapToDouble(Sample::floodBytesPerSecond).average().orElse(0);
        return new Figures(name, all.size(), late, percentile(all, 50), percentile(all, 99),
                all.isEmpty() ? 0 : all.get(all.size() - 1), floodRecords, floodBytes);
    }

    /** The other tenants' acknowledged inputs (output key → broker timestamp); {@code except} left out. */
    private static Map<String, Long> acked(List<TenantTraffic> traffic, String except) {
        Map<String, Long> all = new HashMap<>();
        traffic.stream().filter(t -> !t.tenant().equals(except)).forEach(t -> all.putAll(t.acked()));
        return all;
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
