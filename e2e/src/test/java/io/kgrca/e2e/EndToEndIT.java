package io.kgrca.e2e;

import com.github.dockerjava.api.model.Container;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.local.demo.ControlPlaneApi;
import io.kgrca.local.demo.DemoScenario;
import io.kgrca.local.demo.GraphProbe;
import io.kgrca.local.demo.RcaReport;
import io.kgrca.local.demo.Steps;
import io.kgrca.local.demo.TenantFeed;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system in the dedicated placement (the tenant is provisioned {@code --placement dedicated}; see
 * {@link SharedPlacementEndToEndIT} for the shared one) on the real Docker engine with the real images (run through
 * Testcontainers, see {@link Containers}; named in {@link Images}), Kafka and Neo4j on 127.0.0.1 (host network):
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

    private final ControlPlaneRun cp = new ControlPlaneRun();
    private final String run = cp.run();
    private final TenantId tenant = TenantId.of("e2e-" + run.substring(7));
    private final ApiToken operator = cp.operator();
    private Containers containers;

    @BeforeEach
    void engine() {
        containers = cp.containers();
    }

    @AfterEach
    void removeContainers() {
        cp.close(LOG, tenant.value());
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void registrationStartsWorkersThatBuildTheGraphSurviveAKillAndAreCleanedUpAfterSilence(
            KafkaBroker kafka, Neo4jServer neo4j) throws Exception {
        Steps steps = new Steps("E2E", tenant.value(), 9);
        int cpPort = FreePorts.next();
        Path state = cp.stateDirectory();
        ControlPlaneApi api = new ControlPlaneApi(cpPort, operator);
        GraphProbe graph = new GraphProbe(neo4j.driver(), tenant.value());
        Map<String, String> agentEnv = Map.of("CLIENT_ID", tenant.value(), "CLUSTER_NAME", "e2e-cluster",
                "KAFKA_BROKERS", kafka.bootstrapServers(), "SEND_TIMEOUT", "30s");

        steps.next("start the kg-control-plane container " + run + " (Docker socket mounted, host network)");
        Map<String, String> cpEnv = cp.environment(kafka, neo4j, cpPort, state);
        cpEnv.put("HEARTBEAT_TIMEOUT", "4s");
        cpEnv.put("CLEANUP_TIMEOUT", "8s");
        cp.start(cpEnv, state);
        await("control plane ready").atMost(STEP).pollInterval(Duration.ofMillis(200)).until(api::ready);

        try (TenantFeed feed = new TenantFeed(tenant, kafka.bootstrapServers())) {
            steps.next("an unprovisioned registration is refused (agent image, exit 3, no container); the operator "
                    + "provisions the tenant (control-plane image: tenant add); register (agent image); heartbeats; "
                    + "the control plane starts three worker containers");
            assertThat(containers.runToExit(tenant.value(), Images.AGENT, run + "-refused", agentEnv,
                    STEP, "register")).as("exit status of register before the tenant is provisioned").isEqualTo(3);
            assertThat(containers.runningWorkers(tenant.value())).as("workers of a refused tenant").isEmpty();
            assertThat(containers.runToExit(tenant.value(), Images.CONTROL_PLANE, run + "-tenant-add",
                    Map.of("KAFKA_BROKERS", kafka.bootstrapServers()), STEP, "tenant", "add", tenant.value(),
                    "--placement", PlacementMode.DEDICATED.wire())).as("exit status of tenant add").isZero();
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
            assertThat(api.placement(tenant.value())).as("placement of the tenant")
                    .isEqualTo(PlacementMode.DEDICATED.wire());
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
        cp.stop(LOG, tenant.value());
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
}
