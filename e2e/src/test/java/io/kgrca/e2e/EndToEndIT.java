package io.kgrca.e2e;

import com.github.dockerjava.api.model.Container;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.local.demo.ControlPlaneApi;
import io.kgrca.local.demo.DemoScenario;
import io.kgrca.local.demo.GraphProbe;
import io.kgrca.local.demo.RcaReport;
import io.kgrca.local.demo.Steps;
import io.kgrca.local.demo.TenantFeed;
import io.kgrca.testsupport.DockerEngine;
import io.kgrca.testsupport.FreePorts;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system on the real Docker engine with the real images (run through Testcontainers, see
 * {@link Containers}; named in {@link Images}), Kafka and Neo4j on 127.0.0.1 (host network):
 * the agent image's {@code register} → the {@code kg-control-plane} container (Docker socket mounted) starts three
 * worker containers → resources, events and logs flow through both normalizers into the tenant's graph, with causal
 * links and a ranked root cause → {@code docker kill} of a worker → respawned, nothing lost → heartbeats stop →
 * STALE, DEAD, containers removed, consumer groups deleted → registration again → workers again → deregister.
 * Every step is logged as {@code E2E step n/9}. Its containers carry this run's labels and are removed at the end.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class EndToEndIT {

    private static final Logger LOG = LoggerFactory.getLogger(EndToEndIT.class);
    private static final Duration STEP = Duration.ofSeconds(150);

    private final String run = "kg-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final TenantId tenant = TenantId.of("e2e-" + run.substring(7));
    private final ApiToken operator = ApiTokens.newOperatorToken(new SecureRandom());
    private Containers containers;
    private GenericContainer<?> controlPlane;

    @BeforeEach
    void engine() {
        DockerEngine.assumeAvailable();
        Images.all().forEach(Images::require);
        containers = new Containers(DockerEngine.client(), run);
    }

    @AfterEach
    void removeContainers() {
        if (containers != null) {
            if (controlPlane != null) {
                tail("control plane", controlPlane.getLogs(), 40);
            }
            LOG.info("tenant {}: removed {} containers of run {}", tenant, containers.removeAll(), run);
        }
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void registrationStartsWorkersThatBuildTheGraphSurviveAKillAndAreCleanedUpAfterSilence(
            KafkaBroker kafka, Neo4jServer neo4j) throws Exception {
        Steps steps = new Steps("E2E", tenant.value(), 9);
        int cpPort = FreePorts.next();
        Path state = controlPlaneState();
        ControlPlaneApi api = new ControlPlaneApi(cpPort, operator);
        GraphProbe graph = new GraphProbe(neo4j.driver(), tenant.value());
        Map<String, String> agentEnv = Map.of("CLIENT_ID", tenant.value(), "CLUSTER_NAME", "e2e-cluster",
                "KAFKA_BROKERS", kafka.bootstrapServers(), "SEND_TIMEOUT", "30s");

        steps.next("start the kg-control-plane container " + run + " (Docker socket mounted, host network)");
        Map<String, String> cpEnv = new HashMap<>(controlPlaneEnv(kafka, neo4j, cpPort));
        cpEnv.put("API_TOKEN_FILE", state.resolve("api-token").toString());
        cpEnv.put("WORKER_SECRETS_DIR", state.resolve("secrets").toString());
        controlPlane = containers.start(Images.CONTROL_PLANE, run + "-control-plane", cpEnv, true,
                List.of(state));
        await("control plane ready").atMost(STEP).pollInterval(Duration.ofMillis(200)).until(api::ready);

        try (TenantFeed feed = new TenantFeed(tenant, kafka.bootstrapServers())) {
            steps.next("an unprovisioned registration is refused (agent image, exit 3, no container); the operator "
                    + "provisions the tenant (control-plane image: tenant add); register (agent image); heartbeats; "
                    + "the control plane starts three worker containers");
            assertThat(containers.runToExit(tenant.value(), Images.AGENT, run + "-refused", agentEnv,
                    STEP, "register")).as("exit status of register before the tenant is provisioned").isEqualTo(3);
            assertThat(containers.runningWorkers(tenant.value())).as("workers of a refused tenant").isEmpty();
            assertThat(containers.runToExit(tenant.value(), Images.CONTROL_PLANE, run + "-tenant-add",
                    Map.of("KAFKA_BROKERS", kafka.bootstrapServers()), STEP, "tenant", "add", tenant.value()))
                    .as("exit status of tenant add").isZero();
            long registering = System.nanoTime();
            assertThat(containers.runToExit(tenant.value(), Images.AGENT, run + "-register", agentEnv,
                    STEP, "register")).as("exit status of register").isZero();
            long registered = System.nanoTime();
            steps.note("register command: {} ms (JVM start and acknowledged send)", (registered - registering) / 1_000_000);
            feed.startHeartbeats(Duration.ofSeconds(1));
            DemoScenario scenario = new DemoScenario(tenant, Instant.now().minusSeconds(300));
            feed.send(scenario.state());
            feed.send(scenario.fault());
            Map<String, String> firstIds = awaitThreeRunning(steps);
            Optional<Duration> firstWrite = graph.awaitFirstWrite(registered, STEP);
            assertThat(firstWrite).as("a first graph write").isPresent();
            steps.note("TIME registration (acknowledged) to first graph write: {} ms", firstWrite.get().toMillis());

            steps.next("resources, events and logs flow through both normalizers");
            await("normalized events").atMost(STEP).until(() -> tenantValues(kafka, Topics.EVENTS_NORMALIZED).size(),
                    n -> n >= DemoScenario.faultEventUids().size());
            await("normalized logs").atMost(STEP).until(() -> tenantValues(kafka, Topics.LOGS_NORMALIZED).size(),
                    n -> n >= 1);
            steps.note("{} normalized events, {} normalized logs", tenantValues(kafka, Topics.EVENTS_NORMALIZED).size(),
                    tenantValues(kafka, Topics.LOGS_NORMALIZED).size());

            steps.next("the tenant's graph has its resources and signals; the RCA ranks the OOMKill");
            await("graph").atMost(STEP).until(graph::counts, c -> c.resources() >= DemoScenario.stateResources()
                    && c.events() >= DemoScenario.faultEventUids().size() && c.logTemplates() >= 1
                    && c.abnormal() >= 1);
            steps.note("graph: {}", graph.counts());
            RcaReport rca = new RcaReport(api.workerPort(tenant.value(), "graph-builder"),
                    ApiTokens.rcaReadToken(operator, tenant));
            List<RcaReport.Cause> causes = await("ranked root causes").atMost(STEP).until(
                    () -> rca.rootCauses().orElse(List.of()), l -> !l.isEmpty());
            causes.forEach(c -> steps.note("root cause {}", c));
            assertThat(causes.subList(0, Math.min(3, causes.size()))).extracting(RcaReport.Cause::reason)
                    .as("top three causes").contains(DemoScenario.ROOT_CAUSE_REASON);

            steps.next("docker kill the event-normalizer, send more events meanwhile: respawned, nothing lost");
            String victim = firstIds.get("event-normalizer");
            containers.kill(victim);
            feed.send(scenario.moreEvents("after-kill", 10));
            Map<String, String> respawned = awaitThreeRunning(steps);
            assertThat(respawned.get("event-normalizer")).as("a new container").isNotEqualTo(victim);
            Set<String> uids = new HashSet<>(DemoScenario.faultEventUids());
            for (int i = 0; i < 10; i++) {
                uids.add("after-kill-" + i);
            }
            await("every raw event normalized").atMost(STEP).until(() -> missing(kafka, uids), Set::isEmpty);
            await("every event in the graph").atMost(STEP).until(graph::counts, c -> c.events() >= uids.size());
            steps.note("restarts counted by the control plane: {}; graph: {}",
                    api.restarts(tenant.value(), "event-normalizer"), graph.counts());

            steps.next("heartbeats stop: STALE, then DEAD: containers removed, consumer groups deleted");
            feed.stopHeartbeats();
            await("STALE").atMost(STEP).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.state(tenant.value()), s -> s.equals("STALE") || s.equals("DEAD"));
            steps.note("state {}", api.state(tenant.value()));
            await("cleaned up").atMost(STEP).until(() -> api.cleanedUp(tenant.value()));
            assertThat(containers.allWorkers(tenant.value())).as("worker containers").isEmpty();
            assertThat(groups(kafka)).as("consumer groups of the tenant").isEmpty();
            steps.note("state DEAD, no container, no consumer group");

            steps.next("registration again (agent image): three workers again");
            assertThat(containers.runToExit(tenant.value(), Images.AGENT, run + "-register-2", agentEnv,
                    STEP, "register")).isZero();
            feed.startHeartbeats(Duration.ofSeconds(1));
            Map<String, String> again = awaitThreeRunning(steps);
            assertThat(again.values()).doesNotContainAnyElementsOf(respawned.values());
            await("the graph-builder consumes again").atMost(STEP).until(() -> groups(kafka).size() == 3);

            steps.next("deregister (agent image): workers removed and groups deleted at once");
            feed.stopHeartbeats();
            assertThat(containers.runToExit(tenant.value(), Images.AGENT, run + "-deregister",
                    agentEnv, STEP, "deregister")).isZero();
            await("cleaned up after the tombstone").atMost(STEP).until(() -> api.cleanedUp(tenant.value())
                    && containers.allWorkers(tenant.value()).isEmpty() && groups(kafka).isEmpty());
        }

        steps.next("stop the control plane and remove this run's containers");
        containers.stop(controlPlane, Duration.ofSeconds(10));
        tail("control plane", controlPlane.getLogs(), 15);
        controlPlane = null;
        assertThat(containers.removeAll()).isPositive();
        steps.done();
        LOG.info("E2E tenant {}: all 9 steps passed in {} s", tenant, steps.elapsed().toSeconds());
    }

    private Map<String, String> awaitThreeRunning(Steps steps) {
        Map<String, String> ids = await("three running worker containers").atMost(STEP)
                .pollInterval(Duration.ofMillis(200)).until(() -> containers.runningWorkers(tenant.value()).stream()
                        .collect(Collectors.toMap(c -> c.getLabels().get("io.kgrca.worker"), Container::getId,
                                (a, b) -> a)), m -> m.keySet().containsAll(Images.WORKERS));
        ids.forEach((w, id) -> steps.note("{} running in container {}", w, id.substring(0, 12)));
        return ids;
    }

    /**
     * The control plane's state directory as compose gives it: a host directory owned by the image's uid 10001,
     * mounted at the same path, holding the operator token this test wrote (so it knows it) and the workers'
     * secret files.
     */
    private Path controlPlaneState() throws IOException {
        Path state = Files.createTempDirectory("kg-e2e-state-");
        Path token = state.resolve("api-token");
        Files.writeString(token, operator.reveal() + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        for (Path p : List.of(state, token)) {
            Files.setAttribute(p, "unix:uid", 10001);
        }
        return state;
    }

    private Map<String, String> controlPlaneEnv(KafkaBroker kafka, Neo4jServer neo4j, int port) {
        int base = WorkerPorts.freeBlock(30);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BROKERS", kafka.bootstrapServers());
        env.put("NEO4J_URI", neo4j.boltUri());
        env.put("CONTROL_PLANE_NAME", run);
        env.put("HTTP_PORT", String.valueOf(port));
        env.put("WORKER_PORT_RANGE", base + "-" + (base + 29));
        env.put("ADMISSION", "provisioned");
        env.put("HEARTBEAT_TIMEOUT", "4s");
        env.put("CLEANUP_TIMEOUT", "8s");
        env.put("RECONCILE_INTERVAL", "2s");
        // Time for a stopped worker to leave its consumer group, so the cleanup does not wait for a session timeout.
        env.put("WORKER_STOP_GRACE", "10s");
        // A whole core per worker: JVM start-up at half a core on a busy two-core CI machine dominates the run.
        env.put("WORKER_CPU_LIMIT", "1");
        env.put("RESTART_BACKOFF_INITIAL", "1s");
        return env;
    }

    private List<String> tenantValues(KafkaBroker kafka, String topic) {
        String prefix = tenant.value() + "::";
        return kafka.readAll(topic, Duration.ofSeconds(10)).stream()
                .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).startsWith(prefix))
                .map(r -> DemoScenario.text(r.value())).toList();
    }

    private Set<String> missing(KafkaBroker kafka, Set<String> uids) {
        List<String> values = tenantValues(kafka, Topics.EVENTS_NORMALIZED);
        return uids.stream().filter(u -> values.stream().noneMatch(v -> v.contains("\"" + u + "\"")))
                .collect(Collectors.toSet());
    }

    private Set<String> groups(KafkaBroker kafka) throws Exception {
        return kafka.admin().listConsumerGroups().all().get(10, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).filter(g -> g.endsWith("-" + tenant.value()))
                .collect(Collectors.toSet());
    }

    private void tail(String what, String logs, int lines) {
        String[] all = logs.split("\n");
        for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
            LOG.info("tenant {}: [{}] {}", tenant, what, all[i].strip());
        }
    }
}
