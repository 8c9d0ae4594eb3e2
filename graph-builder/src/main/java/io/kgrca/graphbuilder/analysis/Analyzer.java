package io.kgrca.graphbuilder.analysis;

import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.rca.CausalLink;
import io.kgrca.graphbuilder.rca.RootCauseRanker;
import io.kgrca.graphbuilder.rca.SignalWindow;
import io.kgrca.graphbuilder.signal.SignalType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The root-cause analysis of a tenant's signals, computed from what the graph holds (never from the order or
 * batching in which it arrived): triage ({@link Triage}), the dependency graph ({@link DependencyGraph}), causal
 * links ({@link CausalModel}), incidents, and ranked causes ({@link RootCauseRanker}). Pure.
 *
 * <p><b>Incidents</b> are the connected components of the causal links, joined also where abnormal signals of one
 * resource overlap in time (one fault, one incident). A change joins an incident only through a link. An incident
 * whose evidence is weak (a lone warning, a single 404-style error) is kept out of the list but stays queryable;
 * see {@link #evidence(Fact)}. Incidents are ordered by impact: the weighted number of resources they affect,
 * scaled by their severity.
 */
public final class Analyzer {

    /** Evidence an incident needs to be listed. */
    static final double LISTING_EVIDENCE = 1.0;
    /** Causes ranked per incident. */
    static final int CAUSES = 10;
    /** Changes shown per incident. */
    static final int CHANGES = 10;

    private final TenantId tenant;
    private final AnalysisSettings settings;
    private final CausalModel model;
    private final RootCauseRanker ranker = new RootCauseRanker();

    /** An analyzer of {@code tenant}'s signals. */
    public Analyzer(TenantId tenant, AnalysisSettings settings) {
        this.tenant = tenant;
        this.settings = settings;
        this.model = new CausalModel(settings);
    }

    /** Analyses {@code evidence}. */
    public Analysis analyse(Evidence evidence) {
        List<Fact> facts = new ArrayList<>(Triage.apply(evidence.facts(), evidence));
        facts.sort(Comparator.comparingLong(Fact::first).thenComparing(Fact::id));
        HostResolver hosts = new HostResolver(evidence.resources().values(), settings.clusterDns());
        DependencyGraph graph = DependencyGraph.build(evidence, facts, hosts);
        facts.addAll(SilentDependencies.infer(facts, graph, evidence, hosts));
        facts.sort(Comparator.comparingLong(Fact::first).thenComparing(Fact::id));
        CausalModel.Result linked = model.link(facts, graph, new HashSet<>(hosts.dnsServices()));
        Map<String, Fact> byId = new LinkedHashMap<>();
        facts.forEach(f -> byId.put(f.id(), f));
        List<List<Fact>> groups = group(facts, linked.links());
        Map<String, List<CausalLink>> linksByMember = new HashMap<>();
        for (CausalLink l : linked.links()) {
            linksByMember.computeIfAbsent(l.causeId(), k -> new ArrayList<>()).add(l);
        }
        List<IncidentAnalysis> incidents = new ArrayList<>();
        Map<String, Analysis.CausalSubgraph> graphs = new LinkedHashMap<>();
        List<Fact> quiet = new ArrayList<>();
        List<Fact> changes = facts.stream().filter(f -> f.type().isChange()).toList();
        for (List<Fact> members : groups) {
            Set<String> ids = new HashSet<>();
            members.forEach(m -> ids.add(m.id()));
            List<CausalLink> links = new ArrayList<>();
            Map<String, List<String>> evidenceOf = new LinkedHashMap<>();
            for (Fact m : members) {
                for (CausalLink l : linksByMember.getOrDefault(m.id(), List.of())) {
                    if (ids.contains(l.effectId())) {
                        links.add(l);
                        String key = l.causeId() + " → " + l.effectId();
                        evidenceOf.put(key, linked.evidence().getOrDefault(key, List.of()));
                    }
                }
            }
            IncidentAnalysis incident = incident(members, links, evidenceOf, changes, graph);
            incidents.add(incident);
            graphs.put(incident.id(), new Analysis.CausalSubgraph(members, links, evidenceOf));
            if (!incident.listed()) {
                members.stream().filter(m -> m.type().isAbnormal()).forEach(quiet::add);
            }
        }
        incidents.sort(Comparator.comparing((IncidentAnalysis i) -> !i.listed())
                .thenComparing(Comparator.comparingDouble(IncidentAnalysis::impact).reversed())
                .thenComparing(Comparator.comparingLong(IncidentAnalysis::end).reversed())
                .thenComparing(IncidentAnalysis::id));
        return new Analysis(List.copyOf(incidents), List.copyOf(quiet), facts.size(), evidence.truncated(), graphs);
    }

    /** The ranked causes of one signal of an analysed incident (the signal as the only target). */
    public List<RankedRootCause> rootCausesOf(Analysis analysis, String signalId, int limit) {
        return analysis.incidentOf(signalId).map(i -> {
            Analysis.CausalSubgraph g = analysis.graphs().get(i.id());
            return rank(g.members(), g.links(), g.evidence(), Set.of(signalId), limit);
        }).orElse(List.of());
    }

    /** Groups the facts: causal links, and abnormal signals of one resource that overlap in time. */
    private List<List<Fact>> group(List<Fact> facts, List<CausalLink> links) {
        Map<String, String> parent = new HashMap<>();
        for (Fact f : facts) {
            parent.put(f.id(), f.id());
        }
        for (CausalLink l : links) {
            union(parent, l.causeId(), l.effectId());
        }
        long window = settings.rca().window().toMillis();
        Map<String, List<Fact>> byResource = new LinkedHashMap<>();
        facts.stream().filter(f -> f.type().isAbnormal())
                .forEach(f -> byResource.computeIfAbsent(f.resourceId(), k -> new ArrayList<>()).add(f));
        for (List<Fact> same : byResource.values()) {
            // In onset order, each signal joins the previous one when it starts within the window of the latest
            // activity seen so far on the resource.
            long reach = same.get(0).last();
            for (int k = 1; k < same.size(); k++) {
                Fact f = same.get(k);
                if (f.first() <= reach + window) {
                    union(parent, same.get(k - 1).id(), f.id());
                }
                reach = Math.max(reach, f.last());
            }
        }
        Map<String, List<Fact>> components = new LinkedHashMap<>();
        for (Fact f : facts) {
            components.computeIfAbsent(find(parent, f.id()), k -> new ArrayList<>()).add(f);
        }
        List<List<Fact>> groups = new ArrayList<>();
        for (List<Fact> c : components.values()) {
            if (c.stream().anyMatch(f -> f.type().isAbnormal())) {
                groups.add(c);
            }
        }
        return groups;
    }

    private IncidentAnalysis incident(List<Fact> members, List<CausalLink> links, Map<String, List<String>> evidence,
                                      List<Fact> changes, DependencyGraph graph) {
        Fact anchor = members.stream().filter(f -> f.type().isAbnormal())
                .min(Comparator.comparingLong(Fact::first).thenComparing(Fact::id)).orElseThrow();
        long start = members.stream().mapToLong(Fact::first).min().orElse(anchor.first());
        long end = members.stream().mapToLong(Fact::last).max().orElse(anchor.last());
        Set<String> resources = new TreeSet<>();
        double proof = 0;
        for (Fact m : members) {
            if (m.type().isAbnormal()) {
                resources.add(m.resourceId());
                proof += evidence(m);
            }
        }
        String severity = severity(members, resources.size());
        double impact = impact(resources, severity, members);
        Set<String> targets = new LinkedHashSet<>();
        members.stream().filter(m -> m.type().isAbnormal()).forEach(m -> targets.add(m.id()));
        List<RankedRootCause> causes = rank(members, links, evidence, targets, CAUSES);
        boolean listed = proof >= LISTING_EVIDENCE;
        return new IncidentAnalysis(idFor(anchor.id()), anchor.id(), start, end, severity, round(impact), listed,
                List.copyOf(resources), List.copyOf(members), causes,
                changesBefore(start, end, resources, members, changes, graph), links.size());
    }

    private List<RankedRootCause> rank(List<Fact> members, List<CausalLink> links, Map<String, List<String>> evidence,
                                       Set<String> targets, int limit) {
        Map<String, Fact> byId = new HashMap<>();
        members.forEach(m -> byId.put(m.id(), m));
        List<SignalWindow> windows = members.stream()
                .map(m -> new SignalWindow(m.id(), m.type(), m.resourceId(), m.first(), m.last())).toList();
        List<RootCauseRanker.RankedCause> ranked = ranker.rank(windows, links, targets, limit);
        List<RankedRootCause> out = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            RootCauseRanker.RankedCause r = ranked.get(i);
            List<PathStep> path = new ArrayList<>();
            for (int s = 0; s < r.path().size(); s++) {
                boolean last = s >= r.pathLinks().size();
                CausalLink l = last ? null : r.pathLinks().get(s);
                path.add(new PathStep(byId.get(r.path().get(s)), l == null ? null : l.confidence(),
                        l == null ? null : l.hops(),
                        l == null ? List.of() : evidence.getOrDefault(l.causeId() + " → " + l.effectId(), List.of())));
            }
            out.add(new RankedRootCause(i + 1, r.score(), r.explanation(), r.rootness(), r.explains(),
                    byId.get(r.signal().id()), List.copyOf(path)));
        }
        return List.copyOf(out);
    }

    /** Changes in the change window before the incident (or during it) on its resources or upstream of them. */
    private List<Fact> changesBefore(long start, long end, Set<String> resources, List<Fact> members,
                                     List<Fact> changes, DependencyGraph graph) {
        if (changes.isEmpty()) {
            return List.of();
        }
        Set<String> near = new HashSet<>();
        for (String r : resources) {
            near.addAll(graph.upstream(r, settings.maxHops()).keySet());
        }
        Set<String> memberIds = new HashSet<>();
        members.forEach(m -> memberIds.add(m.id()));
        long from = start - settings.changeWindow().toMillis();
        return changes.stream()
                .filter(c -> memberIds.contains(c.id())
                        || (near.contains(c.resourceId()) && c.first() >= from && c.first() <= end))
                .sorted(Comparator.comparingLong(Fact::first).reversed().thenComparing(Fact::id))
                .limit(CHANGES).toList();
    }

    /**
     * How much a signal counts towards listing its incident: a fault that usually starts a story counts fully, a
     * failure of a component 0.6, a symptom seen by a caller 0.5, a generic warning or application error 0.2;
     * less below ERROR severity, more when it repeats.
     */
    static double evidence(Fact f) {
        SignalType t = f.type();
        if (!t.isAbnormal()) {
            return 0;
        }
        double base;
        if (t.prior() >= 0.9) {
            base = 1.0;
        } else if (Propagation.DOWN.contains(t) || Propagation.DEGRADED.contains(t) || t == SignalType.ROLLOUT_STUCK
                || t == SignalType.JOB_FAILED || t == SignalType.FATAL_ERROR) {
            base = 0.6;
        } else if (t == SignalType.OTHER_WARNING || t == SignalType.APPLICATION_ERROR) {
            base = 0.2;
        } else {
            base = 0.5;
        }
        double level = base >= 1.0 || f.severity() != null && f.severity().compareTo(Severity.ERROR) >= 0 ? 1.0 : 0.7;
        double repeats = Math.min(2.0, 1.0 + Math.log10(Math.max(1, f.count())));
        return base * level * repeats;
    }

    private static String severity(List<Fact> members, int resources) {
        int rank = 0;
        for (Fact m : members) {
            SignalType t = m.type();
            if (!t.isAbnormal()) {
                continue;
            }
            if (t == SignalType.NODE_NOT_READY || t == SignalType.ENDPOINTS_NOT_READY || t == SignalType.DISK_FULL) {
                rank = Math.max(rank, 3);
            } else if (Propagation.DOWN.contains(t) || t == SignalType.FATAL_ERROR || t == SignalType.JOB_FAILED) {
                rank = Math.max(rank, 2);
            } else if (t != SignalType.OTHER_WARNING) {
                rank = Math.max(rank, 1);
            }
        }
        if (resources >= 5 && rank >= 1) {
            rank = 3;
        }
        return switch (rank) {
            case 3 -> "critical";
            case 2 -> "high";
            case 1 -> "medium";
            default -> "low";
        };
    }

    private static double impact(Set<String> resources, String severity, List<Fact> members) {
        double weight = 0;
        for (String r : resources) {
            String kind = r.substring(0, Math.max(0, r.indexOf('/')));
            weight += switch (kind) {
                case "service", "node", "ingress" -> 3;
                case "deployment", "statefulset", "daemonset", "job" -> 2;
                default -> 1;
            };
        }
        double factor = switch (severity) {
            case "critical" -> 4;
            case "high" -> 3;
            case "medium" -> 2;
            default -> 1;
        };
        long count = members.stream().mapToLong(Fact::count).sum();
        return weight * factor + Math.log10(1 + count);
    }

    /** The incident id of a group anchored at {@code anchorId}. */
    public String idFor(String anchorId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((tenant.value() + "|" + anchorId).getBytes(StandardCharsets.UTF_8));
            return "inc-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            if (ra.compareTo(rb) < 0) {
                parent.put(rb, ra);
            } else {
                parent.put(ra, rb);
            }
        }
    }

    private static String find(Map<String, String> parent, String n) {
        String root = n;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        while (!parent.get(n).equals(root)) {
            String next = parent.get(n);
            parent.put(n, root);
            n = next;
        }
        return root;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
