package io.kgrca.rcaeval.gen;

import io.kgrca.rcaeval.corpus.FaultClass;
import io.kgrca.rcaeval.corpus.Scenario;
import io.kgrca.rcaeval.corpus.Truth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates a scenario of a fault class from a seed: a random but consistent cluster ({@link Cluster}), its ordinary
 * life ({@link Baseline}), the injected fault at a random location and onset, zero to two unrelated faults elsewhere
 * (decoys), and the truth, which is what was injected. Pure and deterministic: the same seed and class give the same
 * scenario. The scenario is named {@code <class>-s<seed>}; odd seeds are {@code heldout}, even ones {@code dev}.
 */
public final class ScenarioGenerator {

    private static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");
    private final long seed;

    /** A generator for {@code seed}. */
    public ScenarioGenerator(long seed) {
        this.seed = seed;
    }

    /** The scenario of {@code fc} for this seed. */
    public Scenario generate(FaultClass fc) {
        Random rng = new Random(seed * 1_000_003L + fc.ordinal() * 7919L);
        Cluster cluster = Cluster.random(rng);
        Instant t0 = EPOCH.plus(Duration.ofMinutes(rng.nextInt(60 * 24 * 300)));
        Tape t = new Tape(rng, cluster, t0);
        Baseline.bootstrap(t);
        Instant onset = t0.plusSeconds(Words.between(rng, 480, 900));
        Injected main = inject(t, fc, onset);
        List<Truth.Decoy> decoys = new ArrayList<>();
        Set<String> busy = new HashSet<>(main.affected);
        for (int i = 0; i < rng.nextInt(3); i++) {
            Injected d = decoy(t, onset.plusSeconds(Words.between(rng, -240, 240)), busy);
            if (d != null) {
                busy.addAll(d.affected);
                decoys.add(new Truth.Decoy(d.root, List.copyOf(d.affected)));
            }
        }
        Baseline.unrelatedWarnings(t, onset, busy);
        Baseline.life(t, onset.plusSeconds(1200));
        List<String> affected = main.affected.stream().sorted(Comparator.naturalOrder()).toList();
        Truth truth = new Truth(main.root, main.alternatives, affected, decoys);
        return new Scenario(fc.id() + "-s" + seed, fc.id(), "generated seed=" + seed,
                seed % 2 == 1 ? "heldout" : "dev", t.entries(), truth);
    }

    private static Injected inject(Tape t, FaultClass fc, Instant onset) {
        Cluster c = t.cluster;
        Random rng = t.rng;
        return switch (fc) {
            case OOM -> WorkloadFaults.oom(t, appWithCallers(t), onset, false);
            case MEMORY_LEAK -> WorkloadFaults.oom(t, appWithCallers(t), onset, true);
            case BAD_IMAGE -> WorkloadFaults.badImage(t, deployment(t), onset);
            case BAD_CONFIG -> WorkloadFaults.badConfig(t, deployment(t), onset);
            case MISSING_CONFIG_KEY -> WorkloadFaults.missingKey(t, deployment(t), onset);
            case PROBE_MISCONFIG -> WorkloadFaults.probe(t, deployment(t), onset);
            case JOB_FAILURE -> WorkloadFaults.job(t, Words.pick(rng, c.namespaces), onset);
            case NODE_FAILURE -> InfraFaults.nodeFailure(t, busiestNode(t), onset);
            case NODE_PRESSURE -> InfraFaults.nodePressure(t, busiestNode(t), onset);
            case STORAGE -> InfraFaults.storage(t, c.first(Cluster.Role.DB), onset, rng.nextInt(3));
            case SCHEDULING -> InfraFaults.scheduling(t, deployment(t), onset, rng.nextInt(3));
            case DNS -> InfraFaults.dns(t, onset, rng.nextBoolean());
            case NETWORK_POLICY -> InfraFaults.networkPolicy(t, anyWithCallers(t), onset);
            case SLOW_DEPENDENCY -> DependencyFaults.slow(t, c.first(Cluster.Role.DB), onset);
            case CONNECTION_POOL -> DependencyFaults.pool(t, rng.nextInt(3) == 0 && c.first(Cluster.Role.CACHE) != null
                    ? c.first(Cluster.Role.CACHE) : c.first(Cluster.Role.DB), onset);
            case AUTOSCALING_LIMIT -> DependencyFaults.hpaLimit(t, appWithCallers(t), onset);
            case CERTIFICATE -> DependencyFaults.certificate(t, appWithCallers(t), onset);
        };
    }

    /** An unrelated fault (an OOM, a bad image or a failing Job) away from {@code busy}; null when none fits. */
    private static Injected decoy(Tape t, Instant onset, Set<String> busy) {
        List<Cluster.Service> free = t.cluster.services.stream()
                .filter(s -> s.role == Cluster.Role.APP && !s.stateful)
                .filter(s -> s.pods.stream().noneMatch(p -> busy.contains(Injected.pod(s, p))))
                .filter(s -> s.callers.stream().allMatch(c -> c.pods.stream()
                        .noneMatch(p -> busy.contains(Injected.pod(c, p)))))
                .toList();
        int kind = t.rng.nextInt(3);
        if (kind == 2 || free.isEmpty()) {
            return WorkloadFaults.job(t, Words.pick(t.rng, t.cluster.namespaces), onset);
        }
        Cluster.Service s = Words.pick(t.rng, free);
        return kind == 0 ? WorkloadFaults.oom(t, s, onset, false) : WorkloadFaults.badImage(t, s, onset);
    }

    private static Cluster.Service appWithCallers(Tape t) {
        List<Cluster.Service> apps = t.cluster.services.stream()
                .filter(s -> s.role == Cluster.Role.APP && !s.callers.isEmpty()).toList();
        return apps.isEmpty() ? deployment(t) : Words.pick(t.rng, apps);
    }

    private static Cluster.Service anyWithCallers(Tape t) {
        return Words.pick(t.rng, t.cluster.services.stream().filter(s -> !s.callers.isEmpty()).toList());
    }

    private static Cluster.Service deployment(Tape t) {
        return Words.pick(t.rng, t.cluster.services.stream().filter(s -> !s.stateful).toList());
    }

    private static Cluster.Node busiestNode(Tape t) {
        return t.cluster.nodes.stream().max(Comparator.comparingLong(n -> t.cluster.all().stream()
                .flatMap(s -> s.pods.stream()).filter(p -> p.node.equals(n.name())).count())).orElseThrow();
    }
}
