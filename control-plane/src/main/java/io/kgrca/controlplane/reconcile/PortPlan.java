package io.kgrca.controlplane.reconcile;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.runtime.WorkerKind;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives each tenant a block of three ports (one per worker) in {@code WORKER_PORT_RANGE}, because with host
 * networking the workers of all tenants share one port space. A tenant keeps its block for the life of the
 * control plane; adopted workers bring theirs back through {@link #claim(TenantId, int)}.
 */
public final class PortPlan {

    private final int base;
    private final int blocks;
    private final Map<TenantId, Integer> blockOf = new HashMap<>();
    private final Map<Integer, TenantId> owner = new HashMap<>();

    /** A plan over {@code count} ports from {@code base}. */
    public PortPlan(int base, int count) {
        this.base = base;
        this.blocks = count / WorkerKind.values().length;
    }

    /** The port of {@code kind} for {@code tenant}, allocating a block on first use. */
    public synchronized int portOf(TenantId tenant, WorkerKind kind) {
        Integer block = blockOf.get(tenant);
        if (block == null) {
            block = freeBlock(tenant);
            blockOf.put(tenant, block);
            owner.put(block, tenant);
        }
        return base + block * WorkerKind.values().length + kind.slot();
    }

    /** Records that {@code tenant} already uses {@code port} (an adopted worker); false when taken by another. */
    public synchronized boolean claim(TenantId tenant, int port) {
        int block = (port - base) / WorkerKind.values().length;
        if (port < base || block >= blocks) {
            return false;
        }
        TenantId current = owner.get(block);
        if (current != null && !current.equals(tenant)) {
            return false;
        }
        owner.put(block, tenant);
        blockOf.put(tenant, block);
        return true;
    }

    /** Frees the tenant's block. */
    public synchronized void release(TenantId tenant) {
        Integer block = blockOf.remove(tenant);
        if (block != null) {
            owner.remove(block);
        }
    }

    private int freeBlock(TenantId tenant) {
        // Start from a hash of the tenant so that ports are stable across restarts in the common case.
        int start = Math.floorMod(tenant.value().hashCode(), blocks);
        for (int i = 0; i < blocks; i++) {
            int b = (start + i) % blocks;
            if (!owner.containsKey(b)) {
                return b;
            }
        }
        throw new IllegalStateException("WORKER_PORT_RANGE is exhausted: " + blocks + " tenants");
    }
}
