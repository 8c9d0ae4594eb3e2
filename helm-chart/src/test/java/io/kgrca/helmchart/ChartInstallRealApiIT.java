package io.kgrca.helmchart;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.testsupport.KubeApiServer;
import io.kgrca.testsupport.KubeApiServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart on a <b>real API server</b> (kube-apiserver v1.20.2 on etcd, RBAC and validation on; see
 * {@link KubeApiServer}) with the real helm and kubectl binaries. No controller-manager and no kubelet run: pods
 * never start and no Job ever completes. So:
 * <ul>
 *   <li>The chart declares {@code kubeVersion >=1.23.0-0}: {@code helm install} of the chart as it is is refused
 *   on 1.20.2 (checked), and the install test uses a copy whose {@code kubeVersion} is relaxed to
 *   {@code >=1.20.0-0}: the documented override. {@code helm template} renders with {@code --kube-version 1.23.0}.</li>
 *   <li>The hooks' Jobs are created for real; the test then stands in for the Job controller and marks each one
 *   complete through the status subresource, which is what helm waits for.</li>
 * </ul>
 * The other chart tests (lint, template, schema) need no server.
 */
@ExtendWith(KubeApiServerExtension.class)
class ChartInstallRealApiIT {

    private static final List<String> VALUES = List.of("--set", "client.id=acme", "--set",
            "client.kafka.brokers=127.0.0.1:9092");

    @Test
    void theServerAcceptsEveryRenderedObjectInADryRun(KubeApiServer server) throws Exception {
        String ns = namespace(server, "kg-dry");
        Helm.Result rendered = Helm.run(concat(List.of("template", "kg", Helm.CHART.toString(), "--namespace", ns,
                "--kube-version", "1.23.0"), VALUES).toArray(String[]::new));
        assertThat(rendered.ok()).as(rendered.stderr()).isTrue();
        int objects = Manifests.parse(rendered.stdout()).all().size();

        Command.Result applied = Command.run(List.of(kubectl(server).toString(), "--kubeconfig",
                server.adminKubeconfigFile().toString(), "apply", "-n", ns, "--dry-run=server", "-f", "-"),
                rendered.stdout());
        assertThat(applied.exitCode()).as(applied.stderr()).isZero();
        assertThat(applied.stdout().lines().filter(l -> l.endsWith("(server dry run)")).count())
                .as(applied.stdout()).isEqualTo(objects);
        assertThat(objects).isGreaterThanOrEqualTo(13);
        assertThat(Manifests.parse(rendered.stdout()).ofKind("Job")).as("both hook Jobs are rendered").hasSize(2);
    }

    @Test
    void installCreatesEveryObjectAndItsHookJobAndUninstallRunsThePreDeleteHook(KubeApiServer server) throws Exception {
        String ns = namespace(server, "kg-install");
        String kubeconfig = server.adminKubeconfigFile().toString();
        Path chart = relaxedCopy();

        Helm.Result refused = Helm.run(concat(List.of("install", "strict", Helm.CHART.toString(), "-n", ns,
                "--kubeconfig", kubeconfig), VALUES).toArray(String[]::new));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.stderr()).contains("kubeVersion");

        Command install = Command.start(concat(List.of(Helm.binary().toString(), "install", "kg", chart.toString(),
                "-n", ns, "--kubeconfig", kubeconfig, "--timeout", "120s"), VALUES));
        String registerJob = completeHookJob(server, ns, install, "post-install");
        Command.Result installed = install.await();
        assertThat(installed.exitCode()).as(installed.stderr()).isZero();

        Helm.Result manifest = Helm.run("get", "manifest", "kg", "-n", ns, "--kubeconfig", kubeconfig);
        List<JsonNode> objects = Manifests.parse(manifest.stdout()).all();
        assertThat(objects).hasSizeGreaterThanOrEqualTo(11);
        for (JsonNode o : objects) {
            assertThat(server.get(path(o, ns)).statusCode()).as("%s %s exists", o.path("kind").asText(),
                    o.at("/metadata/name").asText()).isEqualTo(200);
        }
        assertThat(registerJob).isNotBlank();

        Command uninstall = Command.start(List.of(Helm.binary().toString(), "uninstall", "kg", "-n", ns,
                "--kubeconfig", kubeconfig, "--timeout", "120s"));
        String deregisterJob = completeHookJob(server, ns, uninstall, "pre-delete");
        Command.Result uninstalled = uninstall.await();
        assertThat(uninstalled.exitCode()).as(uninstalled.stderr()).isZero();
        assertThat(deregisterJob).isNotBlank();
        JsonNode deployment = objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst()
                .orElseThrow();
        assertThat(server.get(path(deployment, ns)).statusCode()).as("the release's objects are deleted").isEqualTo(404);
    }

    /**
     * Waits (while {@code helm} runs) for the Job of {@code hook} to be created, marks it complete as the Job
     * controller would, and returns its name.
     */
    private static String completeHookJob(KubeApiServer server, String ns, Command helm, String hook) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> jobs = server.get("/apis/batch/v1/namespaces/" + ns + "/jobs");
            JsonNode items = Manifests.yaml(jobs.body()).path("items");
            for (JsonNode job : items) {
                if (job.at("/metadata/annotations").path("helm.sh/hook").asText().contains(hook)) {
                    String name = job.at("/metadata/name").asText();
                    markComplete(server, ns, name);
                    return name;
                }
            }
            assertThat(helm.alive()).as("helm ended before the %s hook Job appeared: %s", hook, helm.output()).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("no " + hook + " hook Job in " + ns);
    }

    private static void markComplete(KubeApiServer server, String ns, String job) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String patch = """
                {"status":{"startTime":"%1$s","completionTime":"%1$s","succeeded":1,
                 "conditions":[{"type":"Complete","status":"True","lastProbeTime":"%1$s","lastTransitionTime":"%1$s"}]}}
                """.formatted(now);
        HttpResponse<String> r = server.patch("/apis/batch/v1/namespaces/" + ns + "/jobs/" + job + "/status",
                "application/merge-patch+json", patch);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String path(JsonNode o, String ns) {
        String apiVersion = o.path("apiVersion").asText();
        String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        String kind = o.path("kind").asText();
        String lower = kind.toLowerCase(Locale.ROOT);
        String plural = lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
        boolean cluster = kind.startsWith("Cluster");
        return base + (cluster ? "" : "/namespaces/" + ns) + "/" + plural + "/" + o.at("/metadata/name").asText();
    }

    private static String namespace(KubeApiServer server, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = server.post("/api/v1/namespaces",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return name;
    }

    private static Path kubectl(KubeApiServer server) {
        return server.binaries().kubectl().orElseThrow(() -> new AssertionError(
                "no kubectl next to kube-apiserver in " + server.binaries().folder()
                        + " (scripts/install-kube-apiserver.sh installs it)"));
    }

    /** A copy of the chart whose kubeVersion admits the 1.20 server of the build machines. */
    private static Path relaxedCopy() throws IOException {
        Path copy = Files.createTempDirectory("kg-chart-").resolve("kg-rca-agent");
        try (var files = Files.walk(Helm.CHART)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(Helm.CHART.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Path chartYaml = copy.resolve("Chart.yaml");
        String text = Files.readString(chartYaml, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^kubeVersion:.*$").matcher(text);
        assertThat(m.find()).as("the chart declares a kubeVersion").isTrue();
        Files.writeString(chartYaml, m.replaceFirst("kubeVersion: \">=1.20.0-0\""), StandardCharsets.UTF_8);
        return copy;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
