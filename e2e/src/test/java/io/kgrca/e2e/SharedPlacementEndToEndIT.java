package io.kgrca.e2e;

import com.github.dockerjava.api.model.Container;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.DeadLetterPublisher;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared placement end to end, on the real Docker engine with the real images (see {@link EndToEndIT} for the
 * dedicated placement): a {@code kg-control-plane} container whose default placement is {@code shared} → tenants A
 * and B provisioned and registered (agent image) → one pool instance per worker kind
 * ({@code kg-<worker>.pool-0}) and no container of either tenant → both graphs built by the pools, A's RCA served by
 * the pool graph-builder ranks the OOMKill → <b>moves under load</b>: numbered events and log lines of A flow
 * continuously (and of B, more slowly) while A is moved shared → dedicated through the API (its three containers
 * start) and back dedicated → shared (its containers are removed once drained) → every numbered record of A and of B
 * is in {@code events.normalized} / {@code logs.normalized} and every numbered event in the tenants' graphs; B was
 * never touched. Figures logged: registration to first graph write in a running pool, each handoff's times, the
 * duplicates the overlaps produced. Every step is logged as {@code SHARED step n/8}; the run's containers carry its
 * labels and are removed at the end.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class SharedPlacementEndToEndIT {

    private static final Logger LOG = LoggerFactory.getLogger(SharedPlacementEndToEndIT.class);
    private static final Duration STEP = Duration.ofSeconds(240);
    /** The handoff overlap the control plane passes to every worker (short, to keep the test short). */
    private static final Duration OVERLAP = Duration.ofSeconds(10);
    /** How far ahead of its write the control plane sets a move's broker time. */
    private static final Duration LEAD = Duration.ofSeconds(5);
    private static final int A_RATE = 20;
    private static final int B_RATE = 5;

    private final ControlPlaneRun cp = new ControlPlaneRun();
    private final String run = cp.run();
    private final TenantId tenantA = TenantId.of("sa-" + run.substring(7));
    private final TenantId tenantB = TenantId.of("sb-" + run.substring(7));
    private final ApiToken operator = cp.operator();
    private Containers containers;

    @BeforeEach
    void engine() {
        containers = cp.containers();
        // Pool containers have fixed names (kg-<worker>.pool-<n>): another run's pools on this engine would take them.
        assertThat(containers.anyPools()).as("pool containers of another run on this engine").isEmpty();
    }

    @AfterEach
    void removeContainers() {
        if (containers != null) {
            containers.tailManaged(tenantA.value(), 60);
        }
        cp.close(LOG, tenantA.value());
    }

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void poolsServeTwoTenantsAndATenantMovedBackAndForthUnderLoadLosesNoRecord(KafkaBroker kafka, Neo4jServer neo4j)
            throws Exception {
        Steps steps = new Steps("SHARED", tenantA.value(), 8);
        int cpPort = FreePorts.next();
        Path state = cp.stateDirectory();
        ControlPlaneApi api = new ControlPlaneApi(cpPort, operator);
        GraphProbe graphA = new GraphProbe(neo4j.driver(), tenantA.value());
        GraphProbe graphB = new GraphProbe(neo4j.driver(), tenantB.value());

        steps.next("start the kg-control-plane container " + run + " (default placement shared, pools of 1)");
        Map<String, String> cpEnv = cp.environment(kafka, neo4j, cpPort, state);
        cpEnv.put("DEFAULT_PLACEMENT", PlacementMode.SHARED.wire());
        cpEnv.put("PLACEMENT_OVERLAP", OVERLAP.toSeconds() + "s");
        cpEnv.put("PLACEMENT_LEAD", LEAD.toSeconds() + "s");
        cpEnv.put("POOL_MIN", "1");
        cpEnv.put("POOL_MAX", "1");
        // Instance n of a kind serves on POOL_PORT_BASE + 100 x slot + n: a free base, not another run's.
        cpEnv.put("POOL_PORT_BASE", String.valueOf(poolPortBase(cpEnv.get("WORKER_PORT_RANGE"))));
        // Long enough that no tenant turns STALE while the machine is busy starting JVMs.
        cpEnv.put("HEARTBEAT_TIMEOUT", "30s");
        cp.start(cpEnv, state);
        await("control plane ready").atMost(STEP).pollInterval(Duration.ofMillis(200)).until(api::ready);

        try (TenantFeed feedA = new TenantFeed(tenantA, kafka.bootstrapServers());
             TenantFeed feedB = new TenantFeed(tenantB, kafka.bootstrapServers())) {
            steps.next("provision A and B (tenant add, default placement), register A (agent image): one pool "
                    + "instance per worker kind, no container of the tenant; A's graph built by the pools");
            for (TenantId t : List.of(tenantA, tenantB)) {
                assertThat(containers.runToExit(t.value(), Images.CONTROL_PLANE, run + "-add-" + t.value(),
                        Map.of("KAFKA_BROKERS", kafka.bootstrapServers()), STEP, "tenant", "add", t.value()))
                        .as("exit status of tenant add " + t).isZero();
            }
            long registeredA = register(tenantA, kafka);
            feedA.startHeartbeats(Duration.ofSeconds(1));
            DemoScenario scenarioA = new DemoScenario(tenantA, Instant.now().minusSeconds(300));
            feedA.send(scenarioA.state());
            feedA.send(scenarioA.fault());
            Map<String, Container> pools = awaitPools(steps);
            await("A placed shared").atMost(STEP).until(() -> api.placement(tenantA.value()),
                    PlacementMode.SHARED.wire()::equals);
            Optional<Duration> firstWriteA = graphA.awaitFirstWrite(registeredA, STEP);
            assertThat(firstWriteA).as("a first graph write of A").isPresent();
            steps.note("TIME registration of A (acknowledged) to first graph write, pools started meanwhile: {} ms",
                    firstWriteA.get().toMillis());
            assertThat(containers.allDedicatedWorkers(tenantA.value())).as("containers of shared tenant A").isEmpty();

            steps.next("register B while the pools run: B's graph built by the same pools, no container of B");
            long registeredB = register(tenantB, kafka);
            feedB.startHeartbeats(Duration.ofSeconds(1));
            DemoScenario scenarioB = new DemoScenario(tenantB, Instant.now().minusSeconds(300));
            feedB.send(scenarioB.state());
            feedB.send(scenarioB.fault());
            Optional<Duration> firstWriteB = graphB.awaitFirstWrite(registeredB, STEP);
            assertThat(firstWriteB).as("a first graph write of B").isPresent();
            steps.note("TIME registration of B (acknowledged) to first graph write in a running pool: {} ms",
                    firstWriteB.get().toMillis());
            for (GraphProbe g : List.of(graphA, graphB)) {
                await("graph").atMost(STEP).until(g::counts, c -> c.resources() >= DemoScenario.stateResources()
                        && c.events() >= DemoScenario.faultEventUids().size() && c.logTemplates() >= 1
                        && c.abnormal() >= 1);
            }
            steps.note("graph of A: {}", graphA.counts());
            steps.note("graph of B: {}", graphB.counts());
            await("B placed shared").atMost(STEP).until(() -> api.placement(tenantB.value()),
                    PlacementMode.SHARED.wire()::equals);
            assertThat(containers.allDedicatedWorkers(tenantA.value())).as("containers of A").isEmpty();
            assertThat(containers.allDedicatedWorkers(tenantB.value())).as("containers of B").isEmpty();
            assertThat(awaitPools(steps).values()).extracting(Container::getId).as("the same pool instances")
                    .containsExactlyInAnyOrderElementsOf(pools.values().stream().map(Container::getId).toList());
            api.pools().ifPresent(p -> steps.note("GET /api/pools: {}", p));

            steps.next("the RCA of A, served by the pool graph-builder, ranks the OOMKill");
            int poolPort = Containers.metricsPort(pools.get("graph-builder"));
            RcaReport rca = RcaReport.pooled(poolPort, tenantA.value(), ApiTokens.rcaReadToken(operator, tenantA));
            List<RcaReport.Cause> causes = await("ranked root causes of A").atMost(STEP).until(
                    () -> rca.rootCauses().orElse(List.of()), l -> !l.isEmpty());
            causes.forEach(c -> steps.note("root cause {}", c));
            assertThat(causes.subList(0, Math.min(3, causes.size()))).extracting(RcaReport.Cause::reason)
                    .as("top three causes of A").contains(DemoScenario.ROOT_CAUSE_REASON);

            try (NumberedFeed loadA = new NumberedFeed(tenantA, scenarioA, "move", kafka.bootstrapServers());
                 NumberedFeed loadB = new NumberedFeed(tenantB, scenarioB, "steady", kafka.bootstrapServers())) {
                steps.next("under load (A " + A_RATE + " events/s, B " + B_RATE + " events/s, and log lines): "
                        + "move A shared -> dedicated through the API; its three containers start");
                loadA.start(A_RATE, 4);
                loadB.start(B_RATE, 5);
                Thread.sleep(5_000);
                long moved = System.nanoTime();
                Placement toDedicated = move(api, kafka, PlacementMode.DEDICATED, steps);
                Map<String, String> dedicated = awaitDedicated(steps);
                steps.note("TIME move to dedicated: API call to three running containers {} ms",
                        (System.nanoTime() - moved) / 1_000_000);
                assertThat(containers.allDedicatedWorkers(tenantB.value())).as("containers of B").isEmpty();
                awaitPast(toDedicated.since().plus(OVERLAP).plusSeconds(5), "the end of the overlap", steps);
                assertThat(containers.dedicatedWorkers(tenantA.value())).extracting(Container::getId)
                        .as("A's dedicated containers, still the same").containsExactlyInAnyOrderElementsOf(
                                dedicated.values());

                await("the move to dedicated complete (the pools passed since + overlap)").atMost(STEP)
                        .until(() -> !api.draining(tenantA.value()));
                steps.note("TIME move to dedicated complete {} ms after the API call",
                        (System.nanoTime() - moved) / 1_000_000);

                steps.next("under load: move A dedicated -> shared; its containers are removed once drained");
                containers.tailManaged(tenantA.value(), 40);
                long movedBack = System.nanoTime();
                Placement toShared = move(api, kafka, PlacementMode.SHARED, steps);
                await("A's dedicated containers removed").atMost(STEP).pollInterval(Duration.ofMillis(500))
                        .until(() -> containers.allDedicatedWorkers(tenantA.value()).isEmpty());
                long removedAfter = (System.nanoTime() - movedBack) / 1_000_000;
                long removedAt = System.currentTimeMillis();
                steps.note("TIME move to shared: API call to dedicated containers removed {} ms (since + overlap "
                        + "was {} ms after the call)", removedAfter,
                        toShared.since().plus(OVERLAP).toEpochMilli() - toShared.changedAt().toEpochMilli());
                assertThat(removedAt).as("removal after since + overlap (the drain)")
                        .isGreaterThanOrEqualTo(toShared.since().plus(OVERLAP).toEpochMilli());
                Thread.sleep(5_000);
                loadA.stop();
                loadB.stop();
                assertThat(loadA.failed()).as("sends of A the broker did not acknowledge").isEmpty();
                assertThat(loadB.failed()).as("sends of B the broker did not acknowledge").isEmpty();

                steps.next("every numbered record of A and B normalized and every numbered event in the graphs");
                api.pools().ifPresent(p -> steps.note("GET /api/pools: {}", p));
                api.tenant(tenantA.value()).ifPresent(t -> steps.note("GET /api/tenants/{}: {}", tenantA, t));
                Map<Integer, Integer> eventsA = awaitEveryRecord(kafka, neo4j.driver(), tenantA, loadA);
                Map<Integer, Integer> eventsB = awaitEveryRecord(kafka, neo4j.driver(), tenantB, loadB);
                figures(steps, loadA.events(), eventsA, List.of(toDedicated, toShared));
                assertThat(duplicates(eventsB)).as("duplicate normalized events of B, never moved").isZero();
                assertThat(api.placement(tenantA.value())).as("placement of A at the end")
                        .isEqualTo(PlacementMode.SHARED.wire());
                assertThat(api.placement(tenantB.value())).as("placement of B at the end")
                        .isEqualTo(PlacementMode.SHARED.wire());
                assertThat(containers.allDedicatedWorkers(tenantB.value())).as("containers of B").isEmpty();
                steps.note("graph of A: {}; graph of B: {}", graphA.counts(), graphB.counts());
            }
            feedA.stopHeartbeats();
            feedB.stopHeartbeats();
        }

        steps.next("stop the control plane and remove this run's containers");
        cp.stop(LOG, tenantA.value());
        assertThat(containers.removeAll()).isPositive();
        steps.done();
        LOG.info("SHARED tenants {} and {}: all 8 steps passed in {} s", tenantA, tenantB, steps.elapsed().toSeconds());
    }

    /** Registers {@code tenant} with the agent image; returns the {@link System#nanoTime()} of the acknowledgement. */
    private long register(TenantId tenant, KafkaBroker kafka) {
        Map<String, String> agentEnv = Map.of("CLIENT_ID", tenant.value(), "CLUSTER_NAME", "e2e-" + tenant.value(),
                "KAFKA_BROKERS", kafka.bootstrapServers(), "SEND_TIMEOUT", "30s");
        assertThat(containers.runToExit(tenant.value(), Images.AGENT, run + "-register-" + tenant.value(), agentEnv,
                STEP, "register")).as("exit status of register " + tenant).isZero();
        return System.nanoTime();
    }

    /** Waits for one running pool instance of each worker kind; returns them by worker. */
    private Map<String, Container> awaitPools(Steps steps) {
        Map<String, Container> pools = await("one running pool instance per worker kind").atMost(STEP)
                .pollInterval(Duration.ofMillis(500)).until(() -> containers.runningPools().stream()
                        .collect(Collectors.toMap(c -> c.getLabels().get(Containers.WORKER), c -> c, (a, b) -> a)),
                        m -> m.keySet().containsAll(Images.WORKERS));
        pools.forEach((w, c) -> steps.note("pool of {}: {} ({}), port {}", w, Containers.name(c),
                c.getId().substring(0, 12), Containers.metricsPort(c)));
        assertThat(containers.runningPools()).extracting(Containers::name).as("pool instances")
                .containsExactlyInAnyOrder(Images.WORKERS.stream().map(w -> "kg-" + w + ".pool-0")
                        .toArray(String[]::new));
        return pools;
    }

    private Map<String, String> awaitDedicated(Steps steps) {
        Map<String, String> ids = await("three running dedicated containers of A").atMost(STEP)
                .pollInterval(Duration.ofMillis(200)).until(() -> containers.dedicatedWorkers(tenantA.value()).stream()
                        .collect(Collectors.toMap(c -> c.getLabels().get(Containers.WORKER), Container::getId,
                                (a, b) -> a)), m -> m.keySet().containsAll(Images.WORKERS));
        ids.forEach((w, id) -> steps.note("{} of A running in container {}", w, id.substring(0, 12)));
        return ids;
    }

    /**
     * Moves A to {@code to} through the API and returns the placement record the control plane wrote (the latest of
     * A on {@code cluster.placement} once it names {@code to}).
     */
    private Placement move(ControlPlaneApi api, KafkaBroker kafka, PlacementMode to, Steps steps) {
        int status = api.move(tenantA.value(), to.wire());
        assertThat(status).as("status of POST /api/tenants/" + tenantA + "/placement " + to.wire())
                .isBetween(200, 299);
        Placement written = await("the placement record of A names " + to.wire()).atMost(STEP)
                .until(() -> latestPlacement(kafka, tenantA), p -> p.isPresent() && p.get().mode() == to).get();
        steps.note("placement of A: {} since {} (epoch {}, written {}), {} ms ahead of the write", written.mode().wire(),
                written.since(), written.epoch(), written.changedAt(),
                written.since().toEpochMilli() - written.changedAt().toEpochMilli());
        await("the view of A shows " + to.wire()).atMost(STEP).until(() -> api.placement(tenantA.value()),
                to.wire()::equals);
        return written;
    }

    private Optional<Placement> latestPlacement(KafkaBroker kafka, TenantId tenant) {
        Placement latest = null;
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(Topics.CLUSTER_PLACEMENT, Duration.ofSeconds(10))) {
            if (r.key() != null && tenant.value().equals(new String(r.key(), StandardCharsets.UTF_8))) {
                latest = r.value() == null ? null : decodePlacement(r.value());
            }
        }
        return Optional.ofNullable(latest);
    }

    private static Placement decodePlacement(byte[] value) {
        try {
            return JsonCodec.shared().decode(value, Placement.class);
        } catch (JsonDecodeException e) {
            throw new IllegalStateException("a placement record that does not decode: " + DemoScenario.text(value), e);
        }
    }

    /** A free block of 201 ports for the pools (3 kinds, 100 apart) that does not meet the workers' range. */
    private static int poolPortBase(String workerRange) {
        int low = Integer.parseInt(workerRange.substring(0, workerRange.indexOf('-')));
        int high = Integer.parseInt(workerRange.substring(workerRange.indexOf('-') + 1));
        for (int attempt = 0; attempt < 20; attempt++) {
            int base = WorkerPorts.freeBlock(201);
            if (base > high || base + 200 < low) {
                return base;
            }
        }
        throw new IllegalStateException("no free pool port block outside " + workerRange);
    }

    private void awaitPast(Instant when, String what, Steps steps) throws InterruptedException {
        long wait = when.toEpochMilli() - System.currentTimeMillis();
        steps.note("waiting {} ms for {} ({})", Math.max(0, wait), what, when);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /**
     * Waits until every numbered event and log line {@code feed} sent for {@code tenant} is normalized and every
     * numbered event is in the tenant's graph; returns event number → how many normalized records carry it.
     */
    private Map<Integer, Integer> awaitEveryRecord(KafkaBroker kafka, Driver driver, TenantId tenant,
                                                   NumberedFeed feed) throws InterruptedException {
        Map<Integer, Integer> events = awaitAll(kafka, feed.events().keySet(),
                () -> normalizedNumbers(kafka, Topics.EVENTS_NORMALIZED, tenant, feed.prefix()),
                "events of " + tenant + " in " + Topics.EVENTS_NORMALIZED);
        awaitAll(kafka, feed.logs().keySet(),
                () -> normalizedNumbers(kafka, Topics.LOGS_NORMALIZED, tenant, feed.prefix()),
                "log lines of " + tenant + " in " + Topics.LOGS_NORMALIZED);
        awaitAll(kafka, feed.events().keySet(), () -> graphNumbers(driver, tenant, feed.prefix()),
                "events of " + tenant + " in its graph");
        return events;
    }

    /**
     * Waits until every number of {@code sent} is among the keys {@code seen} returns (number → how many times);
     * fails listing the missing ones; returns the last reading.
     */
    private Map<Integer, Integer> awaitAll(KafkaBroker kafka, Set<Integer> sent, Supplier<Map<Integer, Integer>> seen,
                                           String what) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        Map<Integer, Integer> last = seen.get();
        while (!last.keySet().containsAll(sent) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            last = seen.get();
        }
        Set<Integer> missing = new TreeSet<>(sent);
        missing.removeAll(last.keySet());
        LOG.info("{}: {} sent, {} distinct seen, {} duplicates, {} missing", what, sent.size(),
                last.size(), duplicates(last), missing.size());
        if (!missing.isEmpty()) {
            LOG.error("{}: {} missing; dead letters of the tenants by worker and reason: {}", what, missing.size(),
                    deadLetters(kafka));
        }
        assertThat(missing).as("numbers missing among the " + what + " (" + sent.size() + " sent)").isEmpty();
        return last;
    }

    /**
     * The dead letters on {@code dlq.raw} and {@code dlq.normalized} by tenant, worker and reason: where records
     * that are missing downstream may have gone (records rejected by a worker are not lost, they are dead-lettered).
     */
    private static Map<String, Integer> deadLetters(KafkaBroker kafka) {
        Map<String, Integer> out = new TreeMap<>();
        for (String topic : List.of(Topics.DLQ_RAW, Topics.DLQ_NORMALIZED)) {
            for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(topic, Duration.ofSeconds(10))) {
                out.merge(header(r, DeadLetterPublisher.TENANT) + " " + header(r, DeadLetterPublisher.WORKER) + " "
                        + header(r, DeadLetterPublisher.REASON), 1, Integer::sum);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? "-" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Number → how many records of {@code tenant} on {@code topic} carry it in their message. */
    private static Map<Integer, Integer> normalizedNumbers(KafkaBroker kafka, String topic, TenantId tenant,
                                                           String prefix) {
        String keyPrefix = tenant.value() + "::";
        Map<Integer, Integer> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(topic, Duration.ofSeconds(20))) {
            if (r.key() == null || r.value() == null
                    || !new String(r.key(), StandardCharsets.UTF_8).startsWith(keyPrefix)) {
                continue;
            }
            try {
                int n = DemoScenario.numberOf(prefix, JsonCodec.shared().decodeTree(r.value()).path("message")
                        .asText(null));
                if (n >= 0) {
                    out.merge(n, 1, Integer::sum);
                }
            } catch (JsonDecodeException e) {
                LOG.warn("tenant {}: a record of {} that does not decode: {}", tenant, topic, e.getMessage());
            }
        }
        return out;
    }

    /** Number → how many event nodes of {@code tenant}'s graph carry it in their message. */
    private static Map<Integer, Integer> graphNumbers(Driver driver, TenantId tenant, String prefix) {
        Map<Integer, Integer> out = new TreeMap<>();
        try (Session s = driver.session()) {
            s.run("MATCH (e:Signal:Event {tenant: $t}) WHERE e.message CONTAINS $marker RETURN e.message AS m",
                    Map.of("t", tenant.value(), "marker", "(" + prefix + " ")).list().forEach(r -> {
                        int n = DemoScenario.numberOf(prefix, r.get("m").asString());
                        if (n >= 0) {
                            out.merge(n, 1, Integer::sum);
                        }
                    });
        }
        return out;
    }

    private static int duplicates(Map<Integer, Integer> counts) {
        return counts.values().stream().mapToInt(c -> c - 1).sum();
    }

    /** Logs where A's duplicates fell: inside each move's overlap window or outside any. */
    private void figures(Steps steps, TreeMap<Integer, Long> sentAt, Map<Integer, Integer> normalized,
                         List<Placement> moves) {
        int inWindow = 0;
        int outside = 0;
        List<Integer> outsideNumbers = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : normalized.entrySet()) {
            if (e.getValue() < 2 || !sentAt.containsKey(e.getKey())) {
                continue;
            }
            long ts = sentAt.get(e.getKey());
            boolean window = moves.stream().anyMatch(p -> ts >= p.since().minus(OVERLAP).toEpochMilli()
                    && ts < p.since().plus(OVERLAP).toEpochMilli());
            if (window) {
                inWindow += e.getValue() - 1;
            } else {
                outside += e.getValue() - 1;
                outsideNumbers.add(e.getKey());
            }
        }
        for (Placement p : moves) {
            long lo = p.since().minus(OVERLAP).toEpochMilli();
            long hi = p.since().plus(OVERLAP).toEpochMilli();
            long sentInWindow = sentAt.values().stream().filter(t -> t >= lo && t < hi).count();
            steps.note("handoff to {} at {}: {} events of A stamped in its overlap window [{}, {})", p.mode().wire(),
                    p.since(), sentInWindow, Instant.ofEpochMilli(lo), Instant.ofEpochMilli(hi));
        }
        steps.note("FIGURES A: {} events sent, {} normalized records, {} duplicates inside the overlap windows, {} "
                        + "outside {}", sentAt.size(), normalized.values().stream().mapToInt(Integer::intValue).sum(),
                inWindow, outside, outsideNumbers.size() > 20 ? outsideNumbers.subList(0, 20) + "..." : outsideNumbers);
    }
}
