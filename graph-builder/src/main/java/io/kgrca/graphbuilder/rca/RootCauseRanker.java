package io.kgrca.graphbuilder.rca;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Ranks the candidate root causes of a set of target signals (one event, or every member of an incident) over the
 * causal subgraph around them. Pure.
 *
 * <p>For a candidate {@code c}:
 * <ul>
 *   <li>{@code reach(c, t)} is the strongest causal path from {@code c} to a target {@code t}: the largest product
 *       of link confidences along a {@code POTENTIAL_CAUSE} path ({@code reach(c, c) = 1});</li>
 *   <li>{@code explanation(c)} is the mean of {@code reach(c, t)} over the targets: how much of the trouble
 *       {@code c} accounts for;</li>
 *   <li>{@code rootness(c) = 1 − 0.8 × max(confidence(p → c) × prior(p))} over the links into {@code c}: a signal with
 *       a plausible cause of its own is less likely to be the root;</li>
 *   <li>{@code score(c) = prior(c) × explanation(c) × rootness(c)}, where the prior says how often signals of its
 *       type start a failure ({@link io.kgrca.graphbuilder.signal.SignalType#prior()}).</li>
 * </ul>
 * Ties go to the earlier onset. Each ranked cause carries its explaining path: the longest strongest chain from it
 * to a target.
 */
public final class RootCauseRanker {

    static final double INCOMING_WEIGHT = 0.8;

    /**
     * A ranked candidate.
     *
     * @param signal      the candidate
     * @param score       its score in [0, 1]
     * @param explanation mean path strength to the targets
     * @param rootness    1 when nothing plausible causes it
     * @param explains    how many targets it reaches
     * @param path        signal ids from the candidate to the target its explanation ends at
     * @param pathLinks   the links along {@code path}, in order
     */
    public record RankedCause(SignalWindow signal, double score, double explanation, double rootness, int explains,
                              List<String> path, List<CausalLink> pathLinks) {
    }

    private record Reach(Map<String, Double> strength, Map<String, CausalLink> via) {
    }

    /** The candidates ranked best first, at most {@code limit}. Links whose ends are not in {@code signals} are ignored. */
    public List<RankedCause> rank(Collection<SignalWindow> signals, Collection<CausalLink> links, Set<String> targets,
                                  int limit) {
        Map<String, SignalWindow> byId = new HashMap<>();
        signals.forEach(s -> byId.put(s.id(), s));
        Map<String, List<CausalLink>> out = new HashMap<>();
        Map<String, Double> strongestIn = new HashMap<>();
        for (CausalLink l : links) {
            SignalWindow cause = byId.get(l.causeId());
            if (cause == null || !byId.containsKey(l.effectId()) || l.causeId().equals(l.effectId())) {
                continue;
            }
            out.computeIfAbsent(l.causeId(), k -> new ArrayList<>()).add(l);
            strongestIn.merge(l.effectId(), l.confidence() * cause.type().prior(), Math::max);
        }
        List<String> present = targets.stream().filter(byId::containsKey).toList();
        if (present.isEmpty()) {
            return List.of();
        }
        List<RankedCause> ranked = new ArrayList<>();
        for (SignalWindow c : byId.values()) {
            Reach reach = reachFrom(c.id(), out);
            double sum = 0;
            int explains = 0;
            String end = null;
            for (String t : present) {
                Double s = reach.strength().get(t);
                if (s == null) {
                    continue;
                }
                sum += s;
                explains++;
                end = better(end, t, reach);
            }
            if (explains == 0) {
                continue;
            }
            double explanation = sum / present.size();
            double rootness = 1.0 - INCOMING_WEIGHT * strongestIn.getOrDefault(c.id(), 0.0);
            double score = c.type().prior() * explanation * rootness;
            List<CausalLink> pathLinks = pathTo(end, c.id(), reach);
            List<String> path = new ArrayList<>();
            path.add(c.id());
            pathLinks.forEach(l -> path.add(l.effectId()));
            ranked.add(new RankedCause(c, round(score), round(explanation), round(rootness), explains,
                    List.copyOf(path), List.copyOf(pathLinks)));
        }
        ranked.sort(Comparator.comparingDouble(RankedCause::score).reversed()
                .thenComparingLong(r -> r.signal().firstSeen())
                .thenComparing(r -> r.signal().id()));
        return ranked.size() > limit ? List.copyOf(ranked.subList(0, limit)) : List.copyOf(ranked);
    }

    /** Strongest paths from {@code source}: Dijkstra on {@code −ln(confidence)}, all weights being non-negative. */
    private static Reach reachFrom(String source, Map<String, List<CausalLink>> out) {
        Map<String, Double> strength = new HashMap<>();
        Map<String, CausalLink> via = new HashMap<>();
        strength.put(source, 1.0);
        PriorityQueue<Map.Entry<String, Double>> queue =
                new PriorityQueue<>(Map.Entry.<String, Double>comparingByValue().reversed());
        queue.add(Map.entry(source, 1.0));
        while (!queue.isEmpty()) {
            Map.Entry<String, Double> head = queue.poll();
            if (head.getValue() < strength.get(head.getKey())) {
                continue;
            }
            for (CausalLink l : out.getOrDefault(head.getKey(), List.of())) {
                double s = head.getValue() * l.confidence();
                if (s > strength.getOrDefault(l.effectId(), 0.0) + 1e-12) {
                    strength.put(l.effectId(), s);
                    via.put(l.effectId(), l);
                    queue.add(Map.entry(l.effectId(), s));
                }
            }
        }
        return new Reach(strength, via);
    }

    /**
     * Prefers the target at the end of the longer chain, measured in links plus the dependency distance they
     * cross (so a path that reaches a caller beats one that stays on the failing pod), then the stronger one.
     */
    private static String better(String current, String candidate, Reach reach) {
        if (current == null) {
            return candidate;
        }
        int dc = hops(current, reach);
        int dn = hops(candidate, reach);
        if (dn != dc) {
            return dn > dc ? candidate : current;
        }
        return reach.strength().get(candidate) > reach.strength().get(current) ? candidate : current;
    }

    private static int hops(String target, Reach reach) {
        int n = 0;
        int links = 0;
        for (CausalLink l = reach.via().get(target); l != null && links < 1000; l = reach.via().get(l.causeId())) {
            n += 1 + l.hops();
            links++;
        }
        return n;
    }

    private static List<CausalLink> pathTo(String end, String source, Reach reach) {
        LinkedList<CausalLink> path = new LinkedList<>();
        String at = end;
        while (at != null && !at.equals(source)) {
            CausalLink l = reach.via().get(at);
            if (l == null) {
                break;
            }
            path.addFirst(l);
            at = l.causeId();
        }
        return path;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
