package io.kgrca.controlplane.runtime;

import io.kgrca.common.tenant.TenantId;

import java.time.Instant;

/**
 * A worker as the runtime sees it.
 *
 * @param id         the runtime's id (container id)
 * @param tenant     the tenant, from the labels
 * @param kind       the worker, from the labels
 * @param specHash   the spec hash label
 * @param running    true while it runs
 * @param exitCode   the last exit code, when not running
 * @param startedAt  when it last started, or null
 * @param finishedAt when it last stopped, or null
 * @param metricsPort the port label of the worker
 * @param history    the restart history it was started with ({@link RestartHistory#NONE} when unknown)
 */
public record WorkerInstance(String id, TenantId tenant, WorkerKind kind, String specHash, boolean running,
                             Integer exitCode, Instant startedAt, Instant finishedAt, int metricsPort,
                             RestartHistory history) {

    /** A null history is none. */
    public WorkerInstance {
        history = history == null ? RestartHistory.NONE : history;
    }

    /** A worker without restart history. */
    public WorkerInstance(String id, TenantId tenant, WorkerKind kind, String specHash, boolean running,
                          Integer exitCode, Instant startedAt, Instant finishedAt, int metricsPort) {
        this(id, tenant, kind, specHash, running, exitCode, startedAt, finishedAt, metricsPort, RestartHistory.NONE);
    }
}
