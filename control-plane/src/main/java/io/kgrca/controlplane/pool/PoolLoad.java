package io.kgrca.controlplane.pool;

import io.kgrca.controlplane.runtime.WorkerKind;

/** The load of a worker kind's pool, read from Kafka: the scaling inputs besides the shared tenants. */
public interface PoolLoad {

    /** No lag, no partition cap: for runtimes and tests without Kafka. */
    PoolLoad NONE = new PoolLoad() {
        @Override
        public long lag(WorkerKind kind) {
            return 0;
        }

        @Override
        public int partitions(WorkerKind kind) {
            return 0;
        }
    };

    /** The consumer lag of {@code PoolNames.group(kind)} on the kind's input topics, in records (0 when unknown). */
    long lag(WorkerKind kind);

    /** The partition count of the kind's largest input topic (0 when unknown). */
    int partitions(WorkerKind kind);
}
