package io.kgrca.common.worker;

import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/** A pool instance's loop hooks: its progress follows the assignment and skips; idle processors are closed. */
final class PoolHooks implements LoopHooks {

    private final PoolProgress progress;
    private final TenantRouter router;

    PoolHooks(PoolProgress progress, TenantRouter router) {
        this.progress = progress;
        this.router = router;
    }

    @Override
    public void assigned(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
        progress.assigned(consumer, partitions);
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        progress.revoked(partitions);
    }

    @Override
    public void skipped(TenantId tenant, String reason, int count) {
        progress.skipped(tenant, reason, count);
    }

    @Override
    public void idle() {
        router.evictIdle();
    }
}
