package io.kgrca.helmchart;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real {@code helm} binary on the chart: from {@code HELM_BIN}, else {@code <repo>/.tools/helm} (installed
 * by {@code scripts/install-helm.sh}). Without one, tests abort as an assumption, unless {@code KG_REQUIRE_HELM=true}
 * (CI), when they fail. Helm's cache, config and data folders are temporary, so nothing touches the user's home.
 */
final class Helm {

    /** The chart folder. */
    static final Path CHART = Path.of(System.getProperty("kg.chart.dir", "kg-rca-agent")).toAbsolutePath().normalize();

    private static final long TIMEOUT_SECONDS = 60;

    private Helm() {
    }

    /**
     * The outcome of one helm command.
     *
     * @param exitCode the exit status
     * @param stdout   standard output
     * @param stderr   standard error
     */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The helm binary, or an aborted (or, with KG_REQUIRE_HELM=true, failed) test. */
    static Path binary() {
        String env = System.getenv("HELM_BIN");
        Path bin = env != null && !env.isBlank() ? Path.of(env) : CHART.getParent().getParent().resolve(".tools/helm");
        if (!Files.isExecutable(bin)) {
            String message = "no helm binary at " + bin + " (run scripts/install-helm.sh or set HELM_BIN)";
            if ("true".equalsIgnoreCase(System.getenv("KG_REQUIRE_HELM"))) {
                throw new AssertionError(message + "; KG_REQUIRE_HELM=true");
            }
            Assumptions.abort(message);
        }
        return bin;
    }

    /** Runs {@code helm <args>}. */
    static Result run(String... args) {
        Path home = null;
        try {
            home = Files.createTempDirectory("kg-helm-");
            List<String> command = new ArrayList<>();
            command.add(binary().toString());
            command.addAll(Arrays.asList(args));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
            pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
            pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
            pb.redirectOutput(home.resolve("out").toFile());
            pb.redirectError(home.resolve("err").toFile());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("helm " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(home.resolve("out"), StandardCharsets.UTF_8),
                    Files.readString(home.resolve("err"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteQuietly(home);
        }
    }

    /** {@code helm template kg <chart> -n kg-agent} with {@code --set} pairs ({@code key=value}). */
    static Result template(String... sets) {
        List<String> args = new ArrayList<>(List.of("template", "kg", CHART.toString(), "--namespace", "kg-agent"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return run(args.toArray(String[]::new));
    }

    /** {@code helm lint --strict <chart>} with {@code --set} pairs. */
    static Result lint(String... sets) {
        List<String> args = new ArrayList<>(List.of("lint", "--strict", CHART.toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return run(args.toArray(String[]::new));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
