package io.kgrca.controlplane.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.kgrca.common.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workers as Docker containers through docker-java. Containers are named {@code kg-<worker>-<client>} and carry
 * reverse-DNS labels, so everything the control plane owns can be found by label and nothing else is touched.
 * Limits are applied (memory, CPU), containers run as uid 10001 with no-new-privileges, Docker's restart policy is
 * off (the control plane restarts workers itself, with backoff, and counts the restarts), and json-file logs are
 * capped. The restart history of a respawned worker is kept in two labels ({@link RestartHistory}), so that a
 * restarted control plane continues a crash loop's count instead of starting it again.
 */
public final class DockerWorkerRuntime implements WorkerRuntime {

    /** Label: who manages the container. */
    public static final String MANAGED_BY = "io.kgrca.managed-by";
    /** The default value of {@link #MANAGED_BY}. */
    public static final String CONTROL_PLANE = "kg-control-plane";
    /** Label: the tenant. */
    public static final String TENANT = "io.kgrca.tenant";
    /** Label: the worker kind. */
    public static final String WORKER = "io.kgrca.worker";
    /** Label: the spec hash. */
    public static final String SPEC_HASH = "io.kgrca.spec-hash";
    /** Label: the worker's metrics port. */
    public static final String METRICS_PORT = "io.kgrca.metrics-port";

    private static final Logger LOG = LoggerFactory.getLogger(DockerWorkerRuntime.class);

    private final DockerClient docker;
    private final String owner;

    /** Uses {@code docker}, which the caller owns, for workers labelled {@code managed-by=kg-control-plane}. */
    public DockerWorkerRuntime(DockerClient docker) {
        this(docker, CONTROL_PLANE);
    }

    /**
     * Uses {@code docker}, which the caller owns, for the workers labelled {@code io.kgrca.managed-by=<owner>}: only
     * those are listed, adopted, watched or removed, so two control planes on one engine leave each other alone.
     */
    public DockerWorkerRuntime(DockerClient docker, String owner) {
        this.docker = docker;
        this.owner = owner;
    }

    @Override
    public List<WorkerInstance> list() throws RuntimeUnavailableException {
        try {
            List<WorkerInstance> out = new ArrayList<>();
            for (Container c : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(MANAGED_BY, owner)).exec()) {
                toInstance(c).ifPresent(out::add);
            }
            return out;
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException("cannot list containers: " + e, e);
        }
    }

    @Override
    public WorkerInstance start(WorkerSpec spec, RestartHistory history) throws RuntimeUnavailableException {
        try {
            String id = create(spec, history);
            try {
                docker.startContainerCmd(id).exec();
            } catch (NotModifiedException e) {
                // an adopted container that was already running
            }
            return new WorkerInstance(id, spec.tenant(), spec.kind(), spec.hash(), true, null, Instant.now(), null,
                    spec.metricsPort(), history);
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException("cannot start " + spec.containerName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(String id, Duration grace) throws RuntimeUnavailableException {
        try {
            docker.stopContainerCmd(id).withTimeout((int) Math.max(1, grace.toSeconds())).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped, or already gone
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException("cannot stop " + id + ": " + e.getMessage(), e);
        }
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone
        } catch (ConflictException e) {
            LOG.debug("container {} is already being removed", id);
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException("cannot remove " + id + ": " + e.getMessage(), e);
        }
    }

    private String create(WorkerSpec spec, RestartHistory history) {
        try {
            return createCmd(spec, history);
        } catch (ConflictException e) {
            // A container with this name exists although the listing did not show it (a race with an earlier start
            // or with another listing). Never remove it blindly: a foreign one is left alone and reported; ours with
            // this very spec is adopted (it may be a live tenant's running worker); ours with another spec is
            // replaced, as the reconciler would have done had it seen it.
            InspectContainerResponse existing = docker.inspectContainerCmd(spec.containerName()).exec();
            Map<String, String> labels = existing.getConfig().getLabels();
            if (labels == null || !owner.equals(labels.get(MANAGED_BY))) {
                throw new IllegalStateException("the name " + spec.containerName()
                        + " is taken by a container that kg-rca does not manage");
            }
            if (spec.hash().equals(labels.get(SPEC_HASH)) && spec.tenant().value().equals(labels.get(TENANT))
                    && spec.kind().id().equals(labels.get(WORKER))) {
                LOG.info("tenant {}: {} already exists with this spec ({}); adopted", spec.tenant(), spec.kind().id(),
                        existing.getId());
                return existing.getId();
            }
            LOG.info("tenant {}: replacing {} ({}), whose spec is outdated", spec.tenant(), spec.containerName(),
                    existing.getId());
            docker.removeContainerCmd(existing.getId()).withForce(true).exec();
            return createCmd(spec, history);
        }
    }

    private String createCmd(WorkerSpec spec, RestartHistory history) {
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.network())
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs((long) (spec.cpus() * 1_000_000_000L))
                .withSecurityOpts(List.of("no-new-privileges"))
                .withRestartPolicy(RestartPolicy.noRestart())
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "10m", "max-file", "3")));
        return docker.createContainerCmd(spec.image())
                .withName(spec.containerName())
                .withUser("10001")
                .withEnv(env)
                .withLabels(Map.of(MANAGED_BY, owner, TENANT, spec.tenant().value(), WORKER, spec.kind().id(),
                        SPEC_HASH, spec.hash(), METRICS_PORT, String.valueOf(spec.metricsPort()),
                        RestartHistory.RESTARTS_LABEL, String.valueOf(history.total()),
                        RestartHistory.RESTART_TIMES_LABEL, history.timesLabel()))
                .withHostConfig(host)
                .exec().getId();
    }

    @Override
    public AutoCloseable watchExits(java.util.function.Consumer<TenantId> onExit) {
        return new DockerExitWatch(docker, Map.of(MANAGED_BY, owner), onExit).open();
    }

    private Optional<WorkerInstance> toInstance(Container c) {
        Map<String, String> labels = c.getLabels();
        String tenant = labels.get(TENANT);
        Optional<WorkerKind> kind = WorkerKind.fromId(labels.getOrDefault(WORKER, ""));
        if (!TenantId.isValid(tenant) || kind.isEmpty()) {
            LOG.warn("container {} carries our label but no valid tenant/worker labels; ignored", c.getId());
            return Optional.empty();
        }
        boolean running = "running".equalsIgnoreCase(c.getState());
        Integer exitCode = null;
        Instant finished = null;
        if (!running) {
            try {
                var state = docker.inspectContainerCmd(c.getId()).exec().getState();
                exitCode = state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue();
                finished = parse(state.getFinishedAt());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        }
        int port = parsePort(labels.get(METRICS_PORT));
        return Optional.of(new WorkerInstance(c.getId(), TenantId.of(tenant), kind.get(),
                labels.getOrDefault(SPEC_HASH, ""), running, exitCode, Instant.ofEpochSecond(c.getCreated()), finished,
                port, RestartHistory.fromLabels(labels.get(RestartHistory.RESTARTS_LABEL),
                        labels.get(RestartHistory.RESTART_TIMES_LABEL))));
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
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
