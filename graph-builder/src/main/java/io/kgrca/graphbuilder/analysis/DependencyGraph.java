package io.kgrca.graphbuilder.analysis;

import io.kgrca.graphbuilder.signal.SignalType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The directed dependency graph of a tenant: which resource's fault can reach which other resource, and how
 * ({@link Channel}). Built from the stored topology and from references that the stored topology does not hold:
 * services named in a pod's environment or in its error lines (in any common form, see {@link HostResolver}), and
 * the cluster DNS service for pods whose lookups fail. Pure.
 *
 * <p>Edge kinds, from the stored relationship and its direction of impact:
 * <table>
 *   <caption>impact edges</caption>
 *   <tr><th>stored</th><th>impact</th><th>channel</th></tr>
 *   <tr><td>pod RUNS_ON node</td><td>node ⇒ pod</td><td>HOST</td></tr>
 *   <tr><td>owner CONTROLS owned</td><td>owner ⇒ owned; owned ⇒ owner</td><td>ROLLOUT; MEMBER</td></tr>
 *   <tr><td>service SELECTS pod; service EXPOSES endpoints ENDPOINT_OF pod</td><td>pod ⇒ service</td><td>BACKEND</td></tr>
 *   <tr><td>pod DEPENDS_ON service; env, log or DNS reference</td><td>service (or pod) ⇒ caller pod</td><td>CALL</td></tr>
 *   <tr><td>ingress ROUTES_TO service</td><td>service ⇒ ingress</td><td>CALL</td></tr>
 *   <tr><td>pod MOUNTS ConfigMap/Secret</td><td>ConfigMap/Secret ⇒ pod</td><td>CONFIG</td></tr>
 *   <tr><td>pod MOUNTS claim; claim BOUND_TO volume</td><td>claim ⇒ pod; volume ⇒ claim</td><td>STORAGE</td></tr>
 *   <tr><td>NetworkPolicy APPLIES_TO pod</td><td>policy ⇒ pod</td><td>POLICY</td></tr>
 *   <tr><td>HPA SCALES workload</td><td>HPA ⇒ workload</td><td>AUTOSCALE</td></tr>
 * </table>
 */
public final class DependencyGraph {

    /**
     * How a fault at an upstream resource reaches a resource.
     *
     * @param from    the upstream resource
     * @param impacts the edges from {@code from} to the resource, in order (empty for the resource itself)
     */
    public record Route(String from, List<Impact> impacts) {

        /** The number of edges. */
        public int hops() {
            return impacts.size();
        }

        /**
         * The distance the fault travels: 1 per edge, but only ½ for the structural steps that stay within one
         * workload (owner and owned, a pod and its service, an autoscaler and its target).
         */
        public double distance() {
            return impacts.stream().mapToDouble(i -> i.channel().weight()).sum();
        }

        /** The channel the fault leaves {@code from} by, or null for the resource itself. */
        public Channel first() {
            return impacts.isEmpty() ? null : impacts.get(0).channel();
        }

        /** True when the route passes through a call from a callee to its caller. */
        public boolean crossesCall() {
            return impacts.stream().anyMatch(i -> i.channel() == Channel.CALL);
        }
    }

    private final Map<String, List<Impact>> incoming = new HashMap<>();
    private final List<Impact> edges = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    private DependencyGraph() {
    }

    /** The graph of {@code evidence}, with references resolved by {@code hosts}. */
    public static DependencyGraph build(Evidence evidence, Collection<Fact> facts, HostResolver hosts) {
        DependencyGraph g = new DependencyGraph();
        Map<String, Set<String>> ownServices = new HashMap<>();
        Map<String, List<String>> exposedBy = new HashMap<>();
        for (Relation r : evidence.relations()) {
            if ("SELECTS".equals(r.type())) {
                ownServices.computeIfAbsent(r.to(), k -> new HashSet<>()).add(r.from());
            } else if ("EXPOSES".equals(r.type())) {
                exposedBy.computeIfAbsent(r.to(), k -> new ArrayList<>()).add(r.from());
            }
        }
        List<Relation> relations = new ArrayList<>(evidence.relations());
        relations.sort(Comparator.comparing(Relation::from).thenComparing(Relation::type).thenComparing(Relation::to));
        for (Relation r : relations) {
            g.addStored(r, evidence, exposedBy, ownServices);
        }
        for (Resource r : sorted(evidence.resources().values())) {
            if (r.isPod()) {
                for (HostResolver.Reference ref : hosts.inEnvironment(r.envHosts(), r.namespace())) {
                    g.addCall(ref.resourceId(), r.id(), "env names " + ref.token(), ownServices);
                }
            }
        }
        List<Fact> ordered = new ArrayList<>(facts);
        ordered.sort(Comparator.comparing(Fact::id));
        for (Fact f : ordered) {
            Resource caller = evidence.resource(f.resourceId());
            if (!caller.isPod() || f.kind() == SignalKind.STATE || f.kind() == SignalKind.CHANGE) {
                continue;
            }
            for (HostResolver.Reference ref : hosts.inText(f.message(), caller.namespace())) {
                g.addCall(ref.resourceId(), caller.id(), "log names " + ref.token(), ownServices);
            }
            if (f.type() == SignalType.DNS_FAILURE) {
                for (String dns : hosts.dnsServices()) {
                    g.addCall(dns, caller.id(), "name lookups fail", ownServices);
                }
            }
        }
        return g;
    }

    private static List<Resource> sorted(Collection<Resource> resources) {
        List<Resource> out = new ArrayList<>(resources);
        out.sort(Comparator.comparing(Resource::id));
        return out;
    }

    private void addStored(Relation r, Evidence evidence, Map<String, List<String>> exposedBy,
                           Map<String, Set<String>> ownServices) {
        String why = r.from() + " " + r.type() + " " + r.to();
        switch (r.type()) {
            case "RUNS_ON" -> add(new Impact(r.to(), r.from(), Channel.HOST, why));
            case "CONTROLS" -> {
                add(new Impact(r.from(), r.to(), Channel.ROLLOUT, why));
                add(new Impact(r.to(), r.from(), Channel.MEMBER, why));
            }
            case "SELECTS" -> add(new Impact(r.to(), r.from(), Channel.BACKEND, why));
            case "ENDPOINT_OF" -> {
                for (String service : exposedBy.getOrDefault(r.from(), List.of())) {
                    add(new Impact(r.to(), service, Channel.BACKEND, why));
                }
            }
            case "DEPENDS_ON" -> addCall(r.to(), r.from(), why, ownServices);
            case "ROUTES_TO" -> add(new Impact(r.to(), r.from(), Channel.CALL, why));
            case "MOUNTS" -> {
                String kind = evidence.resource(r.to()).kind();
                add(new Impact(r.to(), r.from(), "persistentvolumeclaim".equals(kind) ? Channel.STORAGE
                        : Channel.CONFIG, why));
            }
            case "BOUND_TO" -> add(new Impact(r.to(), r.from(), Channel.STORAGE, why));
            case "APPLIES_TO" -> add(new Impact(r.from(), r.to(), Channel.POLICY, why));
            case "SCALES" -> add(new Impact(r.from(), r.to(), Channel.AUTOSCALE, why));
            default -> {
                // EXPOSES is folded into ENDPOINT_OF; unknown types carry no impact.
            }
        }
    }

    /** A call edge from a callee to a caller pod, unless the callee is the caller or one of its own services. */
    private void addCall(String callee, String caller, String why, Map<String, Set<String>> ownServices) {
        if (callee.equals(caller) || ownServices.getOrDefault(caller, Set.of()).contains(callee)) {
            return;
        }
        add(new Impact(callee, caller, Channel.CALL, why));
    }

    private void add(Impact i) {
        if (i.from().equals(i.to()) || !seen.add(i.from() + "\u0000" + i.to() + "\u0000" + i.channel())) {
            return;
        }
        incoming.computeIfAbsent(i.to(), k -> new ArrayList<>()).add(i);
        edges.add(i);
    }

    /** Every impact edge, in a deterministic order. */
    public List<Impact> edges() {
        return List.copyOf(edges);
    }

    /** The edges into {@code resource}. */
    public List<Impact> into(String resource) {
        return incoming.getOrDefault(resource, List.of());
    }

    /**
     * The resources whose faults can reach {@code resource} within {@code maxHops} along a sensible channel
     * sequence, each with its shortest route; the resource itself is included with an empty route.
     */
    public Map<String, Route> upstream(String resource, int maxHops) {
        record State(String at, Channel next, List<Impact> path) {
        }
        Map<String, Route> best = new LinkedHashMap<>();
        best.put(resource, new Route(resource, List.of()));
        Set<String> visited = new HashSet<>();
        ArrayDeque<State> queue = new ArrayDeque<>();
        queue.add(new State(resource, null, List.of()));
        visited.add(resource + "|");
        while (!queue.isEmpty()) {
            State s = queue.poll();
            if (s.path().size() >= maxHops) {
                continue;
            }
            for (Impact in : into(s.at())) {
                if (s.next() != null && !in.channel().mayPrecede(s.next())) {
                    continue;
                }
                if (!visited.add(in.from() + "|" + in.channel())) {
                    continue;
                }
                List<Impact> path = new ArrayList<>(s.path().size() + 1);
                path.add(in);
                path.addAll(s.path());
                best.putIfAbsent(in.from(), new Route(in.from(), List.copyOf(path)));
                queue.add(new State(in.from(), in.channel(), path));
            }
        }
        return best;
    }
}
