package io.kgrca.local;

import io.kgrca.common.image.KgImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the local mode runs the workers: as containers of the local images when a Docker engine answers and the
 * three worker images exist, otherwise as child JVMs started from the modules' jars ({@code WORKER_RUNTIME=process}).
 * {@code KG_LOCAL_RUNTIME=docker|process} forces one.
 *
 * @param docker   true for containers, false for child processes
 * @param reason   why this runtime was chosen, for the log
 * @param env      the control plane's runtime variables ({@code WORKER_RUNTIME}, {@code *_COMMAND}, ...)
 */
public record LocalRuntime(boolean docker, String reason, Map<String, String> env) {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
    /** The control plane's default worker images: this build's references. */
    private static final List<String> IMAGES = List.of(KgImage.EVENT_NORMALIZER.reference(),
            KgImage.LOG_NORMALIZER.reference(), KgImage.GRAPH_BUILDER.reference());

    /** Chooses the runtime; {@code stateDir} keeps the child processes' identities and output. */
    public static LocalRuntime choose(String forced, Path repoRoot, Path stateDir) {
        if (!"process".equals(forced)) {
            Optional<String> missing = dockerMissing();
            if (missing.isEmpty()) {
                return new LocalRuntime(true, "a Docker engine answers and the worker images exist", Map.of());
            }
            if ("docker".equals(forced)) {
                throw new IllegalStateException("KG_LOCAL_RUNTIME=docker, but " + missing.get());
            }
            LOG.info("local mode: no Docker runtime ({}); workers run as child processes", missing.get());
            return processes(repoRoot, stateDir, missing.get());
        }
        return processes(repoRoot, stateDir, "KG_LOCAL_RUNTIME=process");
    }

    private static Optional<String> dockerMissing() {
        LocalDocker docker = new LocalDocker();
        if (!docker.available()) {
            return Optional.of("no Docker engine reachable");
        }
        for (String image : IMAGES) {
            if (!docker.imageExists(image)) {
                return Optional.of("image " + image + " is absent (./mvnw install builds it and loads it when Docker "
                        + "is reachable)");
            }
        }
        return Optional.empty();
    }

    private static LocalRuntime processes(Path repoRoot, Path stateDir, String reason) {
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<String, String> env = new HashMap<>();
        env.put("WORKER_RUNTIME", "process");
        env.put("WORKER_STATE_DIR", stateDir.toString());
        env.put("EVENT_NORMALIZER_COMMAND", java + " -XX:+UseSerialGC -jar " + jar(repoRoot, "event-normalizer"));
        env.put("LOG_NORMALIZER_COMMAND", java + " -XX:+UseSerialGC -jar " + jar(repoRoot, "log-normalizer"));
        env.put("GRAPH_BUILDER_COMMAND", java + " -XX:+UseSerialGC -jar " + jar(repoRoot, "graph-builder"));
        return new LocalRuntime(false, reason, env);
    }

    /** The runnable jar {@code <root>/<module>/target/<module>-<version>.jar} (its dependencies in target/lib). */
    public static Path jar(Path repoRoot, String module) {
        Path target = repoRoot.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches(module + "-[0-9].*\\.jar")
                    && !p.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target
                            + ": run ./mvnw install -DskipTests first"));
            if (jar.toString().contains(" ")) {
                throw new IllegalStateException("the process runtime splits commands on blanks; move the checkout "
                        + "to a path without spaces (" + jar + ")");
            }
            return jar;
        } catch (IOException e) {
            throw new IllegalStateException("no " + target + ": run ./mvnw install -DskipTests first", e);
        }
    }

    /** The checkout: {@code kg.repo.root}, {@code KG_HOME}, or two levels above this jar (local/target/x.jar). */
    public static Path repoRoot() {
        String explicit = System.getProperty("kg.repo.root", System.getenv("KG_HOME"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        CodeSource source = LocalRuntime.class.getProtectionDomain().getCodeSource();
        try {
            Path jar = source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
            Path target = jar == null ? null : jar.getParent();
            Path module = target == null ? null : target.getParent();
            Path root = module == null ? null : module.getParent();
            return root != null ? root : Path.of("").toAbsolutePath();
        } catch (URISyntaxException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /** Every variable of the control plane, for this runtime, on top of {@code base}. */
    public Map<String, String> controlPlaneEnv(Map<String, String> base) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(env);
        return all;
    }
}
