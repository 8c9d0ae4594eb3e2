package io.kgrca.graphbuilder.analysis;

import io.kgrca.graphbuilder.rca.CausalLink;
import io.kgrca.graphbuilder.rca.CausalRules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Links signals causally over the {@link DependencyGraph}: a signal may cause another when the other's resource
 * lies downstream of its own (or is the same resource), their times allow it, and {@link Propagation} finds the
 * pair plausible along that route. Pure, and computed over all signals of the range at once, so the links do not
 * depend on how the records were batched or in which order they arrived.
 *
 * <p>Time: an effect may start no earlier than its cause minus the clock tolerance, except that a cause upstream
 * by dependency may show its first signal up to the onset slack after its callers' symptoms (a dependency often
 * degrades silently; its callers notice first). The effect must start within the window of the cause's latest
 * occurrence; after a change, within the change window.
 *
 * <p>{@code confidence = 0.2·temporal + 0.3·distance + 0.5·domain}, as in the write-time linker it replaces, and an
 * effect keeps its {@link #MAX_CAUSES_PER_EFFECT} most confident causes. Between two signals at most one direction
 * is kept: the more plausible, then the earlier onset.
 */
public final class CausalModel {

    /** Causes kept per effect. */
    public static final int MAX_CAUSES_PER_EFFECT = 4;
    /** Signals per resource considered as causes, the most recent first. */
    static final int PER_RESOURCE = 60;

    /**
     * The links and, for each, the route that supports it.
     *
     * @param links    the chosen links
     * @param evidence for each link ({@code cause → effect} key), the route's edges as text
     */
    public record Result(List<CausalLink> links, Map<String, List<String>> evidence) {
    }

    private final AnalysisSettings settings;
    private final Propagation propagation;

    /** A model with {@code settings} and the standard cause → effect table. */
    public CausalModel(AnalysisSettings settings) {
        this.settings = settings;
        this.propagation = new Propagation(CausalRules.standard());
    }

    /** The links among {@code facts} over {@code graph}; {@code dnsServices} are the cluster's DNS services. */
    public Result link(List<Fact> facts, DependencyGraph graph, Set<String> dnsServices) {
        Map<String, List<Fact>> byResource = new HashMap<>();
        for (Fact f : facts) {
            byResource.computeIfAbsent(f.resourceId(), k -> new ArrayList<>()).add(f);
        }
        byResource.values().forEach(l -> {
            l.sort(Comparator.comparingLong(Fact::last).reversed().thenComparing(Fact::id));
            if (l.size() > PER_RESOURCE) {
                l.subList(PER_RESOURCE, l.size()).clear();
            }
        });
        Map<String, Map<String, DependencyGraph.Route>> upstreamCache = new HashMap<>();
        Map<String, Scored> byPair = new LinkedHashMap<>();
        List<Fact> effects = new ArrayList<>(facts);
        effects.sort(Comparator.comparing(Fact::id));
        for (Fact effect : effects) {
            if (!effect.type().isAbnormal()) {
                continue;
            }
            Map<String, DependencyGraph.Route> upstream = upstreamCache.computeIfAbsent(effect.resourceId(),
                    r -> graph.upstream(r, settings.maxHops()));
            List<Scored> causes = new ArrayList<>();
            for (Map.Entry<String, DependencyGraph.Route> e : upstream.entrySet()) {
                for (Fact cause : byResource.getOrDefault(e.getKey(), List.of())) {
                    if (!cause.id().equals(effect.id())) {
                        score(cause, effect, e.getValue(), throughDns(e.getValue(), dnsServices)).ifPresent(causes::add);
                    }
                }
            }
            causes.sort(Comparator.comparingDouble((Scored s) -> s.link().confidence()).reversed()
                    .thenComparing(s -> s.link().causeId()));
            for (Scored s : causes.subList(0, Math.min(MAX_CAUSES_PER_EFFECT, causes.size()))) {
                String key = pairKey(s.link().causeId(), s.link().effectId());
                byPair.merge(key, s, CausalModel::preferred);
            }
        }
        List<CausalLink> links = new ArrayList<>();
        Map<String, List<String>> evidence = new LinkedHashMap<>();
        for (Scored s : byPair.values()) {
            links.add(s.link());
            evidence.put(s.link().causeId() + " → " + s.link().effectId(),
                    s.route().impacts().stream().map(i -> i.channel() + ": " + i.evidence()).toList());
        }
        links.sort(Comparator.comparing(CausalLink::causeId).thenComparing(CausalLink::effectId));
        return new Result(List.copyOf(links), evidence);
    }

    private record Scored(CausalLink link, DependencyGraph.Route route, long causeFirst) {
    }

    private Optional<Scored> score(Fact cause, Fact effect, DependencyGraph.Route route, boolean dns) {
        long tolerance = settings.rca().clockTolerance().toMillis();
        long window = settings.rca().window().toMillis();
        long gap;
        if (cause.type().isChange()) {
            if (cause.first() > effect.first() + tolerance
                    || effect.first() - cause.first() > settings.changeWindow().toMillis()) {
                return Optional.empty();
            }
            gap = Math.max(0, effect.first() - cause.first());
            window = settings.changeWindow().toMillis();
        } else {
            long lead = route.hops() > 0 && route.first() != Channel.MEMBER
                    ? Math.max(tolerance, settings.onsetSlack().toMillis()) : tolerance;
            if (cause.first() > effect.first() + lead) {
                return Optional.empty();
            }
            gap = Math.max(0, effect.first() - cause.last());
            if (gap > window) {
                return Optional.empty();
            }
        }
        double domain = propagation.plausibility(cause, effect, route, dns);
        if (domain < CausalRules.MIN_PLAUSIBILITY) {
            return Optional.empty();
        }
        double temporal = 1.0 - (double) gap / window;
        double distance = 1.0 / (route.distance() + 1);
        double confidence = 0.2 * temporal + 0.3 * distance + 0.5 * domain;
        if (confidence < settings.rca().minConfidence()) {
            return Optional.empty();
        }
        return Optional.of(new Scored(new CausalLink(cause.id(), effect.id(), round(confidence),
                round(temporal), round(distance), round(domain), route.hops()), route, cause.first()));
    }

    /** Of two links of one pair: the more plausible direction, then the earlier cause, then the stronger link. */
    private static Scored preferred(Scored a, Scored b) {
        if (a.link().causeId().equals(b.link().causeId())) {
            return a.link().confidence() >= b.link().confidence() ? a : b;
        }
        double diff = a.link().domain() - b.link().domain();
        if (Math.abs(diff) > 1e-9) {
            return diff > 0 ? a : b;
        }
        if (a.causeFirst() != b.causeFirst()) {
            return a.causeFirst() < b.causeFirst() ? a : b;
        }
        return a.link().causeId().compareTo(b.link().causeId()) < 0 ? a : b;
    }

    private static boolean throughDns(DependencyGraph.Route route, Set<String> dnsServices) {
        return dnsServices.contains(route.from())
                || route.impacts().stream().anyMatch(i -> dnsServices.contains(i.from()));
    }

    private static String pairKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "\u0000" + b : b + "\u0000" + a;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
