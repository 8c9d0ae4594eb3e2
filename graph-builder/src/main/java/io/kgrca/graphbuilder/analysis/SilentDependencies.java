package io.kgrca.graphbuilder.analysis;

import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Infers the candidate that no signal names: a dependency that shows nothing of its own (its logs stay below the
 * level that is forwarded, or it has none) while its callers time out, are refused or get errors calling it. The
 * callers' symptoms all point at it through call edges ({@link Channel#CALL}); a common cause of theirs is the
 * dependency itself. Pure.
 *
 * <p>For a callee named by one caller symptom, or pointed at by at least {@link #MIN_SYMPTOMS} symptoms of callers
 * that call nothing else, and with no abnormal signal of its own (nor of
 * the pods behind it, for a service), one {@link SignalKind#INFERRED} signal of type
 * {@link SignalType#DEPENDENCY_UNRESPONSIVE} is added: on the service's one pod when it has exactly one, else on the
 * service; its onset is just before the first symptom. It is a candidate like any other and is linked by the same
 * rules, so a change upstream of the dependency (a new NetworkPolicy that selects it) still explains it.
 */
final class SilentDependencies {

    /** Caller symptoms needed before a silent dependency is suspected when none of them names it. */
    static final int MIN_SYMPTOMS = 2;
    private static final Set<SignalType> CALLER_SYMPTOMS = EnumSet.of(SignalType.TIMEOUT,
            SignalType.CONNECTION_REFUSED, SignalType.HTTP_5XX, SignalType.RESOURCE_EXHAUSTED,
            SignalType.DEPENDENCY_SLOW);

    private SilentDependencies() {
    }

    /**
     * The inferred signals for {@code facts} over {@code graph}. A symptom points at the callees its own message
     * names ({@code hosts}); one that names none points at its pod's callee only when the pod has exactly one.
     */
    static List<Fact> infer(List<Fact> facts, DependencyGraph graph, Evidence evidence, HostResolver hosts) {
        Map<String, List<Fact>> byResource = new HashMap<>();
        Set<String> troubled = new HashSet<>();
        for (Fact f : facts) {
            byResource.computeIfAbsent(f.resourceId(), k -> new ArrayList<>()).add(f);
            if (f.type().isAbnormal()) {
                troubled.add(f.resourceId());
            }
        }
        Map<String, List<String>> backends = new HashMap<>();
        for (Impact i : graph.edges()) {
            if (i.channel() == Channel.BACKEND) {
                backends.computeIfAbsent(i.to(), k -> new ArrayList<>()).add(i.from());
            }
        }
        Map<String, Set<String>> calleesOf = new HashMap<>();
        for (Impact i : graph.edges()) {
            if (i.channel() == Channel.CALL) {
                calleesOf.computeIfAbsent(i.to(), k -> new TreeSet<>()).add(i.from());
            }
        }
        Map<String, List<Fact>> symptomsByCallee = new TreeMap<>();
        Map<String, List<Fact>> namedBy = new TreeMap<>();
        for (Fact f : facts) {
            Set<String> callees = calleesOf.getOrDefault(f.resourceId(), Set.of());
            if (!CALLER_SYMPTOMS.contains(f.type()) || callees.isEmpty()) {
                continue;
            }
            Set<String> named = new TreeSet<>();
            for (HostResolver.Reference r : hosts.inText(f.message(), evidence.resource(f.resourceId()).namespace())) {
                if (callees.contains(r.resourceId())) {
                    named.add(r.resourceId());
                }
            }
            if (!named.isEmpty()) {
                named.forEach(c -> namedBy.computeIfAbsent(c, k -> new ArrayList<>()).add(f));
            } else if (callees.size() == 1) {
                symptomsByCallee.computeIfAbsent(callees.iterator().next(), k -> new ArrayList<>()).add(f);
            }
        }
        // A symptom that names its callee is evidence enough on its own; others need company.
        namedBy.forEach((callee, named) -> symptomsByCallee.computeIfAbsent(callee, k -> new ArrayList<>())
                .addAll(0, named));
        List<Fact> out = new ArrayList<>();
        for (Map.Entry<String, List<Fact>> e : symptomsByCallee.entrySet()) {
            String callee = e.getKey();
            List<String> pods = backends.getOrDefault(callee, List.of());
            int needed = namedBy.containsKey(callee) ? 1 : MIN_SYMPTOMS;
            if (e.getValue().size() < needed || troubled.contains(callee)
                    || pods.stream().anyMatch(troubled::contains)) {
                continue;
            }
            String at = pods.size() == 1 ? pods.get(0) : callee;
            long first = e.getValue().stream().mapToLong(Fact::first).min().orElseThrow() - 1_000;
            long last = e.getValue().stream().mapToLong(Fact::last).max().orElseThrow();
            Set<String> callers = new HashSet<>();
            e.getValue().forEach(f -> callers.add(f.resourceId()));
            out.add(new Fact(at + "#inferred:" + SignalType.DEPENDENCY_UNRESPONSIVE + "@" + first, SignalKind.INFERRED,
                    SignalType.DEPENDENCY_UNRESPONSIVE, at, first, last, e.getValue().size(), Severity.WARNING,
                    "NoSignalOfItsOwn", "no signal of its own, while " + callers.size() + " caller(s) show "
                    + e.getValue().size() + " timeouts, refusals or errors calling " + callee, null,
                    "inferred from its callers' symptoms"));
        }
        return out;
    }
}
