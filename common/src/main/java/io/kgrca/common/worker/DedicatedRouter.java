package io.kgrca.common.worker;

import io.kgrca.common.key.KeyClassifier;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.tenant.TenantId;

import java.time.Duration;

/**
 * The rule of a tenant's own (dedicated) worker: its tenant's records ({@link KeyClassifier}), and of those only
 * the ones {@link Placement#owns(PlacementMode, long, Duration) owned} by the dedicated side when the tenant has a
 * placement; without one (no {@code cluster.placement} record, or a tombstone) it owns all of them, as before
 * placements existed. Never waits.
 */
public final class DedicatedRouter implements RecordRouter {

    private final TenantId tenant;
    private final KeyClassifier keys;
    private final PlacementView view;
    private final Duration overlap;

    /** The router of {@code tenant}'s dedicated worker, following {@code view} with the handoff {@code overlap}. */
    public DedicatedRouter(TenantId tenant, PlacementView view, Duration overlap) {
        this.tenant = tenant;
        this.keys = KeyClassifier.forTenant(tenant);
        this.view = view;
        this.overlap = overlap;
    }

    /** The router of a worker that ignores placements: all of its tenant's records. */
    public static DedicatedRouter ignoringPlacements(TenantId tenant) {
        return new DedicatedRouter(tenant, new PlacementView(), Duration.ZERO);
    }

    @Override
    public RecordRoute route(byte[] key, long brokerTimestampMs) {
        KeyClassifier.Verdict verdict = keys.classify(key);
        if (verdict != KeyClassifier.Verdict.MINE) {
            return RecordRoute.skip(null, verdict.code());
        }
        Placement placement = view.get(tenant.value()).orElse(null);
        if (placement == null || placement.owns(PlacementMode.DEDICATED, brokerTimestampMs, overlap)) {
            return RecordRoute.process(tenant);
        }
        return RecordRoute.skip(tenant, RecordRoute.SHARED);
    }

    @Override
    public long version() {
        return view.version();
    }
}
