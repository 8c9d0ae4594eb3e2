package io.kgrca.common.worker;

import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * What a {@link WorkerLoop} tells the rest of its worker, on the loop's thread; every method has a no-op default.
 * A pool instance tracks its assignment and per-tenant progress and evicts idle processors here; a dedicated
 * worker positions newly assigned partitions after a move.
 */
public interface LoopHooks {

    /** Does nothing. */
    LoopHooks NONE = new LoopHooks() {
    };

    /**
     * The group gave {@code partitions} to this loop (inside {@code poll}); the hook may {@code seek} them on
     * {@code consumer}.
     */
    default void assigned(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
    }

    /** The group took {@code partitions} away (revoked or lost); nothing of them is committed after this. */
    default void revoked(Collection<TopicPartition> partitions) {
    }

    /** {@code count} records skipped for {@code reason}; {@code tenant} is null when the key names none. */
    default void skipped(TenantId tenant, String reason, int count) {
    }

    /** Once per iteration, after the poll's batch is done (or when nothing was polled). */
    default void idle() {
    }
}
