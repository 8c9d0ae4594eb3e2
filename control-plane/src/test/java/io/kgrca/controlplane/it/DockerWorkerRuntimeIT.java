package io.kgrca.controlplane.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.config.WorkerIsolation;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import io.kgrca.controlplane.runtime.RestartHistory;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerRuntime.RuntimeUnavailableException;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.testsupport.DockerEngine;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Docker worker runtime on the real engine: name clashes, adoption of a container it already has, removal. */
class DockerWorkerRuntimeIT {

    private final DockerClient docker = DockerEngine.client();
    private final DockerWorkerRuntime runtime = new DockerWorkerRuntime(docker, ControlPlaneHarness.OWNER,
            WorkerIsolation.defaults(ControlPlaneHarness.STATE.resolve("secrets")));
    private final TenantId tenant = TenantId.of("rt-" + UUID.randomUUID().toString().substring(0, 8));
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void images() throws Exception {
        DockerEngine.assumeAvailable();
        TestImages.build();
    }

    @AfterEach
    void removeWhatThisTestCreated() {
        DockerEngine.removeAll(created);
    }

    private WorkerSpec spec(String env) {
        return new WorkerSpec(tenant, WorkerKind.GRAPH_BUILDER, TestImages.WORKER, Map.of("CLIENT_ID", tenant.value(),
                "X", env), 64L * 1024 * 1024, 0.25, "host", 0);
    }

    private boolean exists(String id) {
        try {
            docker.inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String dockerCli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void aWorkerRunsConfinedAndReadsItsSecretsFromPrivateFilesThatDockerInspectNeverShows() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String sasl = "sasl-" + UUID.randomUUID();
        String token = "rca." + tenant.value() + "." + UUID.randomUUID();
        WorkerSpec spec = new WorkerSpec(tenant, WorkerKind.GRAPH_BUILDER, TestImages.PROBE, Map.of(
                "CLIENT_ID", tenant.value(), "NEO4J_PASSWORD", password, "KAFKA_SASL_PASSWORD", sasl,
                "RCA_READ_TOKEN", token), 64L * 1024 * 1024, 0.25, "host", 0);

        WorkerInstance w = runtime.start(spec);
        created.add(w.id());

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> dockerCli("logs", w.id()).contains("probe-done"));
        String log = dockerCli("logs", w.id());
        assertThat(log).contains("uid=10001", "secret-mode=400 10001", "secret=" + password, "root=read-only",
                "tmp=writable", "secret=read-only");
        String inspect = dockerCli("inspect", w.id());
        assertThat(inspect).as("docker inspect JSON").doesNotContain(password).doesNotContain(sasl)
                .doesNotContain(token).contains("NEO4J_PASSWORD_FILE=/run/secrets/kg-rca/neo4j_password");
        var info = docker.inspectContainerCmd(w.id()).exec();
        assertThat(info.getConfig().getEnv()).noneMatch(e -> e.startsWith("NEO4J_PASSWORD=")
                || e.startsWith("KAFKA_SASL_PASSWORD=") || e.startsWith("RCA_READ_TOKEN="));
        assertThat(info.getConfig().getUser()).isEqualTo("10001");
        var host = info.getHostConfig();
        assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(host.getSecurityOpts()).contains("no-new-privileges");
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getTmpFs()).containsKey("/tmp");
        assertThat(host.getTmpFs().get("/tmp")).contains("size=" + 64L * 1024 * 1024);
        assertThat(host.getPidsLimit()).isEqualTo(256L);
        Path file = ControlPlaneHarness.STATE.resolve("secrets").resolve(spec.containerName())
                .resolve("neo4j_password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                file))).isEqualTo("r--------");
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(10001);
    }

    @Test
    void removingAWorkerDeletesItsSecretFiles() throws Exception {
        WorkerSpec spec = new WorkerSpec(tenant, WorkerKind.GRAPH_BUILDER, TestImages.WORKER, Map.of(
                "CLIENT_ID", tenant.value(), "NEO4J_PASSWORD", "pw"), 64L * 1024 * 1024, 0.25, "host", 0);
        Path dir = ControlPlaneHarness.STATE.resolve("secrets").resolve(spec.containerName());
        WorkerInstance w = runtime.start(spec);
        created.add(w.id());
        assertThat(dir.resolve("neo4j_password")).exists();

        runtime.remove(w.id(), Duration.ofSeconds(2));

        assertThat(dir).doesNotExist();
    }

    @Test
    void aSameNamedContainerThatKgRcaDoesNotManageIsNeverRemoved() {
        String foreign = docker.createContainerCmd(TestImages.WORKER).withName(spec("a").containerName()).exec().getId();
        created.add(foreign);

        assertThatThrownBy(() -> runtime.start(spec("a"))).isInstanceOf(RuntimeUnavailableException.class)
                .hasMessageContaining("does not manage");

        assertThat(exists(foreign)).isTrue();
    }

    @Test
    void startingAWorkerThatAlreadyRunsWithThisSpecAdoptsItAndAnotherSpecReplacesIt() throws Exception {
        WorkerInstance first = runtime.start(spec("a"));
        created.add(first.id());

        WorkerInstance again = runtime.start(spec("a"));

        assertThat(again.id()).as("the running worker is adopted, not removed").isEqualTo(first.id());
        assertThat(docker.inspectContainerCmd(first.id()).exec().getState().getRunning()).isTrue();

        WorkerInstance changed = runtime.start(spec("b"));
        created.add(changed.id());

        assertThat(changed.id()).isNotEqualTo(first.id());
        assertThat(exists(first.id())).isFalse();
        assertThat(runtime.list()).filteredOn(w -> w.tenant().equals(tenant)).extracting(WorkerInstance::id)
                .containsExactly(changed.id());
    }

    @Test
    void theRestartHistoryIsKeptInLabelsAndListedBack() throws Exception {
        RestartHistory history = RestartHistory.NONE.plus(Instant.parse("2026-11-25T10:00:00Z"))
                .plus(Instant.parse("2026-11-25T10:00:07Z"));
        WorkerInstance w = runtime.start(spec("a"), history);
        created.add(w.id());

        assertThat(runtime.list()).filteredOn(x -> x.id().equals(w.id())).extracting(WorkerInstance::history)
                .containsExactly(history);
    }

    @Test
    void removeStopsTheWorkerThenRemovesItAndAnAbsentWorkerIsNoError() throws Exception {
        WorkerInstance w = runtime.start(spec("a"));
        created.add(w.id());

        runtime.remove(w.id(), Duration.ofSeconds(2));
        runtime.remove(w.id(), Duration.ofSeconds(2));

        assertThat(exists(w.id())).isFalse();
    }

    @Test
    void anExitIsReportedAtOnceByAClientWhoseReadTimeoutIsShorterThanTheIdleTime() throws Exception {
        // A client whose idle read timeout (2 s) breaks the event stream, as the control plane's 60 s one does.
        DefaultDockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        try (DockerClient impatient = DockerClientImpl.getInstance(cfg, new ApacheDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost()).connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(2)).build())) {
            DockerWorkerRuntime watched = new DockerWorkerRuntime(impatient, ControlPlaneHarness.OWNER,
                    WorkerIsolation.defaults(ControlPlaneHarness.STATE.resolve("secrets")));
            WorkerInstance w = runtime.start(spec("a"));
            created.add(w.id());
            LinkedBlockingQueue<TenantId> exits = new LinkedBlockingQueue<>();
            try (AutoCloseable watch = watched.watchExits(t -> {
                if (t.equals(tenant)) {
                    exits.add(t);
                }
            })) {
                // Longer than the read timeout: a stream that broke must have been reopened, and reported nothing.
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(exits::isEmpty);

                docker.killContainerCmd(w.id()).exec();

                assertThat(exits.poll(4, TimeUnit.SECONDS)).isEqualTo(tenant);
            }
        }
    }

    @Test
    void whileItsEventStreamIsOpenATenantsWorkersComeFromTheObservedStateNotFromAListing() throws Exception {
        try (AutoCloseable watch = runtime.watchExits(t -> { })) {
            runtime.list();
            String name = "kg-graph-builder-" + tenant.value();
            String id = docker.createContainerCmd(TestImages.WORKER).withName(name)
                    .withLabels(Map.of(DockerWorkerRuntime.MANAGED_BY, ControlPlaneHarness.OWNER,
                            DockerWorkerRuntime.TENANT, tenant.value(), DockerWorkerRuntime.WORKER, "graph-builder",
                            DockerWorkerRuntime.SPEC_HASH, "x", DockerWorkerRuntime.METRICS_PORT, "0"))
                    .exec().getId();
            created.add(id);
            assertThat(runtime.list(tenant)).as("created behind its back, no event followed: not seen yet").isEmpty();

            runtime.list();
            assertThat(runtime.list(tenant)).as("the next full listing reloads it").singleElement()
                    .extracting(WorkerInstance::running).isEqualTo(false);

            docker.startContainerCmd(id).exec();
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.list(tenant).stream()
                    .anyMatch(WorkerInstance::running));
            docker.killContainerCmd(id).exec();
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.list(tenant).stream()
                    .noneMatch(WorkerInstance::running));
            docker.removeContainerCmd(id).withForce(true).exec();
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.list(tenant).isEmpty());
        }
    }
}
