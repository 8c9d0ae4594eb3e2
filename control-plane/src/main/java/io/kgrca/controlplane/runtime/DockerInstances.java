package io.kgrca.controlplane.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.kgrca.common.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Turns Docker's views of a labelled container (a listing entry, an inspection) into a {@link WorkerInstance}. */
final class DockerInstances {

    private static final Logger LOG = LoggerFactory.getLogger(DockerInstances.class);

    private final DockerClient docker;

    DockerInstances(DockerClient docker) {
        this.docker = docker;
    }

    /** A listed container; a stopped one is inspected for its exit code and time. Empty when it is not a worker. */
    Optional<WorkerInstance> of(Container c) {
        boolean running = "running".equalsIgnoreCase(c.getState());
        Optional<Exit> exit = running ? Optional.of(Exit.NONE) : exitOf(c.getId());
        return exit.flatMap(e -> instance(c.getId(), c.getLabels(), running, e.code(),
                Instant.ofEpochSecond(c.getCreated()), e.finishedAt()));
    }

    /** How a stopped container ended; {@link Exit#NONE} for a running one. */
    private record Exit(Integer code, Instant finishedAt) {
        static final Exit NONE = new Exit(null, null);
    }

    /** Inspects a stopped container; empty when it is gone. */
    private Optional<Exit> exitOf(String id) {
        try {
            var state = docker.inspectContainerCmd(id).exec().getState();
            Long code = state.getExitCodeLong();
            return Optional.of(new Exit(code == null ? null : code.intValue(), parse(state.getFinishedAt())));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** True for a pool instance's labels ({@link DockerWorkerRuntime#POOL}). */
    static boolean isPool(Map<String, String> labels) {
        return labels != null && labels.containsKey(DockerWorkerRuntime.POOL);
    }

    /** A listed pool container; a stopped one is inspected. Empty when its labels are not a pool instance's. */
    Optional<PoolInstance> pool(Container c) {
        Map<String, String> labels = c.getLabels();
        Optional<WorkerKind> kind = WorkerKind.fromId(labels.getOrDefault(DockerWorkerRuntime.WORKER, ""));
        int index = parsePort(labels.get(DockerWorkerRuntime.POOL));
        if (kind.isEmpty() || !labels.getOrDefault(DockerWorkerRuntime.POOL, "").matches("[0-9]{1,4}")) {
            LOG.warn("tenant=- container {} carries our pool label but no valid pool/worker labels; ignored",
                    c.getId());
            return Optional.empty();
        }
        boolean running = "running".equalsIgnoreCase(c.getState());
        return (running ? Optional.of(Exit.NONE) : exitOf(c.getId())).map(e -> new PoolInstance(c.getId(),
                kind.get(), index, labels.getOrDefault(DockerWorkerRuntime.SPEC_HASH, ""), running, e.code(),
                Instant.ofEpochSecond(c.getCreated()), e.finishedAt(),
                parsePort(labels.get(DockerWorkerRuntime.METRICS_PORT)),
                RestartHistory.fromLabels(labels.get(RestartHistory.RESTARTS_LABEL),
                        labels.get(RestartHistory.RESTART_TIMES_LABEL))));
    }

    /** The container {@code id} as it is now; empty when it is gone or not a worker. */
    Optional<WorkerInstance> inspect(String id) {
        try {
            InspectContainerResponse r = docker.inspectContainerCmd(id).exec();
            var state = r.getState();
            boolean running = Boolean.TRUE.equals(state.getRunning());
            Long code = state.getExitCodeLong();
            Integer exitCode = running || code == null ? null : code.intValue();
            Instant created = parse(r.getCreated());
            // A listing gives the creation time to the second; the same here, so both views compare equal.
            return instance(r.getId(), r.getConfig().getLabels(), running, exitCode,
                    created == null ? null : Instant.ofEpochSecond(created.getEpochSecond()),
                    running ? null : parse(state.getFinishedAt()));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("cannot inspect container {} after an event ({}); the next resync lists it", id, e.toString());
            return Optional.empty();
        }
    }

    private static Optional<WorkerInstance> instance(String id, Map<String, String> labels, boolean running,
                                                     Integer exitCode, Instant startedAt, Instant finished) {
        if (isPool(labels)) {
            // a pool instance: not a tenant's worker (listed by listPools)
            return Optional.empty();
        }
        String tenant = labels == null ? null : labels.get(DockerWorkerRuntime.TENANT);
        Optional<WorkerKind> kind = WorkerKind.fromId(labels == null ? ""
                : labels.getOrDefault(DockerWorkerRuntime.WORKER, ""));
        if (!TenantId.isValid(tenant) || kind.isEmpty()) {
            LOG.warn("container {} carries our label but no valid tenant/worker labels; ignored", id);
            return Optional.empty();
        }
        return Optional.of(new WorkerInstance(id, TenantId.of(tenant), kind.get(),
                labels.getOrDefault(DockerWorkerRuntime.SPEC_HASH, ""), running, exitCode, startedAt, finished,
                parsePort(labels.get(DockerWorkerRuntime.METRICS_PORT)),
                RestartHistory.fromLabels(labels.get(RestartHistory.RESTARTS_LABEL),
                        labels.get(RestartHistory.RESTART_TIMES_LABEL))));
    }

    private static Instant parse(String time) {
        try {
            return time == null || time.startsWith("0001-") ? null : Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int parsePort(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
