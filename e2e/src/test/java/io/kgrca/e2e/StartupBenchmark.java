package io.kgrca.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.run.Commands;
import io.kgrca.common.config.Env;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.local.LocalRuntime;
import io.kgrca.local.LocalStack;
import io.kgrca.local.demo.ControlPlaneApi;
import io.kgrca.local.demo.DemoScenario;
import io.kgrca.local.demo.GraphProbe;
import io.kgrca.local.demo.TenantFeed;
import io.kgrca.testsupport.DockerEngine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up cost of a dedicated tenant's workers (issue 14), printed as figures: registration (the agent's
 * {@code register} acknowledged) to the tenant's first node in Neo4j, through the real control plane with the Docker
 * runtime (0.5 core and 384 MiB per worker, as in production), and each worker's JVM start (the container's start to
 * its {@code "<worker> started"} log line), for three variants of the same images, measured in turns in one run:
 * {@code no-cds} (JAVA_OPTS plus {@code -Xshare:off}: the images before issue 14, whose base had no class-data
 * sharing archive), {@code jdk-cds} (the JDK's archive only) and {@code app-cds} (the images as built: the JDK's
 * archive and the application archive of build-tools/cds-archive.sh). Also printed: the graph-builder's schema check
 * ({@code schema present in N ms} or {@code set up}) from its log.
 *
 * <p>Arguments: rounds (default 3). The images are {@link Images#worker(String)} (this build's, or
 * {@code KG_IT_<KIND>_IMAGE}); the variants are derived images ({@code docker build}, one {@code ENV} line) tagged
 * {@code <image>-<variant>}, which the control plane runs under the references {@code <image>-bench} (retagged
 * before each tenant). Kafka and Neo4j run in this JVM. Needs a Docker engine and the docker CLI.
 */
public final class StartupBenchmark {

    private static final List<String> VARIANTS = List.of("no-cds", "jdk-cds", "app-cds");
    private static final String JAVA_OPTS = "-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError "
            + "-Xss512k -XX:ReservedCodeCacheSize=32m";
    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final Pattern SCHEMA = Pattern.compile("schema (present|set up \\(\\d+ rules\\)) in (\\d+) ms");

    private final DockerClient docker = DockerEngine.client();
    private final Map<String, Map<String, List<Long>>> figures = new TreeMap<>();
    private final List<String> schema = new ArrayList<>();

    private StartupBenchmark() {
    }

    /** Runs the benchmark and prints the figures. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        new StartupBenchmark().run(rounds);
        System.exit(0);
    }

    private void run(int rounds) throws Exception {
        DockerEngine.assumeAvailable();
        for (String kind : Images.WORKERS) {
            String image = Images.worker(kind);
            derive(image, "no-cds", JAVA_OPTS + " -Xshare:off");
            derive(image, "jdk-cds", JAVA_OPTS + " -XX:SharedArchiveFile=/opt/java/openjdk/lib/server/classes.jsa");
            derive(image, "app-cds", JAVA_OPTS);
        }
        Map<String, String> images = new LinkedHashMap<>();
        images.put("EVENT_NORMALIZER_IMAGE", Images.worker("event-normalizer") + "-bench");
        images.put("LOG_NORMALIZER_IMAGE", Images.worker("log-normalizer") + "-bench");
        images.put("GRAPH_BUILDER_IMAGE", Images.worker("graph-builder") + "-bench");
        retag("app-cds");
        String name = "kg-startup-bench-" + ProcessHandle.current().pid();
        try (LocalStack stack = new LocalStack(name)) {
            stack.startInfrastructure();
            Map<String, String> settings = new LinkedHashMap<>(images);
            // dedicated workers are what it times (the default placement is shared since issue 14)
            settings.putAll(Map.of("RECONCILE_INTERVAL", "2s", "WORKER_STOP_GRACE", "3s", "HEARTBEAT_TIMEOUT", "60s",
                    "CLEANUP_TIMEOUT", "120s", "DEFAULT_PLACEMENT", "dedicated"));
            stack.startControlPlane(new LocalRuntime(true, "startup benchmark", Map.of()), settings);
            ControlPlaneApi api = new ControlPlaneApi(stack.controlPlanePort(), stack.operatorToken());
            await("the control plane", api::ready);
            for (int round = 1; round <= rounds; round++) {
                for (String variant : VARIANTS) {
                    retag(variant);
                    measure(stack, api, variant, TenantId.of("su-" + variant + "-" + round));
                }
            }
        }
        print(rounds);
    }

    private void measure(LocalStack stack, ControlPlaneApi api, String variant, TenantId tenant) throws Exception {
        Env agentEnv = new Env(Map.of("CLIENT_ID", tenant.value(), "CLUSTER_NAME", "bench",
                "KAFKA_BROKERS", stack.bootstrap(), "SEND_TIMEOUT", "30s"));
        try (TenantFeed feed = new TenantFeed(tenant, stack.bootstrap())) {
            if (Commands.register(AgentConfig.fromEnv(agentEnv), Clock.systemUTC()) != 0) {
                throw new IllegalStateException("tenant " + tenant + ": registration failed");
            }
            long registered = System.nanoTime();
            feed.startHeartbeats(Duration.ofSeconds(2));
            DemoScenario scenario = new DemoScenario(tenant, Instant.now().minusSeconds(300));
            feed.send(scenario.state());
            feed.send(scenario.fault());
            GraphProbe graph = new GraphProbe(stack.neo4j().driver(), tenant.value());
            Optional<Duration> firstWrite = graph.awaitFirstWrite(registered, WAIT);
            record(variant, "registration -> first graph write", firstWrite.map(Duration::toMillis).orElse(-1L));
            await("tenant " + tenant + ": three workers started", () -> jvmStarts(tenant).size() == 3);
            jvmStarts(tenant).forEach((worker, ms) -> record(variant, worker + " JVM start", ms));
            System.out.printf("tenant %s (%s): first graph write %s ms, JVM start %s%n", tenant, variant,
                    firstWrite.map(Duration::toMillis).orElse(-1L), jvmStarts(tenant));
            feed.stopHeartbeats();
            Commands.deregister(AgentConfig.fromEnv(agentEnv));
            await("tenant " + tenant + ": clean-up", () -> api.cleanedUp(tenant.value()));
        }
    }

    /** Per worker of {@code tenant} whose "started" line is logged: ms from the container's start to that line. */
    private Map<String, Long> jvmStarts(TenantId tenant) {
        Map<String, Long> out = new TreeMap<>();
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.kgrca.tenant", tenant.value())).exec();
        for (Container c : containers) {
            String startedAt = docker.inspectContainerCmd(c.getId()).exec().getState().getStartedAt();
            String logs = logs(c.getId());
            for (String line : logs.split("\n")) {
                Matcher started = WorkerLauncher.STARTED_LINE.matcher(line);
                if (started.find() && line.length() > 24) {
                    Instant logged = Instant.parse(line.substring(0, 24));
                    out.put(started.group(1), Duration.between(Instant.parse(startedAt), logged).toMillis());
                }
                Matcher m = SCHEMA.matcher(line);
                if (m.find() && !schema.contains(tenant + ": " + m.group())) {
                    schema.add(tenant + ": " + m.group());
                }
            }
        }
        return out;
    }

    private String logs(String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.writeBytes(frame.getPayload());
                }
            }).awaitCompletion(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void record(String variant, String what, long ms) {
        figures.computeIfAbsent(what, k -> new TreeMap<>()).computeIfAbsent(variant, k -> new ArrayList<>()).add(ms);
    }

    private void print(int rounds) {
        System.out.printf("%n== start-up of a dedicated tenant, %d rounds, median (all runs) in ms ==%n", rounds);
        System.out.printf("%-36s %-28s %-28s %-28s%n", "", "no-cds", "jdk-cds", "app-cds");
        figures.forEach((what, byVariant) -> {
            StringBuilder line = new StringBuilder(String.format("%-36s", what));
            for (String variant : VARIANTS) {
                List<Long> all = byVariant.getOrDefault(variant, List.of());
                line.append(String.format(" %-28s", all.isEmpty() ? "-" : median(all) + " " + all));
            }
            System.out.println(line);
        });
        System.out.println("graph-builder schema check:");
        schema.forEach(s -> System.out.println("  " + s));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** {@code <image>-<variant>}: {@code image} with JAVA_OPTS set to {@code javaOpts}. */
    private static void derive(String image, String variant, String javaOpts) throws IOException, InterruptedException {
        String dockerfile = "FROM " + image + "\nENV JAVA_OPTS=\"" + javaOpts + "\"\n";
        Process p = new ProcessBuilder("docker", "build", "-q", "-t", image + "-" + variant, "-")
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(dockerfile.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("docker build of " + image + "-" + variant + " failed: " + out);
        }
    }

    private void retag(String variant) {
        for (String kind : Images.WORKERS) {
            String image = Images.worker(kind);
            int colon = image.lastIndexOf(':');
            docker.tagImageCmd(image + "-" + variant, image.substring(0, colon), image.substring(colon + 1) + "-bench")
                    .withForce().exec();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
    }
}
