package io.kgrca.controlplane.runtime;

import io.kgrca.common.config.SecretNames;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Workers as child processes, for one machine without Docker and for the local mode. Each worker's identity (pid,
 * process start time, tenant, kind, spec hash, port) is written to {@code <stateDir>/<name>.json}, the equivalent
 * of container labels, so that a restarted control plane lists and adopts the processes that are still alive (the
 * start time guards against a reused pid). Output goes to {@code <stateDir>/<name>.log}. Memory is bounded through
 * the JVM's {@code -Xmx} ({@code JAVA_TOOL_OPTIONS}); CPU is not limited. Secrets reach a child as files in
 * {@code <stateDir>/secrets/<name>/} (directory 0700, files 0400, owned by the control plane's user, which the
 * child runs as) with {@code <NAME>_FILE} variables; the secrets in the control plane's own environment are not
 * inherited. The directory is deleted when the worker is removed.
 */
public final class ProcessWorkerRuntime implements WorkerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessWorkerRuntime.class);

    private final Path stateDir;
    private final Map<WorkerKind, List<String>> commands;
    private final Map<Long, Process> children = new ConcurrentHashMap<>();
    private final List<Consumer<TenantId>> exitListeners = new CopyOnWriteArrayList<>();

    /** Runs {@code commands.get(kind)} for each worker, keeping state in {@code stateDir}. */
    public ProcessWorkerRuntime(Path stateDir, Map<WorkerKind, List<String>> commands) throws IOException {
        this.stateDir = Files.createDirectories(stateDir);
        this.commands = Map.copyOf(commands);
    }

    /**
     * What the runtime remembers of a worker.
     *
     * @param pid         process id
     * @param startedAt   the process's start time, as the OS reports it
     * @param tenant      tenant id
     * @param worker      worker name
     * @param specHash    spec hash
     * @param metricsPort metrics port
     * @param restarts    cumulative restarts (the restart history, as Docker keeps it in labels)
     * @param restartTimes times of the recent restarts, oldest first, or null
     * @param pool        the index of a pool instance (then {@code tenant} is null), or null for a tenant's worker
     */
    public record State(long pid, Instant startedAt, String tenant, String worker, String specHash, int metricsPort,
                        int restarts, List<Instant> restartTimes, Integer pool) {

        /** The name of the worker's files: its container name. */
        String name() {
            return pool != null ? PoolNames.container(worker, pool)
                    : WorkerKind.fromId(worker).orElseThrow().containerName(TenantId.of(tenant));
        }

        /** True for a readable tenant's worker or pool instance. */
        boolean valid() {
            return WorkerKind.fromId(worker).isPresent() && (pool != null ? pool >= 0 : TenantId.isValid(tenant));
        }
    }

    @Override
    public List<WorkerInstance> list() throws RuntimeUnavailableException {
        List<WorkerInstance> out = new ArrayList<>();
        for (State st : states()) {
            if (st.pool() == null) {
                Alive a = alive(st);
                out.add(new WorkerInstance(id(st.pid()), TenantId.of(st.tenant()),
                        WorkerKind.fromId(st.worker()).orElseThrow(), st.specHash(), a.alive(), a.exit(),
                        st.startedAt(), null, st.metricsPort(), new RestartHistory(st.restarts(), st.restartTimes())));
            }
        }
        return out;
    }

    /** Every readable, valid state file. */
    private List<State> states() throws RuntimeUnavailableException {
        List<State> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(stateDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                state(f).filter(State::valid).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot read " + stateDir + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public WorkerInstance start(WorkerSpec spec, RestartHistory history) throws RuntimeUnavailableException {
        State st = launch(spec, spec.tenant().value(), null, history, () -> spec.tenant());
        return new WorkerInstance(id(st.pid()), spec.tenant(), spec.kind(), spec.hash(), true, null,
                st.startedAt() != null ? st.startedAt() : Instant.now(), null, spec.metricsPort(), history);
    }

    /** Lists the pool instances' state files. */
    @Override
    public List<PoolInstance> listPools() throws RuntimeUnavailableException {
        List<PoolInstance> out = new ArrayList<>();
        for (State st : states()) {
            if (st.pool() != null) {
                Alive a = alive(st);
                out.add(new PoolInstance(id(st.pid()), WorkerKind.fromId(st.worker()).orElseThrow(), st.pool(),
                        st.specHash(), a.alive(), a.exit(), st.startedAt(), null, st.metricsPort(),
                        new RestartHistory(st.restarts(), st.restartTimes())));
            }
        }
        return out;
    }

    @Override
    public PoolInstance startPool(PoolSpec spec, RestartHistory history) throws RuntimeUnavailableException {
        State st = launch(spec, null, spec.index(), history, () -> null);
        return new PoolInstance(id(st.pid()), spec.kind(), spec.index(), spec.hash(), true, null,
                st.startedAt() != null ? st.startedAt() : Instant.now(), null, spec.metricsPort(), history);
    }

    /** Starts the process of {@code spec} and writes its state file; {@code exited} names the tenant to notify. */
    private State launch(ContainerSpec spec, String tenant, Integer pool, RestartHistory history,
                         Supplier<TenantId> exited) throws RuntimeUnavailableException {
        List<String> command = commands.get(spec.kind());
        if (command == null || command.isEmpty()) {
            throw new RuntimeUnavailableException("no command configured for " + spec.kind().id(), null);
        }
        Path secretDir = secretDir(spec.containerName());
        WorkerSecrets secrets = WorkerSecrets.split(spec.env(), secretDir.toString());
        try {
            SecretDirectory.write(secretDir, secrets.files(), -1);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot write the secrets of " + spec.containerName() + ": "
                    + e.getMessage(), e);
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        for (String secret : SecretNames.WORKER) {
            env.remove(secret);
            env.remove(secret + "_FILE");
        }
        env.remove("API_TOKEN_FILE");
        env.putAll(secrets.env());
        env.put("JAVA_TOOL_OPTIONS", "-Xmx" + Math.max(32, spec.memoryBytes() * 3 / 4 / (1024 * 1024)) + "m");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve(spec.containerName() + ".log").toFile()));
        try {
            Process p = pb.start();
            // The OS may not report the start time yet; then the pid-reuse check is skipped for this worker.
            Instant started = p.info().startInstant().orElse(null);
            State state = new State(p.pid(), started, tenant, spec.kind().id(), spec.hash(),
                    spec.metricsPort(), history.total(), history.recent(), pool);
            Files.write(stateFile(spec.containerName()), JsonCodec.shared().encode(state));
            children.put(p.pid(), p);
            p.onExit().thenRun(() -> {
                TenantId t = exited.get();
                if (t != null) {
                    exitListeners.forEach(l -> l.accept(t));
                }
            });
            return state;
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot start " + spec.containerName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(String id, Duration grace) throws RuntimeUnavailableException {
        long pid = Long.parseLong(id.substring("pid-".length()));
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
        children.remove(pid);
        try (Stream<Path> files = Files.list(stateDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Optional<State> s = state(f);
                if (s.isPresent() && s.get().pid() == pid) {
                    Files.deleteIfExists(f);
                    if (s.get().valid()) {
                        SecretDirectory.delete(secretDir(s.get().name()));
                    }
                }
            }
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot update " + stateDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public AutoCloseable watchExits(Consumer<TenantId> onExit) {
        exitListeners.add(onExit);
        return () -> exitListeners.remove(onExit);
    }

    /** Whether a worker runs, and its exit code when it is our child and has ended. */
    private record Alive(boolean alive, Integer exit) {
    }

    private Alive alive(State st) {
        Process own = children.get(st.pid());
        if (own != null) {
            boolean alive = own.isAlive();
            return new Alive(alive, alive ? null : own.exitValue());
        }
        return new Alive(ProcessHandle.of(st.pid())
                .filter(h -> st.startedAt() == null
                        || h.info().startInstant().map(i -> i.equals(st.startedAt())).orElse(true))
                .map(ProcessHandle::isAlive).orElse(false), null);
    }

    private static Optional<State> state(Path f) {
        try {
            return Optional.of(JsonCodec.shared().decode(Files.readAllBytes(f), State.class));
        } catch (IOException | JsonDecodeException e) {
            LOG.warn("ignoring unreadable worker state {}: {}", f, e.getMessage());
            return Optional.empty();
        }
    }

    private Path secretDir(String name) {
        return stateDir.resolve("secrets").resolve(name);
    }

    private Path stateFile(String name) {
        return stateDir.resolve(name + ".json");
    }

    private static String id(long pid) {
        return "pid-" + pid;
    }

    /** Splits a command line on blanks (no quoting), for the {@code *_COMMAND} variables. */
    public static List<String> split(String commandLine) {
        return List.of(commandLine.trim().split("\\s+"));
    }

    static Map<WorkerKind, List<String>> commands(Map<WorkerKind, String> lines) {
        Map<WorkerKind, List<String>> m = new HashMap<>();
        lines.forEach((k, v) -> m.put(k, split(v)));
        return m;
    }
}
