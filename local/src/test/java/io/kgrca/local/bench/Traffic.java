package io.kgrca.local.bench;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.Heartbeat;
import io.kgrca.common.model.Op;
import io.kgrca.common.model.Registration;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.local.demo.DemoScenario;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What many tenants' clusters send, through one idempotent {@code acks=all} producer (one agent per tenant would
 * only add producer threads to this JVM): registrations, heartbeats, the initial state (the demo scenario's
 * resources and topology), and a trickle: per tenant and period one raw Kubernetes event (a latency probe,
 * {@link ProbeTracker}) and, in turn, one raw container log line or one changed pod status. Sends of a tenant are
 * spread evenly over the period so that the load is a steady rate, not bursts.
 */
final class Traffic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Traffic.class);
    private static final ResourceRef POD = ResourceRef.of("Pod", "shop", "web-7d4b8-q9z2m");

    private final KafkaProducer<byte[], byte[]> producer;
    private final ProbeTracker probes;
    private final JsonCodec json = JsonCodec.shared();
    private final AtomicLong produced = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-heartbeats");
        t.setDaemon(true);
        return t;
    });
    private long sequence;

    Traffic(String bootstrap, ProbeTracker probes) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "kg-bench-agents");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
        this.probes = probes;
    }

    /** Data records produced so far (registrations, placements and heartbeats excluded). */
    long produced() {
        return produced.get();
    }

    /** Registers the tenants (as the agent's {@code register} does) and waits for the acknowledgements. */
    void register(List<TenantId> tenants) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (TenantId t : tenants) {
            Registration r = new Registration(t.value(), t.value() + "-cluster", "bench", Instant.now(),
                    Map.of("bench", "scale"));
            out.add(new ProducerRecord<>(Topics.CLUSTER_REGISTRY, bytes(t.value()), json.encode(r)));
        }
        sendAll(out, false);
    }

    /** Writes each tenant's first placement, as the control plane would (used when the benchmark runs the pools). */
    void place(List<TenantId> tenants, PlacementMode mode) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (TenantId t : tenants) {
            out.add(new ProducerRecord<>(Topics.CLUSTER_PLACEMENT, bytes(t.value()),
                    json.encode(Placement.initial(t.value(), mode, Instant.now()))));
        }
        sendAll(out, false);
    }

    /** Heartbeats of every tenant {@code tenants} gives, every {@code interval}, until {@link #close()}. */
    void startHeartbeats(Supplier<List<TenantId>> tenants, Duration interval) {
        long started = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            for (TenantId t : tenants.get()) {
                Heartbeat hb = new Heartbeat(t.value(), Instant.now(), "healthy", Map.of("uptime_seconds",
                        (System.nanoTime() - started) / 1_000_000_000L));
                producer.send(new ProducerRecord<>(Topics.CLUSTER_HEARTBEAT, bytes(t.value()), json.encode(hb)));
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The demo scenario's resources and topology of each tenant, awaited. */
    void sendState(List<TenantId> tenants) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (TenantId t : tenants) {
            out.addAll(new DemoScenario(t, Instant.now().minusSeconds(300)).state());
        }
        sendAll(out, true);
    }

    /** One probe event of {@code tenant} now; returns its uid. */
    String probe(TenantId tenant) {
        String uid = "p" + nextSequence();
        ProducerRecord<byte[], byte[]> event = new DemoScenario(tenant, Instant.now().minusSeconds(120))
                .moreEvents(uid, 1).get(0);
        String eventUid = uid + "-0";
        probes.sent(tenant.value(), eventUid);
        produced.incrementAndGet();
        producer.send(event, (m, e) -> probes.acknowledged(tenant.value(), eventUid, e == null ? m.timestamp() : -1));
        return eventUid;
    }

    /**
     * Sends the trickle of {@code tenants} for {@code duration}: every {@code period}, each tenant one probe event
     * and, in turn, a log line or a pod status change. Blocks; stops early when {@code stop} turns true.
     */
    void trickle(List<TenantId> tenants, Duration period, Duration duration, Supplier<Boolean> stop)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long slot = Math.max(1, period.toNanos() / Math.max(1, tenants.size()));
        long round = 0;
        while (System.nanoTime() < end && !stop.get()) {
            for (int i = 0; i < tenants.size() && !stop.get(); i++) {
                long due = start + round * period.toNanos() + i * slot;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (System.nanoTime() >= end) {
                    break;
                }
                TenantId t = tenants.get(i);
                probe(t);
                producer.send((round + i) % 2 == 0 ? logLine(t, round) : podStatus(t, round));
                produced.incrementAndGet();
            }
            round++;
        }
        producer.flush();
    }

    private synchronized long nextSequence() {
        return sequence++;
    }

    private ProducerRecord<byte[], byte[]> logLine(TenantId t, long round) {
        Map<String, Object> k8s = new LinkedHashMap<>();
        k8s.put("pod_name", POD.name());
        k8s.put("pod_namespace", POD.namespace());
        k8s.put("pod_uid", "uid-" + POD.name());
        k8s.put("container_name", "web");
        k8s.put("container_image", "registry.example/web:1.4");
        k8s.put("pod_node_name", "worker-1");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("message", (round % 4 == 0 ? "ERROR" : "WARN") + " GET /checkout took " + (200 + round % 700)
                + " ms: upstream http://api.shop.svc.cluster.local:8080/orders slow (request " + round + ")");
        v.put("timestamp", Instant.now().toString());
        v.put("stream", "stderr");
        v.put("kubernetes", k8s);
        return new ProducerRecord<>(Topics.RAW_K8S_LOGS, KeyCodec.encode(t, "log", "uid-" + POD.name()),
                json.encode(v));
    }

    private ProducerRecord<byte[], byte[]> podStatus(TenantId t, long round) {
        ResourceRecord value = new ResourceRecord(Op.UPSERT, Instant.now(), POD, "uid-" + POD.name(), t.value(),
                Map.of("app", "web"), null, "worker-1", null, null, null,
                Map.of("phase", "Running", "ready", round % 3 != 0, "restarts", (int) (round / 3)), null);
        return new ProducerRecord<>(Topics.STATE_K8S_RESOURCE, KeyCodec.encode(t, "resource", POD.id()),
                json.encode(value));
    }

    private void sendAll(List<ProducerRecord<byte[], byte[]>> records, boolean data) {
        List<Future<?>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> r : records) {
            acks.add(producer.send(r));
        }
        try {
            for (Future<?> f : acks) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("bench: a send was not acknowledged: " + e, e);
        }
        if (data) {
            produced.addAndGet(records.size());
        }
        LOG.debug("bench: {} records acknowledged", records.size());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
