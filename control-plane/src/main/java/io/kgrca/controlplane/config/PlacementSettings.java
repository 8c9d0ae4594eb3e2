package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.placement.PlacementMode;

import java.time.Duration;

/**
 * How tenants are placed and moved (issue "shared placement").
 *
 * @param defaultMode            {@code DEFAULT_PLACEMENT}: the placement of a tenant whose provision names none
 * @param lead                   {@code PLACEMENT_LEAD}: a move's handoff time is this far after its write
 * @param overlap                {@code PLACEMENT_OVERLAP}: both sides process this long around the handoff time
 * @param promoteRecordsPerSecond {@code PROMOTE_RECORDS_PER_SECOND}: promotion threshold; 0 turns it off
 * @param promoteAfter           {@code PROMOTE_AFTER}: how long the rate must stay above the threshold
 */
public record PlacementSettings(PlacementMode defaultMode, Duration lead, Duration overlap,
                                double promoteRecordsPerSecond, Duration promoteAfter) {

    /** Reads the placement settings through {@link ControlPlaneDefinitions}. */
    public static PlacementSettings fromEnv(Env env) {
        return new PlacementSettings(ControlPlaneDefinitions.DEFAULT_PLACEMENT.read(env),
                ControlPlaneDefinitions.PLACEMENT_LEAD.read(env), ControlPlaneDefinitions.PLACEMENT_OVERLAP.read(env),
                ControlPlaneDefinitions.PROMOTE_RECORDS_PER_SECOND.read(env),
                ControlPlaneDefinitions.PROMOTE_AFTER.read(env));
    }
}
