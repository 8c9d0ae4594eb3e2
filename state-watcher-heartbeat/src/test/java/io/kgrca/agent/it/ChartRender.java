package io.kgrca.agent.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders templates of the kg-rca-agent chart ({@code ../helm-chart/kg-rca-agent}) with the real helm binary
 * ({@code HELM_BIN}, else {@code <repo>/.tools/helm} from {@code scripts/install-helm.sh}); without one the test is
 * skipped, or fails when {@code KG_REQUIRE_HELM=true}. The chart declares {@code kubeVersion >=1.23.0-0}: it is
 * rendered with {@code --kube-version 1.23.0} (the real server here is 1.20.2).
 */
final class ChartRender {

    private ChartRender() {
    }

    /** {@code helm template <release> <chart> -n <ns> --show-only <template>...} for a test tenant. */
    static String template(String release, String ns, String... templates) {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path chart = repo.resolve("helm-chart/kg-rca-agent");
        List<String> command = new ArrayList<>(List.of(helm(repo).toString(), "template", release, chart.toString(),
                "--namespace", ns, "--kube-version", "1.23.0", "--set", "client.id=acme",
                "--set", "client.kafka.brokers=127.0.0.1:9092"));
        for (String t : templates) {
            command.add("--show-only");
            command.add("templates/" + t);
        }
        try {
            Path home = Files.createTempDirectory("kg-helm-");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(home.resolve("err").toFile())
                    .redirectOutput(home.resolve("out").toFile());
            pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
            pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
            pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("helm template failed: " + Files.readString(home.resolve("err")));
            }
            return Files.readString(home.resolve("out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Path helm(Path repo) {
        String env = System.getenv("HELM_BIN");
        Path bin = env != null && !env.isBlank() ? Path.of(env) : repo.resolve(".tools/helm");
        if (!Files.isExecutable(bin)) {
            String message = "no helm binary at " + bin + " (run scripts/install-helm.sh or set HELM_BIN)";
            if ("true".equalsIgnoreCase(System.getenv("KG_REQUIRE_HELM"))) {
                Assertions.fail(message + "; KG_REQUIRE_HELM=true");
            }
            Assumptions.abort(message);
        }
        return bin;
    }
}
