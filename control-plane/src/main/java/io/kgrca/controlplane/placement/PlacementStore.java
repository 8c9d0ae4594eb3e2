package io.kgrca.controlplane.placement;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current placement of every tenant, as {@code cluster.placement} says: rebuilt at start by following the
 * topic from the beginning ({@link #apply}), and updated at once by the control plane's own writes
 * ({@link #written}). Each entry remembers the offset it came from, so that the follower reading back an older
 * record of a tenant never undoes a newer write. A tombstone removes the tenant.
 */
public final class PlacementStore {

    private static final Logger LOG = LoggerFactory.getLogger(PlacementStore.class);

    /** One tenant's latest known record: its placement (null: a tombstone) and offset. */
    private record Entry(Placement placement, long offset) {
    }

    private final Map<TenantId, Entry> entries = new ConcurrentHashMap<>();
    private final ControlPlaneMetrics metrics;

    /** Counts invalid records on {@code metrics} (source {@code placement}). */
    public PlacementStore(ControlPlaneMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Applies a record read from {@code cluster.placement}; an invalid one is counted by reason, logged and
     * ignored (it changes nothing).
     */
    public void apply(byte[] key, byte[] value, long offset) {
        String k = key == null ? "" : new String(key, StandardCharsets.UTF_8);
        if (!TenantId.isValid(k)) {
            reject(k, "invalid-key", "not a tenant id");
            return;
        }
        TenantId id = TenantId.of(k);
        Placement p = null;
        if (value != null) {
            try {
                p = JsonCodec.shared().decode(value, Placement.class);
            } catch (JsonDecodeException e) {
                reject(k, e.reason().code(), e.getMessage());
                return;
            } catch (RuntimeException e) {
                reject(k, "invalid-field", e.getMessage());
                return;
            }
            if (!p.tenant().equals(k)) {
                reject(k, "key-mismatch", "the value names tenant " + p.tenant());
                return;
            }
        }
        record(id, p, offset);
    }

    /** Records the control plane's own write, acknowledged at {@code offset}. */
    public void written(TenantId id, Placement placement, long offset) {
        record(id, placement, offset);
    }

    private void record(TenantId id, Placement p, long offset) {
        entries.merge(id, new Entry(p, offset), (old, now) -> now.offset() >= old.offset() ? now : old);
    }

    private void reject(String key, String reason, String detail) {
        metrics.rejected("placement", reason);
        LOG.warn("tenant={} cluster.placement record ignored ({}): {}", key.isEmpty() ? "-" : key, reason, detail);
    }

    /** The tenant's placement, empty when it is placed nowhere. */
    public Optional<Placement> get(TenantId id) {
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.ofNullable(e.placement());
    }

    /** Every placed tenant's placement. */
    public List<Placement> all() {
        return entries.values().stream().map(Entry::placement).filter(p -> p != null).toList();
    }
}
