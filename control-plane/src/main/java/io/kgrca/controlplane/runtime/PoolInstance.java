package io.kgrca.controlplane.runtime;

import io.kgrca.common.placement.PoolNames;

import java.time.Instant;

/**
 * An instance of a worker kind's pool as the runtime sees it.
 *
 * @param id          the runtime's id (container id, {@code pid-<n>})
 * @param kind        the worker, from the labels
 * @param index       the instance's index in its pool, from the labels
 * @param specHash    the spec hash label
 * @param running     true while it runs
 * @param exitCode    the last exit code, when not running
 * @param startedAt   when it last started, or null
 * @param finishedAt  when it last stopped, or null
 * @param metricsPort the port label
 * @param history     the restart history it was started with
 */
public record PoolInstance(String id, WorkerKind kind, int index, String specHash, boolean running,
                           Integer exitCode, Instant startedAt, Instant finishedAt, int metricsPort,
                           RestartHistory history) {

    /** A null history is none. */
    public PoolInstance {
        history = history == null ? RestartHistory.NONE : history;
    }

    /** The static member id {@code <worker>.pool-<n>}. */
    public String member() {
        return PoolNames.instance(kind.id(), index);
    }
}
