package io.kgrca.local.demo;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.Heartbeat;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a tenant's cluster sends besides its registration: state, events and logs (as the agent and Vector do)
 * and heartbeats every interval (as the agent's {@code run} does, which needs a Kubernetes API server that these
 * machines do not have). An idempotent {@code acks=all} producer; every send is awaited.
 */
public final class TenantFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TenantFeed.class);

    private final TenantId tenant;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeats");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private ScheduledFuture<?> heartbeats;

    /** A feed of {@code tenant} to the broker at {@code bootstrap}. */
    public TenantFeed(TenantId tenant, String bootstrap) {
        this.tenant = tenant;
        this.producer = producer(bootstrap, "kg-demo-agent-" + tenant.value());
    }

    /** An idempotent {@code acks=all} producer of raw bytes to the broker at {@code bootstrap}, as the agent's. */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrap, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    /** Sends the records and waits until every one is acknowledged. */
    public void send(List<ProducerRecord<byte[], byte[]>> records) {
        try {
            for (var f : records.stream().map(producer::send).toList()) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("tenant " + tenant + ": interrupted while sending", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("tenant " + tenant + ": send failed", e);
        }
        sent.addAndGet(records.size());
        info("{} records sent and acknowledged", records.size());
    }

    /** Sends one heartbeat now, then every {@code interval} until {@link #stopHeartbeats()}. */
    public synchronized void startHeartbeats(Duration interval) {
        stopHeartbeats();
        long started = System.nanoTime();
        heartbeats = timer.scheduleAtFixedRate(() -> heartbeat(started), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        info("heartbeats every {} ms", interval.toMillis());
    }

    /** Stops sending heartbeats (as when the cluster or its agent goes away). */
    public synchronized void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
            info("heartbeats stopped");
        }
    }

    private void heartbeat(long started) {
        Heartbeat hb = new Heartbeat(tenant.value(), Instant.now(), "healthy", Map.of("resources_sent", sent.get(),
                "uptime_seconds", (System.nanoTime() - started) / 1_000_000_000L));
        producer.send(new ProducerRecord<>(Topics.CLUSTER_HEARTBEAT, tenant.value().getBytes(StandardCharsets.UTF_8),
                JsonCodec.shared().encode(hb)), (m, e) -> {
                    if (e != null) {
                        try (MDC.MDCCloseable t = MDC.putCloseable("tenant", tenant.value())) {
                            LOG.warn("heartbeat not sent: {}", e.toString());
                        }
                    }
                });
    }

    /** Logs at INFO with the tenant in the MDC (this runs on the caller's thread, whatever its MDC). */
    private void info(String format, Object... args) {
        try (MDC.MDCCloseable t = MDC.putCloseable("tenant", tenant.value())) {
            LOG.info(format, args);
        }
    }

    @Override
    public void close() {
        stopHeartbeats();
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
