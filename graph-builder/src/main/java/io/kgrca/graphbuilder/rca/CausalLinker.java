package io.kgrca.graphbuilder.rca;

import io.kgrca.graphbuilder.signal.SignalType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which candidate pairs become {@code POTENTIAL_CAUSE} links, in which direction, and with what confidence.
 * Pure: the graph code finds the candidates (signals near each other in time and topology) and writes the result.
 *
 * <p>For a pair, the cause is the signal whose onset comes first; when the onsets are within the clock tolerance
 * either may be the cause and the more plausible direction wins. Direction never depends on which signal arrived
 * first, so a cause that arrives after its effect still links (the original looked backwards only). Signals on the
 * same resource are at distance 0 and link like any other (the original excluded them with {@code u <> r}).
 *
 * <p>A pair the cause → effect table does not support ({@link CausalRules#MIN_PLAUSIBILITY}) is never linked.
 * Otherwise {@code confidence = 0.2 × temporal + 0.3 × distance + 0.5 × domain}, where
 * {@code temporal = 1 − gap / window} with {@code gap} the time from the cause's last occurrence to the effect's
 * onset (0 while the cause is still occurring), {@code distance = 1 / (hops + 1)}, and {@code domain} comes from
 * {@link CausalRules}. The domain weight dominates so that an implausible pair on the same node does not link just
 * because it is close in time.
 *
 * <p>Two pods that only share a node are related through the node alone. That is a causal channel for node-level
 * causes (a node going NotReady, memory or disk pressure, broken pod networking) and for nothing else: a readiness
 * failure of one pod does not take down its neighbour's service. For other causes only paths through a service, a
 * controller or an inferred dependency count, like the original's requirement of a topology path, but sharper.
 */
public final class CausalLinker {

    static final double W_TEMPORAL = 0.2;
    static final double W_DISTANCE = 0.3;
    static final double W_DOMAIN = 0.5;
    private static final java.util.Set<SignalType> NODE_LEVEL = java.util.EnumSet.of(SignalType.NODE_NOT_READY,
            SignalType.NODE_PRESSURE, SignalType.NETWORK_SETUP_FAILED);

    /** True for causes that reach the pods of a node through the node alone. */
    public static boolean isNodeLevel(SignalType type) {
        return NODE_LEVEL.contains(type);
    }

    private final CausalRules rules;
    private final RcaSettings settings;

    /** A linker with the given rules and settings. */
    public CausalLinker(CausalRules rules, RcaSettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    /**
     * Links kept per effect from one batch's candidates, the most confident first: an effect with dozens of
     * plausible causes nearby (a pod that has been failing for a while) is explained by its strongest few, and the
     * rest would only blur the incidents and the ranking.
     */
    public static final int MAX_CAUSES_PER_EFFECT = 4;

    /**
     * The links among {@code candidates}: at most one per unordered pair, and at most
     * {@link #MAX_CAUSES_PER_EFFECT} per effect.
     */
    public List<CausalLink> link(Collection<Candidate> candidates) {
        Map<String, Candidate> closest = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (c.subject().id().equals(c.other().id()) || c.hops() > settings.maxHops()) {
                continue;
            }
            String key = pairKey(c.subject().id(), c.other().id());
            closest.merge(key, c, CausalLinker::closer);
        }
        Map<String, List<CausalLink>> byEffect = new LinkedHashMap<>();
        for (Candidate c : closest.values()) {
            decide(c.subject(), c.other(), c.hops(), c.direct())
                    .ifPresent(l -> byEffect.computeIfAbsent(l.effectId(), k -> new ArrayList<>()).add(l));
        }
        List<CausalLink> links = new ArrayList<>();
        for (List<CausalLink> causes : byEffect.values()) {
            causes.sort(Comparator.comparingDouble(CausalLink::confidence).reversed()
                    .thenComparing(CausalLink::causeId));
            links.addAll(causes.subList(0, Math.min(MAX_CAUSES_PER_EFFECT, causes.size())));
        }
        return links;
    }

    private static Candidate closer(Candidate a, Candidate b) {
        int hops = Math.min(a.hops(), b.hops());
        Integer direct = a.direct() == null ? b.direct()
                : b.direct() == null ? a.direct() : Integer.valueOf(Math.min(a.direct(), b.direct()));
        return new Candidate(a.subject(), a.other(), hops, direct);
    }

    /** {@link #decide(SignalWindow, SignalWindow, int, Integer)} for resources joined without a node. */
    public Optional<CausalLink> decide(SignalWindow a, SignalWindow b, int hops) {
        return decide(a, b, hops, hops);
    }

    /**
     * The link between {@code a} and {@code b}, if it scores high enough. When either may be the cause (onsets
     * within the clock tolerance), the more plausible direction by the cause → effect table wins, and on equal
     * plausibility the earlier onset is the cause.
     */
    public Optional<CausalLink> decide(SignalWindow a, SignalWindow b, int hops, Integer direct) {
        Optional<CausalLink> ab = score(a, b, hops, direct);
        Optional<CausalLink> ba = score(b, a, hops, direct);
        if (ab.isEmpty() || ba.isEmpty()) {
            return ab.isPresent() ? ab : ba;
        }
        double diff = ab.get().domain() - ba.get().domain();
        if (Math.abs(diff) > 1e-9) {
            return diff > 0 ? ab : ba;
        }
        boolean aFirst = a.firstSeen() < b.firstSeen()
                || (a.firstSeen() == b.firstSeen() && a.id().compareTo(b.id()) < 0);
        return aFirst ? ab : ba;
    }

    /** The link {@code cause → effect}, when the timing allows it and it scores at least the minimum. */
    public Optional<CausalLink> score(SignalWindow cause, SignalWindow effect, int hops, Integer direct) {
        if (!cause.type().isAbnormal() || !effect.type().isAbnormal()) {
            return Optional.empty();
        }
        long window = settings.window().toMillis();
        if (cause.firstSeen() > effect.firstSeen() + settings.clockTolerance().toMillis()) {
            return Optional.empty();
        }
        long gap = Math.max(0, effect.firstSeen() - cause.lastSeen());
        if (gap > window) {
            return Optional.empty();
        }
        double temporal = 1.0 - (double) gap / window;
        Integer used = NODE_LEVEL.contains(cause.type()) ? Integer.valueOf(hops) : direct;
        if (used == null) {
            return Optional.empty();
        }
        double distance = 1.0 / (used + 1);
        double domain = rules.plausibility(cause.type(), effect.type());
        if (domain < CausalRules.MIN_PLAUSIBILITY) {
            return Optional.empty();
        }
        double confidence = W_TEMPORAL * temporal + W_DISTANCE * distance + W_DOMAIN * domain;
        if (confidence < settings.minConfidence()) {
            return Optional.empty();
        }
        return Optional.of(new CausalLink(cause.id(), effect.id(), round(confidence), round(temporal),
                round(distance), domain, used));
    }

    private static String pairKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "\u0000" + b : b + "\u0000" + a;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
