package io.kgrca.common.worker;

import io.kgrca.common.key.KeyClassifier;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.tenant.TenantId;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rule of a pool instance (shared placement): the tenant comes from the key; a record is processed when the
 * tenant's placement {@link Placement#owns(PlacementMode, long, Duration) gives it} to the shared side. Otherwise it
 * is skipped, by reason: {@code no-key}, {@code invalid-key}, {@code dedicated} (the tenant's own workers own it),
 * {@code not-placed} (a tombstone removed the tenant's placement), {@code unplaced} (no placement for longer than the
 * wait). A tenant without any placement yet is waited for: {@link RecordRoute.Kind#WAIT} until {@code wait} after
 * the first of its records this router saw was written (its broker timestamp, or the time it was seen if that is
 * earlier), in a bounded memory of first sightings, least recently seen forgotten first. Counting from the broker
 * timestamp means that a backlog of a tenant never placed (records older than the wait, read after a restart or by
 * a new instance) is skipped at once instead of pausing the partition again, and that unplaced tenants whose records
 * arrived during one wait are waited for at the same time, not one after the other.
 *
 * <p>Not thread-safe: one router per loop, used on the loop's thread.
 */
public final class PoolRouter implements RecordRouter {

    /** First sightings remembered by default. */
    public static final int REMEMBERED_TENANTS = 10_000;

    private final PlacementView view;
    private final Duration overlap;
    private final long waitMs;
    private final Clock clock;
    private final Map<String, Long> firstSeen;

    /** A router following {@code view}, with the handoff {@code overlap} and the placement {@code wait}. */
    public PoolRouter(PlacementView view, Duration overlap, Duration wait, Clock clock) {
        this(view, overlap, wait, clock, REMEMBERED_TENANTS);
    }

    /** The same, remembering at most {@code remembered} first sightings. */
    public PoolRouter(PlacementView view, Duration overlap, Duration wait, Clock clock, int remembered) {
        this.view = view;
        this.overlap = overlap;
        this.waitMs = wait.toMillis();
        this.clock = clock;
        this.firstSeen = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > remembered;
            }
        };
    }

    @Override
    public RecordRoute route(byte[] key, long brokerTimestampMs) {
        if (key == null) {
            return RecordRoute.skip(null, RecordRoute.NO_KEY);
        }
        String value = KeyClassifier.tenantPart(key);
        if (value == null) {
            return RecordRoute.skip(null, RecordRoute.INVALID_KEY);
        }
        TenantId tenant = TenantId.of(value);
        Placement placement = view.get(value).orElse(null);
        if (placement != null) {
            return placement.owns(PlacementMode.SHARED, brokerTimestampMs, overlap)
                    ? RecordRoute.process(tenant) : RecordRoute.skip(tenant, RecordRoute.DEDICATED);
        }
        if (view.removed(value)) {
            return RecordRoute.skip(tenant, RecordRoute.NOT_PLACED);
        }
        long now = clock.millis();
        long written = brokerTimestampMs < 0 ? now : Math.min(now, brokerTimestampMs); // < 0: no timestamp
        long until = firstSeen.computeIfAbsent(value, t -> written) + waitMs;
        return now < until ? RecordRoute.waitFor(tenant, until) : RecordRoute.skip(tenant, RecordRoute.UNPLACED);
    }

    @Override
    public long version() {
        return view.version();
    }
}
