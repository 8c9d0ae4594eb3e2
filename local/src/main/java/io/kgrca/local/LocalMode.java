package io.kgrca.local;

import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.run.Commands;
import io.kgrca.common.config.Env;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.local.demo.ControlPlaneApi;
import io.kgrca.local.demo.DemoScenario;
import io.kgrca.local.demo.GraphProbe;
import io.kgrca.local.demo.RcaReport;
import io.kgrca.local.demo.Steps;
import io.kgrca.local.demo.TenantFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The one-command local mode: a real Kafka and Neo4j in this JVM, the control plane (Docker runtime when an engine
 * and the images are there, child processes otherwise), and a demo tenant that registers with the agent's own
 * {@code register} command, heart-beats, and replays an OOMKilled → CrashLoopBackOff fault. It prints the workers,
 * the graph and the ranked root causes, deregisters, and stops by itself (Ctrl-C stops it too), removing what it
 * started. Exit status 0 when the injected root cause is ranked, 1 otherwise. Settings: {@code KG_LOCAL_TENANT}
 * (default {@code demo}), {@code KG_LOCAL_RUNTIME} ({@code auto}, {@code docker}, {@code process}),
 * {@code KG_LOCAL_KEEP} (how long to keep running after the root causes are printed, default 0).
 */
public final class LocalMode {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMode.class);
    private static final Duration WAIT = Duration.ofSeconds(180);

    private final TenantId tenant;
    private final LocalStack stack;
    private final Steps steps;

    private LocalMode(TenantId tenant, LocalStack stack) {
        this.tenant = tenant;
        this.stack = stack;
        this.steps = new Steps("LOCAL", tenant.value(), 8);
    }

    /** Runs the demo and exits. */
    public static void main(String[] args) throws Exception {
        TenantId tenant = TenantId.of(System.getenv().getOrDefault("KG_LOCAL_TENANT", "demo"));
        // This thread works for the demo tenant only: every line it logs carries it (the patterns show it).
        MDC.put("tenant", tenant.value());
        String name = "kg-local-" + UUID.randomUUID().toString().substring(0, 8);
        LocalStack stack = new LocalStack(name);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-mode-stop"));
        int status;
        try {
            status = new LocalMode(tenant, stack).run(name) ? 0 : 1;
        } catch (Exception e) {
            if (stack.closed()) {
                LOG.info("stopped (Ctrl-C)");
            } else {
                LOG.error("local mode failed: {}", e.toString(), e);
            }
            status = 1;
        } finally {
            stack.close();
        }
        System.exit(status);
    }

    private boolean run(String name) throws Exception {
        Path stateDir = Files.createTempDirectory("kg-local-workers-");
        steps.next("start a real Kafka broker (KRaft) and a real Neo4j 5.26 on 127.0.0.1");
        stack.startInfrastructure();
        steps.note("Kafka on {}, Neo4j on {}", stack.bootstrap(), stack.neo4j().boltUri());

        LocalRuntime runtime = LocalRuntime.choose(System.getenv().getOrDefault("KG_LOCAL_RUNTIME", "auto"),
                LocalRuntime.repoRoot(), stateDir);
        steps.next("start the control plane " + name + " with workers as "
                + (runtime.docker() ? "Docker containers" : "child processes") + " (" + runtime.reason() + ")");
        stack.startControlPlane(runtime, Map.of("RECONCILE_INTERVAL", "5s", "WORKER_STOP_GRACE", "3s",
                "HEARTBEAT_TIMEOUT", "60s", "CLEANUP_TIMEOUT", "120s"));
        ControlPlaneApi api = new ControlPlaneApi(stack.controlPlanePort(), stack.operatorToken());
        await("the control plane to read the registry", api::ready);
        steps.note("status API: curl -s -H \"Authorization: Bearer $(cat {})\" 127.0.0.1:{}/api/tenants/{}",
                stack.tokenFile(), stack.controlPlanePort(), tenant);
        if (!runtime.docker()) {
            steps.note("worker output: {}/kg-<worker>-{}.log", stateDir, tenant);
        }

        try (TenantFeed feed = new TenantFeed(tenant, stack.bootstrap())) {
            return demo(api, feed);
        }
    }

    private boolean demo(ControlPlaneApi api, TenantFeed feed) throws Exception {
        steps.next("register the demo cluster (the agent's register command), heartbeats every 2 s, replay an OOMKilled fault");
        Env agentEnv = new Env(Map.of("CLIENT_ID", tenant.value(), "CLUSTER_NAME", "demo-cluster",
                "KAFKA_BROKERS", stack.bootstrap(), "SEND_TIMEOUT", "30s"));
        if (Commands.register(AgentConfig.fromEnv(agentEnv), Clock.systemUTC()) != 0) {
            return false;
        }
        long registered = System.nanoTime();
        feed.startHeartbeats(Duration.ofSeconds(2));
        // The agent streams at once; the records wait in Kafka until the workers start (groups read from earliest).
        DemoScenario scenario = new DemoScenario(tenant, Instant.now().minusSeconds(300));
        feed.send(scenario.state());
        feed.send(scenario.fault());

        steps.next("the control plane starts the tenant's three workers");
        await("three RUNNING workers", () -> api.workerStates(tenant.value()).values().stream()
                .filter("RUNNING"::equals).count() == 3);
        api.workerStates(tenant.value()).forEach((w, s) -> steps.note("{}: {}", w, s));

        steps.next("the fault flows: resources, topology, Kubernetes events, container logs into the graph");
        GraphProbe graph = new GraphProbe(stack.neo4j().driver(), tenant.value());
        Optional<Duration> firstWrite = graph.awaitFirstWrite(registered, WAIT);
        steps.note("registration to first graph write: {} ms", firstWrite.map(Duration::toMillis).orElse(-1L));

        steps.next("the graph fills: resources, events, log signals and state signals");
        await("the scenario in the graph", () -> {
            GraphProbe.Counts c = graph.counts();
            return c.resources() >= DemoScenario.stateResources() && c.events() >= 5 && c.abnormal() > 0;
        });
        steps.note("graph of {}: {}", tenant, graph.counts());

        steps.next("ask the graph-builder for the ranked root causes (GET /rca/incidents/<id>)");
        RcaReport rca = new RcaReport(api.workerPort(tenant.value(), "graph-builder"),
                ApiTokens.rcaReadToken(stack.operatorToken(), tenant));
        await("ranked root causes", () -> rca.rootCauses().map(l -> !l.isEmpty()).orElse(false));
        List<RcaReport.Cause> causes = rca.rootCauses().orElse(List.of());
        printSummary(graph.counts(), causes, firstWrite);
        keepRunning(api);

        steps.next("deregister (the agent's deregister command): the control plane removes the workers");
        feed.stopHeartbeats();
        Commands.deregister(AgentConfig.fromEnv(agentEnv));
        await("the workers to be removed and the consumer groups deleted", () -> api.cleanedUp(tenant.value()));
        steps.done();
        LOG.info("LOCAL: done in {} s; stopping", steps.elapsed().toSeconds());
        return causes.stream().anyMatch(c -> DemoScenario.ROOT_CAUSE_REASON.equals(c.reason()));
    }

    private void printSummary(GraphProbe.Counts counts, List<RcaReport.Cause> causes, Optional<Duration> firstWrite) {
        StringBuilder b = new StringBuilder("\n========== kg-rca local mode: tenant ").append(tenant)
                .append(" ==========\n");
        b.append("graph: ").append(counts).append('\n');
        firstWrite.ifPresent(d -> b.append("registration to first graph write: ").append(d.toMillis())
                .append(" ms\n"));
        b.append("ranked root causes of the largest incident:\n");
        causes.forEach(c -> b.append("  ").append(c).append('\n'));
        b.append("injected root cause: ").append(DemoScenario.ROOT_CAUSE_REASON).append(" on ")
                .append(DemoScenario.API_POD.id()).append('\n');
        b.append("==========================================================");
        LOG.info("{}", b);
    }

    /** {@code KG_LOCAL_KEEP} (a duration such as {@code 5m}): time to explore before the demo ends. */
    private void keepRunning(ControlPlaneApi api) throws InterruptedException {
        Duration keep = new Env(System.getenv()).duration("KG_LOCAL_KEEP", Duration.ZERO);
        if (keep.isZero()) {
            return;
        }
        int rcaPort = api.workerPort(tenant.value(), "graph-builder");
        steps.note("KG_LOCAL_KEEP: running {} s more; try T=$(cat {}); curl -s -H \"Authorization: Bearer $T\" "
                + "127.0.0.1:{}/api/tenants/{} and curl -s -H \"Authorization: Bearer $T\" 127.0.0.1:{}/rca/incidents "
                + "(the operator token opens both; a tenant's read token, PrintRcaToken, opens its RCA only)",
                keep.toSeconds(), stack.tokenFile(), stack.controlPlanePort(), tenant, rcaPort);
        Thread.sleep(keep.toMillis());
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("tenant " + tenant + ": gave up waiting for " + what + " after "
                        + WAIT.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
    }
}
