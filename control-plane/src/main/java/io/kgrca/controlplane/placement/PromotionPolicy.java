package io.kgrca.controlplane.placement;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pure (no I/O; the time is passed in): promotes a shared tenant whose record rate stays above
 * {@code PROMOTE_RECORDS_PER_SECOND} for {@code PROMOTE_AFTER} to dedicated. Off with a threshold of 0. It only
 * promotes: it never moves a tenant to shared, and never touches a tenant whose placement the operator chose
 * (at provisioning or through the API). A sample below the threshold restarts the wait; a tenant without a known
 * rate keeps its wait as it is. Its memory is one instant per tenant above the threshold.
 */
public final class PromotionPolicy {

    private final double threshold;
    private final Duration after;
    private final Map<TenantId, Instant> aboveSince = new ConcurrentHashMap<>();

    /** Promotes above {@code threshold} records/s (0: never) sustained for {@code after}. */
    public PromotionPolicy(double threshold, Duration after) {
        this.threshold = threshold;
        this.after = after;
    }

    /** False when the threshold is 0. */
    public boolean enabled() {
        return threshold > 0;
    }

    /**
     * Looks at one tenant's rate sample at {@code now}; returns the reason to promote it, or empty.
     *
     * @param placement      its placement (null: placed nowhere)
     * @param operatorChosen whether the operator chose its placement
     * @param rate           its rate now, or null when unknown
     */
    public Optional<String> observe(TenantId id, Placement placement, boolean operatorChosen, Double rate,
                                    Instant now) {
        if (!enabled() || placement == null || placement.mode() != PlacementMode.SHARED || operatorChosen) {
            aboveSince.remove(id);
            return Optional.empty();
        }
        if (rate == null) {
            return Optional.empty();
        }
        if (rate <= threshold) {
            aboveSince.remove(id);
            return Optional.empty();
        }
        Instant since = aboveSince.computeIfAbsent(id, k -> now);
        if (Duration.between(since, now).compareTo(after) < 0) {
            return Optional.empty();
        }
        aboveSince.remove(id);
        return Optional.of(String.format(Locale.ROOT, "record rate %.1f/s above %.1f/s since %s (PROMOTE_AFTER %s)",
                rate, threshold, since, after));
    }

    /** Drops what is kept about a tenant placed nowhere any more. */
    public void forget(TenantId id) {
        aboveSince.remove(id);
    }

    /** How many tenants are waiting above the threshold (for tests). */
    int waiting() {
        return aboveSince.size();
    }
}
