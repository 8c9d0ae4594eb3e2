package io.kgrca.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The containers one run (an e2e test or the local mode) creates on the engine, all with host networking and the
 * label {@code io.kgrca.e2e-run=<run>}; the workers its control plane creates carry
 * {@code io.kgrca.managed-by=<run>}. {@link #removeAll()} removes both kinds, and nothing else.
 */
public final class Containers {

    /** The label of containers the run itself starts (agent commands, the control plane). */
    public static final String RUN_LABEL = "io.kgrca.e2e-run";
    /** The label the control plane puts on its workers. */
    public static final String MANAGED_BY = DockerWorkerRuntime.MANAGED_BY;
    private static final String SOCKET = "/var/run/docker.sock";
    private static final Logger LOG = LoggerFactory.getLogger(Containers.class);

    private final DockerClient docker;
    private final String run;

    /** The containers of run {@code run} (also its control plane's name) on {@code docker}. */
    public Containers(DockerClient docker, String run) {
        this.docker = docker;
        this.run = run;
    }

    /**
     * Runs {@code image} with {@code args} to completion (at most {@code timeout}), logs its output under
     * {@code tenant}, removes it and returns its exit status.
     */
    public int runToExit(String tenant, String image, String name, Map<String, String> env, Duration timeout,
                         String... args) {
        String id = create(image, name, env, false, args).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            int status = docker.waitContainerCmd(id).start().awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (String line : logs(id).split("\n")) {
                if (!line.isBlank()) {
                    LOG.info("tenant {}: [{}] {}", tenant, name, line.strip());
                }
            }
            return status;
        } finally {
            remove(id);
        }
    }

    /** Creates and starts a long-running container; with {@code dockerSocket} it may drive the engine. */
    public String start(String image, String name, Map<String, String> env, boolean dockerSocket) {
        return start(image, name, env, dockerSocket, List.of());
    }

    /**
     * Creates and starts a long-running container; with {@code dockerSocket} it may drive the engine; each of
     * {@code hostDirs} is mounted at the same path inside (as compose mounts the control plane's state directory).
     */
    public String start(String image, String name, Map<String, String> env, boolean dockerSocket,
                        List<Path> hostDirs) {
        CreateContainerCmd cmd = create(image, name, env, dockerSocket);
        List<Bind> binds = new ArrayList<>(cmd.getHostConfig().getBinds() == null ? List.of()
                : List.of(cmd.getHostConfig().getBinds()));
        hostDirs.forEach(d -> binds.add(new Bind(d.toString(), new Volume(d.toString()))));
        cmd.getHostConfig().withBinds(binds);
        String id = cmd.exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private CreateContainerCmd create(String image, String name, Map<String, String> env, boolean dockerSocket,
                                      String... args) {
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("host");
        if (dockerSocket) {
            host = host.withBinds(new Bind(SOCKET, new Volume(SOCKET))).withGroupAdd(List.of(socketGroup()));
        }
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        CreateContainerCmd cmd = docker.createContainerCmd(image).withName(name).withEnv(envList)
                .withLabels(Map.of(RUN_LABEL, run)).withHostConfig(host);
        return args.length == 0 ? cmd : cmd.withCmd(args);
    }

    /** The group id of the Docker socket, which a non-root container needs to use it. */
    static String socketGroup() {
        try {
            return String.valueOf(Files.getAttribute(Path.of(SOCKET), "unix:gid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "0";
        }
    }

    /** The output of a container so far. */
    public String logs(String id) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NotFoundException e) {
            return "";
        }
        return out.toString();
    }

    /** The running workers of {@code tenant} that this run's control plane manages. */
    public List<Container> runningWorkers(String tenant) {
        return docker.listContainersCmd().withLabelFilter(Map.of(MANAGED_BY, run, DockerWorkerRuntime.TENANT, tenant))
                .exec();
    }

    /** Every container of {@code tenant} that this run's control plane manages, running or not. */
    public List<Container> allWorkers(String tenant) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(MANAGED_BY, run, DockerWorkerRuntime.TENANT, tenant)).exec();
    }

    /** {@code docker kill} (SIGKILL). */
    public void kill(String id) {
        docker.killContainerCmd(id).exec();
    }

    /** Stops a container with a grace period (SIGTERM, then SIGKILL). */
    public void stop(String id, Duration grace) {
        try {
            docker.stopContainerCmd(id).withTimeout((int) grace.toSeconds()).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            LOG.warn("run {}: stop of {} failed: {}", run, id, e.toString());
        }
    }

    /** Removes every container this run or its control plane created; returns how many. */
    public int removeAll() {
        int removed = 0;
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
