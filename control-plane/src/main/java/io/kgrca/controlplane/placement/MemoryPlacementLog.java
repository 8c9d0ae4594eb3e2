package io.kgrca.controlplane.placement;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.tenant.TenantId;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PlacementLog} in memory: every write appended to a list (offsets 0, 1, ...). For control planes built
 * without Kafka (tests of other concerns) and for unit tests, which look at {@link #written()}.
 */
public final class MemoryPlacementLog implements PlacementLog {

    /** One write: the tenant and its placement (null: a tombstone). */
    public record Write(TenantId tenant, Placement placement) {
    }

    private final List<Write> writes = new ArrayList<>();
    private volatile boolean failing;

    @Override
    public synchronized long write(TenantId tenant, Placement placement) throws Exception {
        if (failing) {
            throw new IllegalStateException("placement log unavailable (test)");
        }
        writes.add(new Write(tenant, placement));
        return writes.size() - 1L;
    }

    /** Makes the following writes fail ({@code true}) or succeed again. */
    public void failing(boolean fail) {
        this.failing = fail;
    }

    /** Every write so far, in order. */
    public synchronized List<Write> written() {
        return List.copyOf(writes);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
