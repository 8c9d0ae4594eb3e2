package io.kgrca.controlplane.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * Pure: how many instances one worker kind's pool should run. The demand is
 * {@code max(ceil(sharedTenants / POOL_TENANTS_PER_INSTANCE), ceil(lag / POOL_LAG_PER_INSTANCE))}, clamped to
 * {@code [POOL_MIN, min(POOL_MAX, partitions)]} (an instance beyond the partition count would get none); with no
 * shared tenant it is {@code POOL_MIN}. More demand is followed at once; less only after it stayed lower for
 * {@code POOL_SCALE_DOWN_AFTER}, one instance at a time (the caller removes the highest index, so members keep
 * their ids), each step waiting the delay again. One planner per kind; not thread-safe (one reconcile thread).
 */
public final class PoolPlanner {

    /**
     * What a pool is asked to carry now.
     *
     * @param sharedTenants tenants placed in the pools
     * @param lag           the pool group's consumer lag on the kind's input topics, in records
     * @param partitions    the partition count of the kind's largest input topic (0 when unknown: no cap)
     */
    public record Demand(int sharedTenants, long lag, int partitions) {
    }

    private final PoolSettings settings;
    private Integer current;
    private Instant lowerSince;

    /** A planner for {@code settings}. */
    public PoolPlanner(PoolSettings settings) {
        this.settings = settings;
    }

    /** The instance count {@code demand} asks for, before hysteresis. */
    public int target(Demand demand) {
        int cap = demand.partitions() > 0 ? Math.min(settings.max(), demand.partitions()) : settings.max();
        if (demand.sharedTenants() <= 0) {
            return Math.min(settings.min(), cap);
        }
        long byTenants = ceilDiv(demand.sharedTenants(), settings.tenantsPerInstance());
        long byLag = ceilDiv(Math.max(0, demand.lag()), settings.lagPerInstance());
        long wanted = Math.max(settings.min(), Math.max(byTenants, byLag));
        return (int) Math.min(wanted, cap);
    }

    /**
     * The instance count to run now. {@code found} is the count the runtime shows (the highest index + 1), used
     * once, so that a restarted control plane keeps the instances it adopts until the demand removes them.
     */
    public int next(Demand demand, int found, Instant now) {
        if (current == null) {
            current = found;
        }
        int target = target(demand);
        if (target >= current) {
            current = target;
            lowerSince = null;
        } else if (lowerSince == null) {
            lowerSince = now;
        } else if (!Duration.between(lowerSince, now).minus(settings.scaleDownAfter()).isNegative()) {
            current = current - 1;
            lowerSince = current > target ? now : null;
        }
        return current;
    }

    /** The count {@link #next} last returned, or -1 before the first call. */
    public int current() {
        return current == null ? -1 : current;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
