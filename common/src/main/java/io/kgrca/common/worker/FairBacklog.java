package io.kgrca.common.worker;

import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records a pool instance has read but not processed yet, queued per tenant, from which the loop takes fair
 * slices: every tenant with records gets up to {@code slice} of them per turn, the tenants with the fewest first.
 * A tenant that floods therefore delays the others by at most one slice of its records instead of the whole burst
 * it wrote ahead of them in the partitions.
 *
 * <p>Records of one partition are processed out of their offset order across tenants (never within a tenant), so
 * the offset that may be committed for a partition is the lowest one still queued ({@link #committable(Map)}): a
 * restart re-processes what lay behind it, which the idempotent sinks absorb.
 *
 * <p>Pure: no I/O; not thread-safe (the loop's thread only).
 */
public final class FairBacklog {

    private final Map<TenantId, ArrayDeque<InboundRecord>> queues = new LinkedHashMap<>();
    private int size;
    private long bytes;

    /** Queues {@code records} (one poll's, already routed to this instance), each tenant's in their order. */
    public void addAll(List<InboundRecord> records) {
        for (InboundRecord r : records) {
            queues.computeIfAbsent(r.key().tenant(), t -> new ArrayDeque<>()).add(r);
            size++;
            bytes += bytesOf(r);
        }
    }

    /** Records queued. */
    public int size() {
        return size;
    }

    /** Bytes queued: the keys' and values' lengths. */
    public long bytes() {
        return bytes;
    }

    /** True when nothing is queued. */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * The next turn: up to {@code slice} records of each tenant (all of them when {@code slice} is 0), the tenants
     * with the fewest queued first, each tenant's in order; when a single tenant has records queued, nobody waits
     * behind it and it gets up to {@code alone} of them. The records stay queued until {@link #done(List)}.
     */
    public List<InboundRecord> next(int slice, int alone) {
        List<ArrayDeque<InboundRecord>> order = new ArrayList<>(queues.values());
        order.sort(Comparator.comparingInt(ArrayDeque::size));
        int share = order.size() == 1 ? Math.max(slice, alone) : slice;
        List<InboundRecord> out = new ArrayList<>();
        for (ArrayDeque<InboundRecord> q : order) {
            int n = share <= 0 ? q.size() : Math.min(share, q.size());
            Iterator<InboundRecord> it = q.iterator();
            for (int i = 0; i < n; i++) {
                out.add(it.next());
            }
        }
        return out;
    }

    /** Removes a turn's records, processed (or dead-lettered): they are at the heads of their tenants' queues. */
    public void done(List<InboundRecord> turn) {
        for (InboundRecord r : turn) {
            ArrayDeque<InboundRecord> q = queues.get(r.key().tenant());
            if (q == null || q.peekFirst() != r) {
                throw new IllegalStateException("not the head of its tenant's queue: " + r.position());
            }
            q.removeFirst();
            size--;
            bytes -= bytesOf(r);
            if (q.isEmpty()) {
                queues.remove(r.key().tenant());
            }
        }
    }

    /** Forgets the records of partitions the group took away: their new owner reads them from the last commit. */
    public void drop(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = Set.copyOf(partitions);
        Iterator<ArrayDeque<InboundRecord>> qs = queues.values().iterator();
        while (qs.hasNext()) {
            ArrayDeque<InboundRecord> q = qs.next();
            Iterator<InboundRecord> rs = q.iterator();
            while (rs.hasNext()) {
                InboundRecord r = rs.next();
                if (gone.contains(partitionOf(r))) {
                    rs.remove();
                    size--;
                    bytes -= bytesOf(r);
                }
            }
            if (q.isEmpty()) {
                qs.remove();
            }
        }
    }

    /**
     * The offsets that may be committed: per partition of {@code readUpTo} (the next offset the loop will read
     * there), the lowest offset still queued in it, or {@code readUpTo}'s when none is.
     */
    public Map<TopicPartition, Long> committable(Map<TopicPartition, Long> readUpTo) {
        Map<TopicPartition, Long> out = new HashMap<>(readUpTo);
        for (ArrayDeque<InboundRecord> q : queues.values()) {
            for (InboundRecord r : q) {
                out.computeIfPresent(partitionOf(r), (tp, next) -> Math.min(next, r.raw().offset()));
            }
        }
        return out;
    }

    private static long bytesOf(InboundRecord r) {
        byte[] key = r.raw().key();
        byte[] value = r.raw().value();
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }

    private static TopicPartition partitionOf(InboundRecord r) {
        return new TopicPartition(r.raw().topic(), r.raw().partition());
    }
}
