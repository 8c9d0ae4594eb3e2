package io.kgrca.controlplane.runtime;

import io.kgrca.common.tenant.TenantId;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where workers run: Docker, child processes, Kubernetes. The reconciler never knows which. Every worker the
 * runtime lists carries the labels that tie it to a tenant and a kind; nothing else is ever touched.
 */
public interface WorkerRuntime {

    /** Every worker this control plane owns, running or not. */
    List<WorkerInstance> list() throws RuntimeUnavailableException;

    /**
     * The workers of one tenant. The default filters {@link #list()}; a runtime that keeps an observed-state cache
     * answers from it.
     */
    default List<WorkerInstance> list(TenantId tenant) throws RuntimeUnavailableException {
        return list().stream().filter(w -> w.tenant().equals(tenant)).toList();
    }

    /** Creates and starts a worker without restart history; a leftover with the same name is replaced. */
    default WorkerInstance start(WorkerSpec spec) throws RuntimeUnavailableException {
        return start(spec, RestartHistory.NONE);
    }

    /**
     * Creates and starts a worker that carries {@code history} (kept with the worker, outside its spec hash, and
     * listed back by {@link #list()}); a leftover with the same name is replaced.
     */
    WorkerInstance start(WorkerSpec spec, RestartHistory history) throws RuntimeUnavailableException;

    /**
     * The id of the image that {@code reference} names now, which a worker spec's hash covers (so that a re-tagged
     * image replaces the workers); empty for a runtime without images or an image it cannot find.
     */
    default String imageId(String reference) {
        return "";
    }

    /**
     * Every instance of the worker kinds' pools (shared placement) this control plane owns, running or not. A
     * runtime that cannot run pools has none.
     */
    default List<PoolInstance> listPools() throws RuntimeUnavailableException {
        return List.of();
    }

    /**
     * Creates and starts a pool instance that carries {@code history}; a leftover with the same name is replaced.
     * {@link #remove} stops and removes it like any worker.
     */
    default PoolInstance startPool(PoolSpec spec, RestartHistory history) throws RuntimeUnavailableException {
        throw new RuntimeUnavailableException("this runtime runs no pool instances (" + spec.containerName() + ")",
                null);
    }

    /** Stops a worker within {@code grace}, then removes it; an absent worker is not an error. */
    void remove(String id, Duration grace) throws RuntimeUnavailableException;

    /**
     * Calls {@code onExit} with the tenant of every owned worker that stops, as it happens, until the returned
     * handle is closed. Runtimes that cannot watch return a no-op handle; the periodic resync notices exits anyway.
     */
    default AutoCloseable watchExits(Consumer<TenantId> onExit) {
        return () -> { };
    }

    /** Thrown when the runtime cannot be reached or refuses an operation. */
    final class RuntimeUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public RuntimeUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
