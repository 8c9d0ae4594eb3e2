package io.kgrca.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import io.kgrca.testsupport.DockerEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The containers one end-to-end run creates on the engine. The run's own containers (agent commands, the control
 * plane) are Testcontainers {@link GenericContainer}s of the locally built images, with host networking and the
 * label {@code io.kgrca.e2e-run=<run>}; the workers its control plane creates carry
 * {@code io.kgrca.managed-by=<run>} and are the product's own (read and killed here through docker-java).
 * {@link #removeAll()} removes both kinds, and nothing else. Testcontainers runs here with its reaper (ryuk)
 * disabled, so this class stops what it starts.
 */
final class Containers {

    /** The label of containers the run itself starts (agent commands, the control plane). */
    static final String RUN_LABEL = "io.kgrca.e2e-run";
    /** The label the control plane puts on its workers. */
    static final String MANAGED_BY = DockerWorkerRuntime.MANAGED_BY;
    /** The label naming a worker's kind ({@code event-normalizer}, ...), on tenants' workers and pool instances. */
    static final String WORKER = DockerWorkerRuntime.WORKER;
    private static final String SOCKET = "/var/run/docker.sock";
    private static final Logger LOG = LoggerFactory.getLogger(Containers.class);

    private final DockerClient docker;
    private final String run;
    private final List<GenericContainer<?>> started = new ArrayList<>();

    /**
     * The containers of a new run named {@code run}, once the engine answers and every image of {@link Images#all()}
     * is there (else the test is skipped, or fails on CI: see {@link Images#require}).
     */
    static Containers forRun(String run) {
        DockerEngine.assumeAvailable();
        Images.all().forEach(Images::require);
        return new Containers(DockerEngine.client(), run);
    }

    /** A new run's name, {@code kg-e2e-<8 hex digits>}: its containers' label and its control plane's name. */
    static String newRun() {
        return "kg-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The containers of run {@code run} (also its control plane's name); {@code docker} reads the workers. */
    Containers(DockerClient docker, String run) {
        this.docker = docker;
        this.run = run;
    }

    /**
     * Runs {@code image} with {@code args} to completion (at most {@code timeout}), logs its output under
     * {@code tenant}, removes it and returns its exit status.
     */
    int runToExit(String tenant, String image, String name, Map<String, String> env, Duration timeout,
                  String... args) {
        try (GenericContainer<?> c = container(image, name, env, false).withCommand(args)
                .withStartupCheckStrategy(new RunToExit().withTimeout(timeout))) {
            c.start();
            for (String line : c.getLogs().split("\n")) {
                if (!line.isBlank()) {
                    LOG.info("tenant {}: [{}] {}", tenant, name, line.strip());
                }
            }
            return c.getCurrentContainerInfo().getState().getExitCodeLong().intValue();
        }
    }

    /**
     * Starts a long-running container; with {@code dockerSocket} it may drive the engine; each of {@code hostDirs}
     * is mounted at the same path inside (as compose mounts the control plane's state directory).
     */
    GenericContainer<?> start(String image, String name, Map<String, String> env, boolean dockerSocket,
                              List<Path> hostDirs) {
        GenericContainer<?> c = container(image, name, env, dockerSocket);
        hostDirs.forEach(d -> c.withFileSystemBind(d.toString(), d.toString(), BindMode.READ_WRITE));
        started.add(c);
        c.start();
        return c;
    }

    private GenericContainer<?> container(String image, String name, Map<String, String> env, boolean dockerSocket) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image)).withNetworkMode("host")
                .withEnv(env).withLabel(RUN_LABEL, run);
        if (dockerSocket) {
            c.withFileSystemBind(SOCKET, SOCKET, BindMode.READ_WRITE);
        }
        return c.withCreateContainerCmdModifier(cmd -> {
            cmd.withName(name);
            if (dockerSocket) {
                cmd.getHostConfig().withGroupAdd(List.of(socketGroup()));
            }
        });
    }

    /** The group id of the Docker socket, which a non-root container needs to use it. */
    static String socketGroup() {
        try {
            return String.valueOf(Files.getAttribute(Path.of(SOCKET), "unix:gid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "0";
        }
    }

    /** The running workers of {@code tenant} that this run's control plane manages. */
    List<Container> runningWorkers(String tenant) {
        return docker.listContainersCmd().withLabelFilter(Map.of(MANAGED_BY, run, DockerWorkerRuntime.TENANT, tenant))
                .exec();
    }

    /** Every container of {@code tenant} that this run's control plane manages, running or not. */
    List<Container> allWorkers(String tenant) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(MANAGED_BY, run, DockerWorkerRuntime.TENANT, tenant)).exec();
    }

    /**
     * The running pool instances ({@code kg-<worker>.pool-<n>}, shared placement) that this run's control plane
     * manages, of every worker kind.
     */
    List<Container> runningPools() {
        return docker.listContainersCmd().withLabelFilter(Map.of(MANAGED_BY, run)).exec().stream()
                .filter(Containers::isPool).toList();
    }

    /** The running dedicated workers ({@code kg-<worker>-<tenant>}) of {@code tenant}, pool instances excluded. */
    List<Container> dedicatedWorkers(String tenant) {
        return runningWorkers(tenant).stream().filter(c -> !isPool(c)).toList();
    }

    /** Every container of {@code tenant}, running or not, that is not a pool instance. */
    List<Container> allDedicatedWorkers(String tenant) {
        return allWorkers(tenant).stream().filter(c -> !isPool(c)).toList();
    }

    /** True for a pool instance: its name is {@code kg-<worker>.pool-<n>} (a dot never occurs in a tenant id). */
    static boolean isPool(Container c) {
        for (String name : c.getNames() == null ? new String[0] : c.getNames()) {
            if (name.contains(".pool-")) {
                return true;
            }
        }
        return false;
    }

    /** The container's name without the engine's leading slash. */
    static String name(Container c) {
        String[] names = c.getNames();
        return names == null || names.length == 0 ? c.getId() : names[0].replaceFirst("^/", "");
    }

    /** The health/metrics (and RCA) port the control plane gave a worker or pool instance, from its label; 0 if none. */
    static int metricsPort(Container c) {
        String port = c.getLabels() == null ? null : c.getLabels().get(DockerWorkerRuntime.METRICS_PORT);
        return port == null ? 0 : Integer.parseInt(port);
    }

    /** Names of the containers on the engine, of any run, that are pool instances ({@code kg-*.pool-*}). */
    List<String> anyPools() {
        return docker.listContainersCmd().withShowAll(true).exec().stream().filter(Containers::isPool)
                .map(Containers::name).toList();
    }

    /**
     * Logs the last {@code lines} lines of every container this run's control plane manages (pool instances and
     * tenants' workers) under {@code tenant}: what a failed step needs to tell why records went missing.
     */
    void tailManaged(String tenant, int lines) {
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(MANAGED_BY, run))
                .exec()) {
            String out;
            try {
                out = DockerEngine.logs(c.getId(), lines);
            } catch (RuntimeException e) {
                LOG.warn("tenant {}: logs of {} unreadable: {}", tenant, name(c), e.toString());
                continue;
            }
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    LOG.info("tenant {}: [{}] {}", tenant, name(c), line.strip());
                }
            }
        }
    }

    /** {@code docker kill} (SIGKILL) of a worker. */
    void kill(String id) {
        docker.killContainerCmd(id).exec();
    }

    /** Stops a container this run started with a grace period (SIGTERM, then SIGKILL); it stays until removed. */
    void stop(GenericContainer<?> container, Duration grace) {
        try {
            docker.stopContainerCmd(container.getContainerId()).withTimeout((int) grace.toSeconds()).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            LOG.warn("run {}: stop of {} failed: {}", run, container.getContainerId(), e.toString());
        }
    }

    /** Removes every container this run or its control plane created; returns how many. */
    int removeAll() {
        int removed = 0;
        for (GenericContainer<?> c : started) {
            if (c.getContainerId() != null) {
                c.stop();
                removed++;
            }
        }
        started.clear();
        for (String label : List.of(MANAGED_BY, RUN_LABEL)) {
            for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(label, run)).exec()) {
                remove(c.getId());
                removed++;
            }
        }
        return removed;
    }

    private void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            LOG.warn("run {}: removal of {} failed: {}", run, id, e.toString());
        }
    }
}
