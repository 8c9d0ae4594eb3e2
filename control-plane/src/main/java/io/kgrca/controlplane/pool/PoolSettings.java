package io.kgrca.controlplane.pool;

import io.kgrca.common.config.Env;
import io.kgrca.controlplane.config.ControlPlaneDefinitions;
import io.kgrca.controlplane.runtime.WorkerKind;

import java.time.Duration;
import java.util.Map;

/**
 * The pools' settings ({@code POOL_*}, defined in {@link ControlPlaneDefinitions#POOLS}).
 *
 * @param min                {@code POOL_MIN}: the fewest instances per kind
 * @param max                {@code POOL_MAX}: the most instances per kind
 * @param tenantsPerInstance {@code POOL_TENANTS_PER_INSTANCE}
 * @param lagPerInstance     {@code POOL_LAG_PER_INSTANCE}
 * @param scaleDownAfter     {@code POOL_SCALE_DOWN_AFTER}
 * @param memoryBytes        {@code POOL_MEMORY}
 * @param cpus               {@code POOL_CPUS}
 * @param portBase           {@code POOL_PORT_BASE}
 * @param interval           {@code POOL_RECONCILE_INTERVAL}
 */
public record PoolSettings(int min, int max, int tenantsPerInstance, int lagPerInstance, Duration scaleDownAfter,
                           long memoryBytes, double cpus, int portBase, Duration interval) {

    /** Ports reserved per worker kind: instance indexes stay below it. */
    public static final int PORTS_PER_KIND = 100;

    /** Checks the bounds that the definitions cannot see together. */
    public PoolSettings {
        if (min < 0 || max < 1 || min > max || max > PORTS_PER_KIND) {
            throw new IllegalArgumentException("pool bounds " + min + ".." + max + " are not within 0..100");
        }
    }

    /** The settings of an empty environment. */
    public static PoolSettings defaults() {
        return fromEnv(new Env(Map.of()));
    }

    /** Reads and validates the settings. */
    public static PoolSettings fromEnv(Env env) {
        return new PoolSettings(ControlPlaneDefinitions.POOL_MIN.read(env), ControlPlaneDefinitions.POOL_MAX.read(env),
                ControlPlaneDefinitions.POOL_TENANTS_PER_INSTANCE.read(env),
                ControlPlaneDefinitions.POOL_LAG_PER_INSTANCE.read(env),
                ControlPlaneDefinitions.POOL_SCALE_DOWN_AFTER.read(env), ControlPlaneDefinitions.POOL_MEMORY.read(env),
                ControlPlaneDefinitions.POOL_CPUS.read(env), ControlPlaneDefinitions.POOL_PORT_BASE.read(env),
                ControlPlaneDefinitions.POOL_RECONCILE_INTERVAL.read(env));
    }

    /** The port of instance {@code index} of {@code kind}'s pool. */
    public int portOf(WorkerKind kind, int index) {
        return portBase + PORTS_PER_KIND * kind.slot() + index;
    }
}
