package io.kgrca.controlplane.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.config.WorkerIsolation;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workers as Docker containers through docker-java. Containers are named {@code kg-<worker>-<client>} and carry
 * reverse-DNS labels, so everything the control plane owns can be found by label and nothing else is touched.
 * Limits are applied (memory, CPU, processes), containers run as the worker uid (10001) with every capability
 * dropped, no-new-privileges, a read-only root filesystem and a size-limited tmpfs on {@code /tmp}; Docker's restart
 * policy is off (the control plane restarts workers itself, with backoff, and counts the restarts), and json-file
 * logs are capped. The restart history of a respawned worker is kept in two labels ({@link RestartHistory}), so that
 * a restarted control plane continues a crash loop's count instead of starting it again. Secrets never enter a
 * container's environment: they are files in
 * {@code <WORKER_SECRETS_DIR>/<container name>/} (0400, owned by the worker uid), bind-mounted read-only at
 * {@link WorkerSecrets#CONTAINER_DIR}, with {@code <NAME>_FILE} variables pointing to them; the directory is
 * deleted with the container. A tenant's workers ({@link #list(TenantId)}) come from an observed-state cache
 * ({@link ObservedWorkers}) while the event stream of {@link #watchExits} is open: reloaded by every full
 * {@link #list()}, updated by this runtime's starts and removals and by {@code start}/{@code die}/{@code destroy}
 * events. The spec hash covers the id of the image a spec's reference names
 * ({@link #imageId(String)}, resolved by {@link ImageIds} and remembered for {@link #IMAGE_ID_TTL}), so a new build
 * re-tagged as the same reference replaces the workers.
 */
public final class DockerWorkerRuntime implements WorkerRuntime {

    /** Label: who manages the container. */
    public static final String MANAGED_BY = "io.kgrca.managed-by";
    /** The default value of {@link #MANAGED_BY}. */
    public static final String CONTROL_PLANE = "kg-control-plane";
    /** Label: the tenant. */
    public static final String TENANT = "io.kgrca.tenant";
    /** Label: the index of a pool instance (shared placement), in place of {@link #TENANT}. */
    public static final String POOL = "io.kgrca.pool";
    /** Label: the worker kind. */
    public static final String WORKER = "io.kgrca.worker";
    /** Label: the spec hash. */
    public static final String SPEC_HASH = "io.kgrca.spec-hash";
    /** Label: the worker's metrics port. */
    public static final String METRICS_PORT = "io.kgrca.metrics-port";

    /** How long a resolved image id is reused before the engine is asked again. */
    public static final Duration IMAGE_ID_TTL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(DockerWorkerRuntime.class);

    private final DockerClient docker;
    private final String owner;
    private final WorkerIsolation isolation;
    private final DockerInstances instances;
    private final ObservedWorkers observed = new ObservedWorkers();
    private final ImageIds imageIds;

    /**
     * Uses {@code docker}, which the caller owns, for the workers labelled {@code io.kgrca.managed-by=<owner>}: only
     * those are listed, adopted, watched or removed, so two control planes on one engine leave each other alone.
     * Containers are confined and receive their secrets as {@code isolation} says.
     */
    public DockerWorkerRuntime(DockerClient docker, String owner, WorkerIsolation isolation) {
        this.docker = docker;
        this.owner = owner;
        this.isolation = isolation;
        this.instances = new DockerInstances(docker);
        this.imageIds = new ImageIds(this::inspectImage, IMAGE_ID_TTL, Clock.systemUTC());
    }

    @Override
    public String imageId(String reference) {
        return imageIds.idOf(reference);
    }

    private Optional<String> inspectImage(String reference) {
        try {
            return Optional.ofNullable(docker.inspectImageCmd(reference).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** A full listing (at start and at each periodic resync); it also reloads the observed state. */
    @Override
    public List<WorkerInstance> list() throws RuntimeUnavailableException {
        try {
            long startedAt = observed.beginListing();
            List<WorkerInstance> out = new ArrayList<>();
            for (Container c : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(MANAGED_BY, owner)).exec()) {
                if (!DockerInstances.isPool(c.getLabels())) {
                    instances.of(c).ifPresent(out::add);
                }
            }
            observed.replaceAll(out, startedAt);
            return out;
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException("cannot list containers: " + e, e);
        }
    }

    /** The pool instances: containers labelled {@link #POOL}, always from a listing (a handful per kind). */
    @Override
    public List<PoolInstance> listPools() throws RuntimeUnavailableException {
        try {
            List<PoolInstance> out = new ArrayList<>();
            for (Container c : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(MANAGED_BY, owner)).exec()) {
                if (DockerInstances.isPool(c.getLabels())) {
                    instances.pool(c).ifPresent(out::add);
                }
            }
            return out;
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException("cannot list pool containers: " + e, e);
        }
    }

    /**
     * A tenant's workers from the observed state while the event stream feeds it ({@link #watchExits}); without a
     * stream, or before the first full listing, from a full listing as before.
     */
    @Override
    public List<WorkerInstance> list(TenantId tenant) throws RuntimeUnavailableException {
        Optional<List<WorkerInstance>> cached = observed.of(tenant);
        if (cached.isPresent()) {
            return cached.get();
        }
        return list().stream().filter(w -> w.tenant().equals(tenant)).toList();
    }

    @Override
    public WorkerInstance start(WorkerSpec spec, RestartHistory history) throws RuntimeUnavailableException {
        String id = launch(spec, history);
        WorkerInstance started = new WorkerInstance(id, spec.tenant(), spec.kind(), spec.hash(), true, null,
                Instant.now(), null, spec.metricsPort(), history);
        observed.put(started);
        return started;
    }

    @Override
    public PoolInstance startPool(PoolSpec spec, RestartHistory history) throws RuntimeUnavailableException {
        String id = launch(spec, history);
        return new PoolInstance(id, spec.kind(), spec.index(), spec.hash(), true, null, Instant.now(), null,
                spec.metricsPort(), history);
    }

    /** Writes the secrets, creates (or adopts) and starts the container; its id. */
    private String launch(ContainerSpec spec, RestartHistory history) throws RuntimeUnavailableException {
        WorkerSecrets secrets = WorkerSecrets.split(spec.env(), WorkerSecrets.CONTAINER_DIR);
        try {
            SecretDirectory.write(isolation.secretsDir().resolve(spec.containerName()), secrets.files(), isolation.uid());
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot write the secrets of " + spec.containerName() + ": "
                    + e.getMessage(), e);
        }
        try {
            String id = create(spec, secrets, history);
            try {
                docker.startContainerCmd(id).exec();
            } catch (NotModifiedException e) {
                // an adopted container that was already running
            }
            return id;
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException("cannot start " + spec.containerName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(String id, Duration grace) throws RuntimeUnavailableException {
        String name = nameOf(id);
        try {
            docker.stopContainerCmd(id).withTimeout((int) Math.max(1, grace.toSeconds())).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped, or already gone
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException("cannot stop " + id + ": " + e.getMessage(), e);
        }
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            observed.removed(id);
        } catch (NotFoundException e) {
            observed.removed(id);
        } catch (ConflictException e) {
            LOG.debug("container {} is already being removed", id);
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException("cannot remove " + id + ": " + e.getMessage(), e);
        }
        if (name != null) {
            try {
                SecretDirectory.delete(isolation.secretsDir().resolve(name));
            } catch (IOException e) {
                throw new RuntimeUnavailableException("cannot delete the secrets of " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** The container's name without Docker's leading slash, or null when it is gone or its name is not ours. */
    private String nameOf(String id) {
        try {
            String name = docker.inspectContainerCmd(id).exec().getName();
            String bare = name == null ? "" : name.replaceFirst("^/", "");
            return bare.matches("kg-[a-z-]+(-[a-z0-9-]+|\\.pool-[0-9]+)") ? bare : null;
        } catch (NotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String create(ContainerSpec spec, WorkerSecrets secrets, RestartHistory history) {
        try {
            return createCmd(spec, secrets, history);
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
            if (spec.hash().equals(labels.get(SPEC_HASH))
                    && spec.ownerLabels().entrySet().stream().allMatch(l -> l.getValue().equals(labels.get(l.getKey())))) {
                LOG.info("{} already exists with this spec ({}); adopted", spec.kind().id(),
                        existing.getId());
                return existing.getId();
            }
            LOG.info("replacing {} ({}), whose spec is outdated", spec.containerName(),
                    existing.getId());
            docker.removeContainerCmd(existing.getId()).withForce(true).exec();
            observed.removed(existing.getId());
            return createCmd(spec, secrets, history);
        }
    }

    private String createCmd(ContainerSpec spec, WorkerSecrets secrets, RestartHistory history) {
        List<String> env = new ArrayList<>();
        secrets.env().forEach((k, v) -> env.add(k + "=" + v));
        String secretsOnHost = isolation.secretsHostDir().resolve(spec.containerName()).toString();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.network())
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs((long) (spec.cpus() * 1_000_000_000L))
                .withPidsLimit((long) isolation.pidsLimit())
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                // The JVM needs a writable /tmp (hsperfdata, native libraries of the Kafka client's codecs).
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + isolation.tmpBytes()))
                .withBinds(new Bind(secretsOnHost, new Volume(WorkerSecrets.CONTAINER_DIR), AccessMode.ro))
                .withRestartPolicy(RestartPolicy.noRestart())
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "10m", "max-file", "3")));
        Map<String, String> labels = new HashMap<>(spec.ownerLabels());
        labels.putAll(Map.of(MANAGED_BY, owner, SPEC_HASH, spec.hash(), METRICS_PORT,
                String.valueOf(spec.metricsPort()), RestartHistory.RESTARTS_LABEL, String.valueOf(history.total()),
                RestartHistory.RESTART_TIMES_LABEL, history.timesLabel()));
        return docker.createContainerCmd(spec.image())
                .withName(spec.containerName())
                .withUser(String.valueOf(isolation.uid()))
                .withEnv(env)
                .withLabels(labels)
                .withHostConfig(host)
                .exec().getId();
    }

    @Override
    public AutoCloseable watchExits(Consumer<TenantId> onExit) {
        return new DockerExitWatch(docker, Map.of(MANAGED_BY, owner), onExit, new DockerExitWatch.Listener() {
            @Override
            public void changed(String id, String action) {
                if ("destroy".equals(action)) {
                    observed.removed(id);
                } else {
                    instances.inspect(id).ifPresentOrElse(observed::observed, () -> observed.removed(id));
                }
            }

            @Override
            public void streaming(boolean open) {
                observed.live(open);
            }
        }).open();
    }
}
