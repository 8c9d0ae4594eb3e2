package io.kgrca.controlplane.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code promtool check metrics} (Debian's prometheus package) on an exposition. */
final class PromtoolCheck {

    private PromtoolCheck() {
    }

    static void assertAccepted(String metrics) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            if ("true".equalsIgnoreCase(System.getenv("KG_REQUIRE_DOCKER")) || "true".equals(System.getenv("CI"))) {
                Assertions.fail("/usr/bin/promtool is missing, and KG_REQUIRE_DOCKER=true (or CI) requires it: "
                        + "apt-get install prometheus");
            }
            Assumptions.abort("/usr/bin/promtool is missing (apt-get install prometheus), so the exposition was not "
                    + "checked; set KG_REQUIRE_DOCKER=true to fail instead of skipping");
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics: %s", out).isZero();
    }
}
