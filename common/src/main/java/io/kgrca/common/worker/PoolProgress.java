package io.kgrca.common.worker;

import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A pool instance's progress per tenant and its assignment, served as {@code GET /pool/tenants} for the control
 * plane's status API and its promotion policy. Thread-safe (written on the loop's thread, read by the HTTP
 * server's); bounded: at most {@code maxTenants} tenants are remembered, the least recently active forgotten first.
 * As a {@link LoopHooks} it follows the assignment and counts skipped records per tenant.
 */
public final class PoolProgress implements LoopHooks {

    /**
     * One tenant's progress in this instance.
     *
     * @param tenant              the tenant id
     * @param records             records of the tenant processed (committed) by this instance
     * @param lastBrokerTimestamp the broker timestamp (ms) of the last of them, 0 before the first
     * @param lastProcessedAt     when the last of them was processed, null before the first
     * @param skipped             records of the tenant this instance skipped (placed elsewhere, unplaced, ...)
     */
    public record TenantProgress(String tenant, long records, long lastBrokerTimestamp, Instant lastProcessedAt,
                                 long skipped) {
    }

    /**
     * The answer of {@code GET /pool/tenants}.
     *
     * @param instance the instance's member id ({@code <worker>.pool-<n>})
     * @param group    its consumer group ({@code <worker>.pool})
     * @param assigned its partitions, as {@code topic-partition}, sorted
     * @param tenants  the tenants it has seen, by tenant id
     */
    public record Snapshot(String instance, String group, List<String> assigned, List<TenantProgress> tenants) {
    }

    private final String instance;
    private final String group;
    private final Clock clock;
    private final Map<String, TenantProgress> tenants;
    private final TreeSet<String> assigned = new TreeSet<>();

    /** The progress of {@code instance} in {@code group}, remembering at most {@code maxTenants} tenants. */
    public PoolProgress(String instance, String group, int maxTenants, Clock clock) {
        this.instance = instance;
        this.group = group;
        this.clock = clock;
        this.tenants = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TenantProgress> eldest) {
                return size() > maxTenants;
            }
        };
    }

    /** {@code records} of {@code tenant} processed, the last stamped {@code lastBrokerTimestamp} by the broker. */
    public synchronized void processed(TenantId tenant, int records, long lastBrokerTimestamp) {
        TenantProgress p = tenants.get(tenant.value());
        long skipped = p == null ? 0 : p.skipped();
        long total = (p == null ? 0 : p.records()) + records;
        long last = Math.max(p == null ? 0 : p.lastBrokerTimestamp(), lastBrokerTimestamp);
        tenants.put(tenant.value(), new TenantProgress(tenant.value(), total, last, clock.instant(), skipped));
    }

    @Override
    public synchronized void skipped(TenantId tenant, String reason, int count) {
        if (tenant == null) {
            return;
        }
        TenantProgress p = tenants.get(tenant.value());
        tenants.put(tenant.value(), p == null
                ? new TenantProgress(tenant.value(), 0, 0, null, count)
                : new TenantProgress(p.tenant(), p.records(), p.lastBrokerTimestamp(), p.lastProcessedAt(),
                p.skipped() + count));
    }

    /** Forgets {@code tenant} (its placement was removed). */
    public synchronized void forget(String tenant) {
        tenants.remove(tenant);
    }

    @Override
    public synchronized void assigned(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> assigned.add(tp.toString()));
    }

    @Override
    public synchronized void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> assigned.remove(tp.toString()));
    }

    /** A consistent copy. */
    public synchronized Snapshot snapshot() {
        List<TenantProgress> list = new ArrayList<>(tenants.values());
        list.sort((a, b) -> a.tenant().compareTo(b.tenant()));
        return new Snapshot(instance, group, List.copyOf(assigned), list);
    }
}
